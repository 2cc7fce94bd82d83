import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { addMemeWithFaces, closeMemesDb, deleteMeme, getMeme } from '@/lib/memes-db/memes-db';
import { backfillThumbnails, needsThumbnail, type ThumbnailBackfillDeps } from '@/lib/library/thumbnail-backfill';
import { pictureOf } from '@/lib/library/meme-thumbnail';
import { memeRecord } from './meme-record';

beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeMemesDb());

/** A maker that gives each file a thumbnail named after it, and records what it was asked. */
function deps(overrides: Partial<ThumbnailBackfillDeps> = {}) {
  const asked: string[] = [];
  const announced: string[][] = [];
  const made: ThumbnailBackfillDeps = {
    makeThumbnail: async (blob, mime) => {
      asked.push(`${await blob.text()} as ${mime}`);
      return new Blob([`thumbnail of ${await blob.text()}`], { type: 'image/jpeg' });
    },
    onThumbnails: (ids) => announced.push(ids),
    ...overrides,
  };
  return { made, asked, announced };
}

const large = { width: 1200, height: 800 };

test('still images stored before thumbnails get one; a GIF or a small image is neither decoded nor rewritten', async () => {
  await addMemeWithFaces(memeRecord('photo', { ...large, mime: 'image/jpeg' }), []);
  await addMemeWithFaces(memeRecord('gif', { ...large, mime: 'image/gif' }), []);
  await addMemeWithFaces(memeRecord('small', { width: 300, height: 200 }), []);
  await addMemeWithFaces(memeRecord('has-one', { ...large, thumbnail: new Blob(['old']) }), []);
  const { made, asked, announced } = deps();

  expect(await backfillThumbnails(['photo', 'gif', 'small', 'has-one'], made, new AbortController().signal)).toBe(1);

  expect(asked).toEqual(['bytes of photo as image/jpeg']);
  expect(await (await getMeme('photo'))!.thumbnail!.text()).toBe('thumbnail of bytes of photo');
  // A GIF would stop moving and a small image needs none: left as they were, their files shown,
  // and the library page does not ask for them.
  for (const id of ['gif', 'small']) {
    const meme = (await getMeme(id))!;
    expect(meme).not.toHaveProperty('thumbnail');
    expect(needsThumbnail(meme)).toBe(false);
    expect(pictureOf(meme)).toBe(meme.blob);
  }
  expect(needsThumbnail((await getMeme('photo'))!)).toBe(false);
  expect(await (await getMeme('has-one'))!.thumbnail!.text()).toBe('old');
  expect(announced).toEqual([['photo']]);

  // A second run decodes nothing.
  const again = deps();
  expect(await backfillThumbnails(['photo', 'gif', 'small', 'has-one'], again.made, new AbortController().signal)).toBe(0);
  expect(again.asked).toEqual([]);
});

test('a transparent PNG (the maker says none) and a file that no longer decodes are marked, not retried', async () => {
  await addMemeWithFaces(memeRecord('transparent', large), []);
  await addMemeWithFaces(memeRecord('broken', { ...large, mime: 'image/jpeg' }), []);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { made, announced } = deps({
    makeThumbnail: async (blob) => {
      if ((await blob.text()).includes('broken')) throw new Error('The source image cannot be decoded.');
      return null;
    },
  });
  expect(await backfillThumbnails(['transparent', 'broken'], made, new AbortController().signal)).toBe(0);
  for (const id of ['transparent', 'broken']) {
    const meme = (await getMeme(id))!;
    expect(meme.thumbnail).toBeNull();
    expect(needsThumbnail(meme)).toBe(false);
  }
  expect(announced).toEqual([]);
  expect(warn).toHaveBeenCalledOnce();
  warn.mockRestore();
});

test('a meme deleted before its turn is skipped and not brought back; an abort stops between memes', async () => {
  for (const id of ['a', 'b', 'c']) await addMemeWithFaces(memeRecord(id, large), []);
  await deleteMeme('b');
  const stop = new AbortController();
  const { made, asked } = deps({
    makeThumbnail: async (blob) => {
      asked.push(await blob.text());
      stop.abort(); // the document closes while the first thumbnail is made
      return new Blob(['t']);
    },
  });
  expect(await backfillThumbnails(['b', 'a', 'c'], made, stop.signal)).toBe(1);
  expect(await getMeme('b')).toBeUndefined();
  expect(asked).toEqual(['bytes of a']);
  expect(needsThumbnail((await getMeme('c'))!)).toBe(true);
});

test('changes are announced a batch at a time, and every meme given one is in exactly one batch', async () => {
  const ids = Array.from({ length: 60 }, (_, n) => `m${n}`);
  for (const id of ids) await addMemeWithFaces(memeRecord(id, large), []);
  const { made, announced } = deps();
  expect(await backfillThumbnails(ids, made, new AbortController().signal)).toBe(60);
  expect(announced.length).toBeGreaterThan(1);
  expect(announced.flat()).toEqual(ids);
});
