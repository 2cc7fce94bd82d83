import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { closeMemesDb, enqueueImports, finishImport, pendingImports } from '@/lib/memes-db/memes-db';
import { checkImportQueue, IMPORT_WATCH_ALARM, watchImportQueue } from '@/lib/offscreen/import-watch';

// chrome.offscreen and runtime.getContexts exist only in Chromium: the document is a flag here.
const offscreen = vi.hoisted(() => ({ open: false, created: 0 }));
vi.mock('@/lib/offscreen/offscreen-document', () => ({
  hasOffscreenDocument: async () => offscreen.open,
  ensureOffscreenDocument: async () => {
    if (offscreen.open) return;
    offscreen.open = true;
    offscreen.created++;
  },
}));

const urlJob = (n: number) => ({ batchId: 'b', itemKey: String(n), source: { kind: 'url' as const, url: `https://x.test/${n}.png`, title: String(n) } });
const watching = async () => (await fakeBrowser.alarms.get(IMPORT_WATCH_ALARM)) !== undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
  Object.assign(offscreen, { open: false, created: 0 });
});
afterEach(() => closeMemesDb());

describe('the import watch (service worker)', () => {
  test('pending jobs and no offscreen document: the document is recreated and the watch goes on', async () => {
    await enqueueImports([urlJob(1), urlJob(2)]);
    await checkImportQueue();
    expect(offscreen).toEqual({ open: true, created: 1 });
    expect(await watching()).toBe(true);
  });

  test('pending jobs and a running document: nothing to do but keep watching', async () => {
    await enqueueImports([urlJob(1)]);
    offscreen.open = true;
    await checkImportQueue();
    expect(offscreen.created).toBe(0);
    expect(await watching()).toBe(true);
  });

  test('a drained queue ends the watch and never creates the document', async () => {
    await enqueueImports([urlJob(1)]);
    await watchImportQueue();
    const [job] = await pendingImports(1);
    await finishImport(job.id!, 'done', 'added');
    await checkImportQueue();
    expect(offscreen.created).toBe(0);
    expect(await watching()).toBe(false);
  });

  test('arming twice keeps the first schedule (a re-created alarm would push its check back)', async () => {
    await watchImportQueue();
    const first = await fakeBrowser.alarms.get(IMPORT_WATCH_ALARM);
    await watchImportQueue();
    expect(await fakeBrowser.alarms.getAll()).toEqual([first]);
    expect(first).toMatchObject({ periodInMinutes: 0.5 });
  });
});
