import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { closeMemesDb } from '@/lib/memes-db/memes-db';
import { MEMES_DB_NAME, MEMES_DB_VERSION } from '@/lib/memes-db/schema';
import { searchMemes } from '@/lib/offscreen/library-service';
import { EXPRESSION_EMBEDDING_DIMENSION } from '@/lib/embedding/expression-embedder';

// The service's module graph reaches the TFLite runtime, which cannot start in Node; no model runs here.
vi.mock('@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js', () => ({}));

beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeMemesDb());

test('a search index that could not be read is read again on the next search', async () => {
  const newer = await openDB(MEMES_DB_NAME, MEMES_DB_VERSION + 1);
  newer.close();
  const query = new Float32Array(EXPRESSION_EMBEDDING_DIMENSION).fill(1 / Math.sqrt(EXPRESSION_EMBEDDING_DIMENSION));
  await expect(searchMemes(query)).rejects.toThrow();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(MEMES_DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
  expect(await searchMemes(query)).toEqual([]);
});
