/**
 * Does the thumbnail backfill (lib/library/thumbnail-backfill.ts, on the offscreen document's main
 * thread) slow a popup opened while it runs? The memegen library is added through the menu, then
 * in alternated rounds the library page is opened, then a popup: with the thumbnails stripped
 * first (the page asks for them and the backfill runs), or with them kept (the same page load, no
 * backfill). The popup's own per-frame measures (FRAME_MEASURE) are read for 8 s from its first
 * results; the thumbnails made meanwhile are counted to say how much of the backfill those 8 s held.
 *
 * Run: npx tsx benchmarks/experiments/popup-during-backfill.ts [rounds, default 3]
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SHARED, launchExtension, type LaunchedExtension } from '../../tests/e2e/fixtures';
import { makeFakeCameraClip } from '../../tests/e2e/fake-camera';
import { addMemesThroughMenu, memegenFiles, stripThumbnails } from '../../tests/e2e/library-builder';
import { MEMEGEN } from '../../tests/e2e/library-fixtures';
import { PopupPage } from '../../tests/e2e/popup-page';
import { serveFolder } from '../../tests/e2e/static-server';
import { watchPopupFrames } from './popup-frames';

const rounds = Number(process.argv[2] ?? 3);
const WATCH_MS = 8000;

/** Memes of the library with a thumbnail, without one, and marked as getting none. */
function thumbnailCounts(page: Page): Promise<{ made: number; missing: number; none: number }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('meme-mirror');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const memes = await new Promise<{ thumbnail?: Blob | null }[]>((resolve) => {
      const request = db.transaction('memes').objectStore('memes').getAll();
      request.onsuccess = () => resolve(request.result as { thumbnail?: Blob | null }[]);
    });
    db.close();
    return {
      made: memes.filter((meme) => meme.thumbnail instanceof Blob).length,
      missing: memes.filter((meme) => meme.thumbnail === undefined).length,
      none: memes.filter((meme) => meme.thumbnail === null).length,
    };
  });
}

async function round(extension: LaunchedExtension, helper: Page, backfill: boolean) {
  if (backfill) await stripThumbnails(extension.serviceWorker);
  const before = await thumbnailCounts(helper);
  // The page first: a popup tab opened before it would go to the background and stop sampling.
  const library = await extension.context.newPage();
  await library.goto(extension.url('options.html'));
  const popup = await PopupPage.open(extension);
  await popup.page.locator('[data-testid="result"]').nth(2).waitFor({ timeout: 60_000 });
  const atStart = await thumbnailCounts(helper);
  const watched = await watchPopupFrames(popup.page, WATCH_MS);
  const after = await thumbnailCounts(helper);
  await library.close();
  await popup.page.close();
  // The next round starts with the backfill finished.
  for (let waited = 0; (await thumbnailCounts(helper)).missing > before.none && waited < 60; waited++) await helper.waitForTimeout(1000);
  return {
    backfill,
    thumbnailsMadeWhileWatched: after.made - atStart.made,
    ...watched,
  };
}

const face = join(SHARED, 'datasets/tcce-dev/images/0221b01.jpg');
const extension = await launchExtension({ fakeCamera: makeFakeCameraClip([face], 'bench-pipeline-30fps', 2, 30) });
const memes = await serveFolder(MEMEGEN);
try {
  await addMemesThroughMenu(extension.serviceWorker, memes, memegenFiles());
  const helper = await extension.context.newPage();
  await helper.goto(extension.url('welcome.html'));
  const results = [];
  for (let i = 0; i < rounds; i++) {
    for (const backfill of [false, true]) results.push(await round(extension, helper, backfill));
  }
  console.log(JSON.stringify(results, null, 1));
} finally {
  await memes.close();
  await extension.close();
}
