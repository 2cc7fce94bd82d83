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
  // A sidecar as an unzipped export has it: it titles the images it names.
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ memes: [{ file: 'happy.jpg', title: 'Happy kid', sourceUrl: 'https://memes.test/happy.jpg' }] }));
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

test('a picked folder imports the images in it and in its subfolders (titled by its manifest.json, else by file name), and skips the rest; titles are editable from the keyboard', async () => {
  const page = await openOptionsWithFolderPicked();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 120_000 });
  expect(await summary.textContent()).toBe('Import finished: 2 added, 0 already there, 1 without a face, 0 failed');

  const library = await readLibrary(page);
  // The road sign is kept without a face, to be taught one.
  expect(library.map((meme) => [meme.title, meme.faceCount]).sort()).toEqual([
    ['Happy kid', 1],
    ['road sign', 0],
    ['two people', 2],
  ]);
  expect(library.find((meme) => meme.title === 'Happy kid')?.sourceUrl).toBe('https://memes.test/happy.jpg');

  // Rename from the keyboard: Tab to Rename, Enter opens the field, Enter keeps the new title.
  const card = page.locator(`[data-meme-id="${library.find((meme) => meme.title === 'two people')!.id}"]`);
  await card.getByTestId('meme-rename').focus();
  await page.keyboard.press('Enter');
  const field = card.getByTestId('meme-title-input');
  await expect.poll(() => field.evaluate((input) => input === document.activeElement)).toBe(true);
  await page.keyboard.type('Two friends laughing');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await readLibrary(page)).map((meme) => meme.title).sort()).toEqual(['Happy kid', 'Two friends laughing', 'road sign']);
  await expect.poll(() => card.getByTestId('meme-title').textContent()).toBe('Two friends laughing');
  // The focus is back on Rename; Escape leaves the title as it was.
  await expect.poll(() => card.getByTestId('meme-rename').evaluate((button) => button === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  // The field opens on the next render: typed before it has the focus, the keys went nowhere and
  // Escape found no field to close (a CI run at load timed out here).
  await expect.poll(() => field.evaluate((input) => input === document.activeElement)).toBe(true);
  await page.keyboard.type('never kept');
  await page.keyboard.press('Escape');
  expect(await card.getByTestId('meme-title').textContent()).toBe('Two friends laughing');
  expect((await readLibrary(page)).map((meme) => meme.title).sort()).toEqual(['Happy kid', 'Two friends laughing', 'road sign']);
});
