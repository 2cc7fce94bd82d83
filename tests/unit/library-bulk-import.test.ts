import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { addMemeWithFaces, closeMemesDb, countImports, pendingImports } from '@/lib/memes-db/memes-db';
import { jobsForStarterPack, queueImports } from '@/lib/library/bulk-import';

// The offscreen document is not there in unit tests: the start of the work is acknowledged.
vi.mock('@/lib/messaging/protocol', () => ({ sendMessage: async () => ({ ok: true }) }));

const template = (n: number) => ({ id: String(n), name: `template ${n}`, url: `https://i.imgflip.test/${n}.jpg` });

beforeEach(async () => {
  fakeBrowser.reset();
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeMemesDb());

test('a second starter-pack press queues only the templates the library lacks, whatever the page shows', async () => {
  // Template 1 made it into the library; 2 had no face; 3 is new to the list.
  await addMemeWithFaces(
    { id: 'm1', title: 'template 1', sourceUrl: template(1).url, addedAt: 1, sha256: 'a', blob: new Blob(['x']), mime: 'image/jpeg', width: 1, height: 1, faceCount: 0 },
    [],
  );
  // The page passes all three, as if its list had not caught up with the library yet.
  expect(await queueImports(jobsForStarterPack([template(1), template(2), template(3)]))).toBe(2);
  expect((await pendingImports(10)).map((job) => job.itemKey)).toEqual([template(2).url, template(3).url]);
  expect(await countImports()).toEqual({ pending: 2, done: 0, failed: 0 });
});
