import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { addMemeWithFaces, closeMemesDb, deleteMeme, faceIdOf, putTaughtFace, type FaceRecord, type MemeRecord } from '@/lib/memes-db/memes-db';
import { loadLibraryView, loadNewestMemes, mergeLibraryView, readLibraryChanges } from '@/lib/library/library-view';

const meme = (id: string, addedAt: number): MemeRecord => ({
  id,
  title: `Meme ${id}`,
  sourceUrl: `https://example.test/${id}.png`,
  addedAt,
  sha256: `sha-${id}`,
  blob: new Blob([id], { type: 'image/png' }),
  mime: 'image/png',
  width: 100,
  height: 80,
  faceCount: 1,
});

const face = (memeId: string, n: number): FaceRecord => ({
  id: faceIdOf(memeId, n),
  memeId,
  box: { x: 1, y: 2, width: 30, height: 40, score: 0.9 },
  keypoints: [],
  embedding: new Float32Array(4),
  probabilities: new Float32Array(8),
  modelVersion: 'model-a',
});

beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeMemesDb());

test('the first screen is the start of the full view: newest first (ties too), each with its faces', async () => {
  // Added out of order, two at the same millisecond, one with two faces.
  for (const [id, addedAt] of [['a', 5], ['b', 9], ['c', 7], ['d', 7], ['e', 1]] as const) {
    await addMemeWithFaces(meme(id, addedAt), id === 'c' ? [face(id, 0), face(id, 1)] : [face(id, 0)]);
  }
  const full = await loadLibraryView();
  const first = await loadNewestMemes(3);
  expect(first.memes.map((m) => m.id)).toEqual(full.memes.slice(0, 3).map((m) => m.id));
  expect(first.memes.map((m) => m.id)).toEqual(['b', 'd', 'c']);
  expect([...first.facesByMeme].map(([id, faces]) => [id, faces.map((f) => f.id)])).toEqual([
    ['b', ['b#0']],
    ['d', ['d#0']],
    ['c', ['c#0', 'c#1']],
  ]);
  expect((await loadNewestMemes(50)).memes).toHaveLength(5);
  expect((await loadNewestMemes(0)).memes).toEqual([]);
});

test('an update that reads only the memes events named equals reading everything again: adds, deletes, a taught face, ties', async () => {
  for (const [id, addedAt] of [['a', 5], ['b', 9], ['c', 7]] as const) await addMemeWithFaces(meme(id, addedAt), [face(id, 0)]);
  const before = await loadLibraryView();
  // Meanwhile: two memes added (one tying c's millisecond), one deleted, one deleted and named as added.
  await addMemeWithFaces({ ...meme('d', 7), thumbnail: new Blob(['thumb']) }, [face('d', 0), face('d', 1)]);
  await addMemeWithFaces(meme('e', 11), []);
  await deleteMeme('a');
  await addMemeWithFaces(meme('f', 3), [face('f', 0)]);
  await deleteMeme('f');
  const changes = await readLibraryChanges(new Set(['d', 'e', 'f']), new Set(['a']));
  expect(mergeLibraryView(before, changes.fresh, changes.gone)).toEqual(await loadLibraryView());
  // The storage used counts each file (b, c, d, e: a byte each) and d's thumbnail (5 bytes).
  expect((await loadLibraryView()).imageBytes).toBe(9);

  // A face taught to e: the event names e as removed and added, and e is read again.
  await putTaughtFace({ id: faceIdOf('e', 0), memeId: 'e', taught: 'word', word: 'surprise', embedding: new Float32Array(4), probabilities: new Float32Array(8), modelVersion: 'model-a' });
  const current = await loadLibraryView();
  const taught = await readLibraryChanges(new Set(['e']), new Set(['e']));
  const updated = mergeLibraryView(mergeLibraryView(before, changes.fresh, changes.gone), taught.fresh, taught.gone);
  expect(updated).toEqual(current);
  expect(updated.faceCount).toBe(4);
});
