import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { addMemeWithFaces, closeMemesDb, faceIdOf, type FaceRecord } from '@/lib/memes-db/memes-db';
import { memeRecord } from './meme-record';
import { createShownMemeCache } from '@/lib/match/shown-meme';

/** Every object URL the popup makes for a shown meme is revoked once that meme is no longer shown. */
const meme = (id: string) => memeRecord(id, { title: `<img src=x onerror=alert('${id}')>`, addedAt: 1, width: 10, height: 10 });
const face = (memeId: string): FaceRecord => ({
  id: faceIdOf(memeId, 0),
  memeId,
  box: { x: 1, y: 1, width: 5, height: 5, score: 0.9 },
  keypoints: [],
  embedding: new Float32Array(4),
  probabilities: new Float32Array(8),
  modelVersion: 'm',
});
const candidate = (memeId: string, score = 0.9) => ({ memeId, faceId: faceIdOf(memeId, 0), score });

let live: Set<string>;
beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
  for (const id of ['a', 'b', 'c', 'd']) await addMemeWithFaces(meme(id), [face(id)]);
  live = new Set();
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
    const url = `blob:test/${++n}`;
    live.add(url);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url: string) => {
    if (!live.delete(url)) throw new Error(`revoked twice or never made: ${url}`);
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await closeMemesDb();
});

test('results that change keep exactly one live URL per shown meme; clear() revokes the rest', async () => {
  const cache = createShownMemeCache();
  const first = await cache.resolve([candidate('a'), candidate('b'), candidate('c')]);
  expect(first.map((shown) => shown.title)).toEqual(["<img src=x onerror=alert('a')>", "<img src=x onerror=alert('b')>", "<img src=x onerror=alert('c')>"]);
  expect(live.size).toBe(3);

  // Same memes again (a new frame): no new URLs.
  await cache.resolve([candidate('c', 0.95), candidate('a'), candidate('b')]);
  expect(live.size).toBe(3);

  // b and c leave, d arrives: their URLs are revoked, d gets one.
  const next = await cache.resolve([candidate('a'), candidate('d')]);
  expect(next.map((shown) => shown.memeId)).toEqual(['a', 'd']);
  expect(live).toEqual(new Set([next[0].imageUrl, next[1].imageUrl]));

  // A meme deleted meanwhile is dropped, not shown with a dead URL.
  expect(await cache.resolve([candidate('a'), candidate('gone')])).toHaveLength(1);
  expect(live.size).toBe(1);

  cache.clear();
  expect(live.size).toBe(0);
});
