/**
 * Does an import (two analysis workers filling the cores) slow a popup opened while it runs?
 * In a fresh profile, the memegen folder is imported through the library page; once 30 images are
 * in, a popup opens and its own per-frame measures (FRAME_MEASURE) are read for 8 s, and the
 * import must still be running at the end. Then, the import finished, a popup is opened again and
 * read for the same 8 s: the quiet reference. One JSON line per round, for the build in
 * .output/chrome-mv3 (docs/benchmarks.md, "A popup opened during an import").
 *
 * Run: npx tsx benchmarks/experiments/popup-during-import.ts [rounds, default 1] [label]
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SHARED, launchExtension } from '../../tests/e2e/fixtures';
import { makeFakeCameraClip } from '../../tests/e2e/fake-camera';
import { MEMEGEN } from '../../tests/e2e/library-fixtures';
import { PopupPage } from '../../tests/e2e/popup-page';
import { memegenFiles } from '../../tests/e2e/library-builder';
import { watchPopupFrames } from './popup-frames';

const rounds = Number(process.argv[2] ?? 1);
const label = process.argv[3] ?? 'build';
const WATCH_MS = 8000;
const IN_BEFORE_WATCHING = 30;

// A string, not a function: tsx would wrap a function in a helper the page does not have.
const COUNT_MEMES = `new Promise((resolve, reject) => {
  const open = indexedDB.open('meme-mirror');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const count = open.result.transaction('memes').objectStore('memes').count();
    count.onsuccess = () => { resolve(count.result); open.result.close(); };
  };
})`;
const memesIn = (page: Page) => page.evaluate(COUNT_MEMES) as Promise<number>;

const face = join(SHARED, 'datasets/tcce-dev/images/0221b01.jpg');
const files = memegenFiles().map((file) => join(MEMEGEN, file));
for (let round = 1; round <= rounds; round++) {
  const extension = await launchExtension({ fakeCamera: makeFakeCameraClip([face], 'bench-pipeline-30fps', 2, 30) });
  try {
    const library = await extension.context.newPage();
    await library.goto(extension.url('options.html'));
    await library.getByTestId('library-summary').waitFor();
    await library.getByTestId('import-files').setInputFiles(files);
    while ((await memesIn(library)) < IN_BEFORE_WATCHING) await library.waitForTimeout(100);
    const during = await PopupPage.open(extension);
    await during.page.locator('[data-testid="result"]').nth(2).waitFor({ timeout: 60_000 });
    const inAtStart = await memesIn(library);
    const duringImport = await watchPopupFrames(during.page, WATCH_MS);
    const inAtEnd = await memesIn(library);
    const stillImporting = await library.getByTestId('import-progress').isVisible();
    await during.page.close();
    await library.getByTestId('import-summary').waitFor({ timeout: 300_000 });
    const quiet = await PopupPage.open(extension);
    await quiet.page.locator('[data-testid="result"]').nth(2).waitFor({ timeout: 60_000 });
    const afterImport = await watchPopupFrames(quiet.page, WATCH_MS);
    console.log(JSON.stringify({ label, round, stillImporting, importedWhileWatched: inAtEnd - inAtStart, duringImport, afterImport }));
  } finally {
    await extension.close();
  }
}
