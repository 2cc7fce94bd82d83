import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { closeMemesDb } from '@/lib/memes-db/memes-db';
import { searchMemes } from '@/lib/offscreen/library-service';
import { EXPRESSION_EMBEDDING_DIMENSION } from '@/lib/embedding/expression-embedder';
import { deleteMemesDatabase, leaveDatabaseAtNewerVersion } from './broken-database';

// The service's module graph reaches the TFLite runtime, which cannot start in Node; no model runs here.
vi.mock('@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js', () => ({}));

beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeMemesDb());

test('a search index that could not be read is read again on the next search', async () => {
  await leaveDatabaseAtNewerVersion();
  const query = new Float32Array(EXPRESSION_EMBEDDING_DIMENSION).fill(1 / Math.sqrt(EXPRESSION_EMBEDDING_DIMENSION));
  await expect(searchMemes(query)).rejects.toThrow();
  await deleteMemesDatabase();
  expect(await searchMemes(query)).toEqual([]);
});
