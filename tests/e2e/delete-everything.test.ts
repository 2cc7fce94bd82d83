import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { launchExtension, type LaunchedExtension } from './fixtures';
import { matchStillImage } from './library-fixtures';
import { ONE_FACE, uniqueFace } from '../fixtures/bad-inputs/make-bad-inputs';
import { serveBytes, startBadInputServer, type BadInputServer } from '../fixtures/bad-inputs/bad-input-server';
import { libraryCounts } from './library-counts';
import { addThroughMenu } from './library-builder';

/**
 * "Delete everything" on the options page: after it, no meme, face, queued import, setting or
 * session value of Meme Mirror is left in the browser, the live search finds nothing, and adding
 * a meme afterwards works as on a fresh install.
 */
describe('delete everything', () => {
  let extension: LaunchedExtension;
  let server: BadInputServer;

  beforeAll(async () => {
    server = await startBadInputServer({
      '/a.jpg': serveBytes(uniqueFace('delete-a'), 'image/jpeg'),
      '/b.jpg': serveBytes(readFileSync(ONE_FACE), 'image/jpeg'),
      '/after.jpg': serveBytes(uniqueFace('delete-after'), 'image/jpeg'),
    });
    extension = await launchExtension();
  });
  afterAll(async () => {
    await extension?.close();
    await server?.close();
  });

  const add = (path: string) => addThroughMenu(extension.serviceWorker, server.url(path));

  test('empties the library, the queue, local and session storage, and the search index', async () => {
    expect((await add('/a.jpg')).message).toBe('Added: 1 face');
    expect((await add('/b.jpg')).message).toBe('Added: 1 face');
    await extension.serviceWorker.evaluate(async () => {
      await chrome.storage.local.set({ starterPackUrl: 'http://127.0.0.1:9/get_memes', someSetting: 1 });
      await chrome.storage.session.set({ pendingExample: { url: 'http://127.0.0.1:9/x.jpg' } });
    });

    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    await page.getByTestId('meme-card').first().waitFor();
    // A pending import row, as a browser closed mid-import leaves it.
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const request = indexedDB.open('meme-mirror');
        request.onsuccess = () => resolve(request.result);
      });
      await new Promise<void>((resolve) => {
        const tx = db.transaction('importQueue', 'readwrite');
        tx.objectStore('importQueue').add({ batchId: 'left-over', itemKey: 'x', source: { kind: 'url', url: 'http://127.0.0.1:9/never.jpg', title: 'x' }, state: 'done', enqueuedAt: 1 });
        tx.oncomplete = () => resolve();
      });
      db.close();
    });
    expect((await matchStillImage(page, ONE_FACE)).length).toBeGreaterThan(0);

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.getByTestId('delete-everything').click();
    await expect.poll(() => page.getByTestId('library-notice').textContent()).toBe(
      'Everything is deleted: no meme, face or setting of Meme Mirror is left in this browser.',
    );
    expect(dialogs).toEqual(['Delete all 2 memes, their faces and every Meme Mirror setting from this browser? This cannot be undone.']);
    await page.getByTestId('library-empty').waitFor();

    const left = {
      ...(await libraryCounts(page)),
      ...(await page.evaluate(async () => ({ local: await chrome.storage.local.get(null), session: await chrome.storage.session.get(null) }))),
    };
    expect(left).toEqual({ memes: 0, faces: 0, importQueue: 0, local: {}, session: {} });
    // The offscreen search index forgot them too (it heard library-cleared).
    expect(await matchStillImage(page, ONE_FACE)).toEqual([]);

    // And the library works again from nothing.
    expect((await add('/after.jpg')).message).toBe('Added: 1 face');
    await expect.poll(async () => (await matchStillImage(page, ONE_FACE)).length, { timeout: 10_000 }).toBe(1);
  });

  test('cancelling the confirmation deletes nothing', async () => {
    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    await page.getByTestId('meme-card').first().waitFor();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByTestId('delete-everything').click();
    await page.waitForTimeout(500);
    expect((await libraryCounts(page)).memes).toBe(1);
    expect(await page.getByTestId('library-summary').textContent()).toMatch(/^1 memes/);
    expect(await page.getByTestId('meme-card').count()).toBe(1);
  });

  test('during a running import: nothing comes back afterwards (jobs in flight included)', async () => {
    const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
    for (let i = 0; i < 60; i++) entries[`face-${i}.jpg`] = [uniqueFace(`delete-during-import-${i}`), { level: 0 }];
    const zipPath = join(tmpdir(), 'meme-mirror-delete-during-import.zip');
    writeFileSync(zipPath, zipSync(entries));
    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    await page.getByTestId('library-summary').waitFor();
    await page.getByTestId('import-files').setInputFiles(zipPath, { timeout: 120_000 });
    await expect.poll(async () => Number((await page.getByTestId('library-summary').textContent())?.match(/^(\d+)/)?.[1] ?? 0), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(10);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('delete-everything').click();
    await page.getByTestId('library-notice').waitFor();
    await page.waitForTimeout(3000);
    expect(await libraryCounts(page)).toEqual({ memes: 0, faces: 0, importQueue: 0 });
  });
});
