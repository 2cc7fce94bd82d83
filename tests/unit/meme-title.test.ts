import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { addMemeWithFaces, closeMemesDb, getMeme, type MemeRecord } from '@/lib/memes-db/memes-db';
import { cleanTitle, renameMeme, titleFromPage } from '@/lib/library/meme-title';
import { MAX_TITLE_FROM_URL } from '@/lib/library/ingest-meme';

describe('titleFromPage', () => {
  test.each([
    { page: { alt: 'Distracted boyfriend', title: 'photo', pageTitle: 'Memes' }, title: 'Distracted boyfriend' },
    { page: { alt: '  ', title: 'Success kid', pageTitle: 'Memes' }, title: 'Success kid' },
    { page: { alt: '', title: '', pageTitle: 'Grumpy cat - Know Your Meme' }, title: 'Grumpy cat - Know Your Meme' },
    { page: { alt: '', title: '', pageTitle: '' }, title: undefined },
    { page: {}, title: undefined },
  ])('$page → $title', ({ page, title }) => {
    expect(titleFromPage(page)).toBe(title);
  });
});

test('cleanTitle makes one line and cuts by characters', () => {
  expect(cleanTitle('  Two\n\tlines   here ')).toBe('Two lines here');
  expect([...cleanTitle('😀'.repeat(500))]).toHaveLength(MAX_TITLE_FROM_URL);
});

describe('renameMeme', () => {
  beforeEach(async () => {
    await closeMemesDb();
    globalThis.indexedDB = new IDBFactory();
  });
  afterEach(() => closeMemesDb());

  const meme: MemeRecord = {
    id: 'm1',
    title: 'dbg',
    sourceUrl: 'file:dbg.jpg',
    addedAt: 1,
    sha256: 'abc',
    blob: new Blob(['x']),
    mime: 'image/jpeg',
    width: 10,
    height: 10,
    faceCount: 0,
  };

  test('stores the cleaned title and keeps every other field', async () => {
    await addMemeWithFaces(meme, []);
    expect(await renameMeme('m1', '  Distracted\nboyfriend ')).toBe(true);
    const stored = await getMeme('m1');
    expect(stored?.title).toBe('Distracted boyfriend');
    expect(stored?.sha256).toBe('abc');
  });

  test('a blank title or a missing meme changes nothing', async () => {
    await addMemeWithFaces(meme, []);
    expect(await renameMeme('m1', '   ')).toBe(false);
    expect((await getMeme('m1'))?.title).toBe('dbg');
    expect(await renameMeme('gone', 'x')).toBe(false);
  });
});
