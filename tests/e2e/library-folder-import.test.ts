import { afterAll, beforeAll, expect, test } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, type LaunchedExtension } from './fixtures';
import { NO_FACE, ONE_FACE, readLibrary, twoFacesImage } from './library-fixtures';

/**
 * The "Import a folder" button with a real folder: images at the top and in a subfolder, plus
 * files that are not images. The folder's own rules (paths as titles, skipping) are unit-tested
 * in library-zip.test.ts; this shows the picker's files reach the library through the browser.
 */
let extension: LaunchedExtension;
const folder = mkdtempSync(join(tmpdir(), 'meme-mirror-folder-'));

beforeAll(async () => {
  mkdirSync(join(folder, 'reactions'));
  copyFileSync(ONE_FACE, join(folder, 'happy.jpg'));
  copyFileSync(twoFacesImage(), join(folder, 'reactions', 'two people.jpg'));
  copyFileSync(NO_FACE, join(folder, 'reactions', 'road sign.png'));
  writeFileSync(join(folder, 'notes.txt'), 'not an image');
  writeFileSync(join(folder, '.DS_Store'), Buffer.alloc(64));
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * Sets the folder input through the DevTools protocol, as Playwright's setInputFiles does. This
 * Chromium now and then leaves the input empty for good after a folder is set (no files, no
 * change event; a person's picker does not go this way), so the driver tries on a fresh page.
 */
async function openOptionsWithFolderPicked(): Promise<Page> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    await page.getByTestId('library-summary').waitFor();
    const cdp = await extension.context.newCDPSession(page);
    const { result } = await cdp.send('Runtime.evaluate', { expression: `document.querySelector('[data-testid="import-folder"]')` });
    await cdp.send('DOM.setFileInputFiles', { files: [folder], objectId: result.objectId });
    const filled = await page.getByTestId('import-folder').evaluate(
      (input: HTMLInputElement) =>
        new Promise<boolean>((resolve) => {
          const started = Date.now();
          const check = () => (input.files?.length ? resolve(true) : Date.now() - started > 5_000 ? resolve(false) : setTimeout(check, 100));
          check();
        }),
    );
    if (filled) return page;
    await page.close();
  }
  throw new Error('the folder input stayed empty on four pages');
}

test('a picked folder imports the images in it and in its subfolders (titled by file name), and skips the rest', async () => {
  const page = await openOptionsWithFolderPicked();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 120_000 });
  expect(await summary.textContent()).toBe('Import finished: 2 added, 0 already there, 1 without a face, 0 failed');

  const library = await readLibrary(page);
  expect(library.map((meme) => [meme.title, meme.faceCount]).sort()).toEqual([
    ['happy', 1],
    ['two people', 2],
  ]);
});
