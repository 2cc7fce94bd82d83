import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { closeMemesDb, countMemes } from '@/lib/memes-db/memes-db';
import type { IngestOutcome } from '@/lib/library/ingest-outcome';
import { startLibraryService } from '@/lib/offscreen/library-service';
import { pngBytes } from './png-header';

// The service's boundaries: its message handlers are caught here, no worker can start (as where
// workers are refused), and the shared models fail to load once, then load.
const handlers = new Map<string, (data: unknown) => Promise<unknown>>();
vi.mock('@/lib/messaging/protocol', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/messaging/protocol')>()),
  onValidMessage: (type: string, handler: (data: unknown) => Promise<unknown>) => {
    handlers.set(type, handler);
    return () => handlers.delete(type);
  },
}));
vi.mock('@/lib/offscreen/analysis-client', () => ({
  startAnalysisWorker: async () => {
    throw new Error('workers are refused here');
  },
}));
let modelLoads = 0;
vi.mock('@/lib/offscreen/vision-engine', () => ({
  analysisAssets: () => ({}),
  visionEngine: async () => {
    if (++modelLoads === 1) throw new Error('the models did not load');
    return { embedder: { modelVersion: 'test-model' } };
  },
}));
vi.mock('@/lib/library/analyse-image', () => ({
  analyseWithModels: () => async () => ({ ok: true, width: 200, height: 100, faces: [] }),
}));
vi.mock('@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js', () => ({}));

/** A PNG header of 200x100 followed by `tag`, base64, as a page's copy of an image arrives. */
const pngBase64 = (tag: string) => btoa(String.fromCharCode(...pngBytes(200, 100, tag)));

const service = new AbortController();
beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  service.abort();
  await closeMemesDb();
});

test('an image that found no way to be analysed does not leave the next one without one', async () => {
  startLibraryService(service.signal, async () => ({ ok: false, reason: 'network-error', detail: 'no network in this test' }));
  const add = (tag: string) => handlers.get('addMemeFromPageCopy')!({ base64: pngBase64(tag), url: `https://x.test/${tag}.png` }) as Promise<IngestOutcome>;
  await expect(add('first')).rejects.toThrow('the models did not load');
  expect(await add('second')).toMatchObject({ ok: true, faceCount: 0 });
  expect(await countMemes()).toBe(1);
});
