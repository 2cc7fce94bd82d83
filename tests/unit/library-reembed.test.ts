import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { addMemeWithFaces, closeMemesDb, faceIdOf, facesNotFromModel, listFaces, type FaceRecord, type MemeRecord } from '@/lib/memes-db/memes-db';
import { reembedFaces } from '@/lib/library/reembed-faces';
import type { ReindexProgress } from '@/lib/library/library-channel';
import type { EmbedFace } from '@/lib/library/ingest-meme';

/** Test double for the new model: every face embeds to the same recognisable vector. */
const newModel: EmbedFace = () => ({ embedding: new Float32Array(64).fill(0.125), probabilities: new Float32Array(8).fill(0.125) });

function meme(id: string): MemeRecord {
  return { id, title: id, sourceUrl: id, addedAt: 1, sha256: id, blob: new Blob([id]), mime: 'image/png', width: 200, height: 100, faceCount: 2 };
}

function face(memeId: string, n: number, modelVersion: string): FaceRecord {
  return {
    id: faceIdOf(memeId, n),
    memeId,
    box: { x: 10, y: 10, width: 40, height: 40, score: 0.9 },
    keypoints: [{ x: 20, y: 20 }, { x: 40, y: 20 }],
    embedding: new Float32Array(64),
    probabilities: new Float32Array(8),
    modelVersion,
  };
}

const decode = async () => ({ width: 200, height: 100, scale: 0.5, pixels: { data: new Uint8ClampedArray(100 * 50 * 4), width: 100, height: 50 } });

beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeMemesDb());

test('faces from an older model are re-embedded with the current one, with progress, and the rest are left alone', async () => {
  await addMemeWithFaces(meme('a'), [face('a', 0, 'v1'), face('a', 1, 'v1')]);
  await addMemeWithFaces(meme('b'), [face('b', 0, 'v2')]);
  const progress: ReindexProgress[] = [];
  const indexed: FaceRecord[] = [];
  const result = await reembedFaces(
    { decode, embedFace: newModel, modelVersion: 'v2', onProgress: (p) => progress.push(p), onFaces: (faces) => indexed.push(...faces) },
    new AbortController().signal,
  );
  expect(result).toMatchObject({ running: false, done: 2, total: 2 });
  expect(progress.map((p) => [p.done, p.running])).toEqual([[0, true], [2, true], [2, false]]);
  expect(await facesNotFromModel('v2')).toHaveLength(0);
  expect(indexed.map((f) => f.id).sort()).toEqual([faceIdOf('a', 0), faceIdOf('a', 1)]);
  const faces = await listFaces();
  expect(faces.find((f) => f.id === faceIdOf('a', 0))?.embedding[0]).toBe(0.125);
  expect(faces.find((f) => f.id === faceIdOf('b', 0))?.embedding[0]).toBe(0); // already current
});

test('"all" re-embeds every face; an abort stops between memes and the rest waits for the next run', async () => {
  await addMemeWithFaces(meme('a'), [face('a', 0, 'v2')]);
  await addMemeWithFaces(meme('b'), [face('b', 0, 'v1')]);
  const stop = new AbortController();
  await reembedFaces({ decode, embedFace: newModel, modelVersion: 'v3', onProgress: () => stop.abort(), onFaces: () => undefined }, stop.signal, true);
  expect(await facesNotFromModel('v3')).toHaveLength(2);
  const done = await reembedFaces({ decode, embedFace: newModel, modelVersion: 'v3', onProgress: () => undefined, onFaces: () => undefined }, new AbortController().signal, true);
  expect(done.done).toBe(2);
  expect(await facesNotFromModel('v3')).toHaveLength(0);
});
