import { afterAll, beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, SHARED, launchExtension, type LaunchedExtension } from './fixtures';
import { makeFakeCameraClip } from './fake-camera';
import { serveFolder, type StaticServer } from './static-server';
import { MEMEGEN } from './library-fixtures';
import { addMemesThroughMenu, memegenFiles } from './library-builder';
import { PopupPage } from './popup-page';

const HAPPY = join(SHARED, 'datasets/tcce-dev/images/0221b01.jpg');

let extension: LaunchedExtension;
let memes: StaticServer;

beforeAll(async () => {
  memes = await serveFolder(MEMEGEN);
  extension = await launchExtension({ fakeCamera: makeFakeCameraClip([HAPPY], 'happy-still', 4), locale: 'zh-CN', colorScheme: 'dark' });
  const files = memegenFiles(40);
  await addMemesThroughMenu(extension.serviceWorker, memes, files);
});
afterAll(async () => {
  await extension?.close();
  await memes?.close();
});

test('in Simplified Chinese and dark mode, the popup speaks Chinese and follows the dark theme', async () => {
  const popup = await PopupPage.open(extension);
  await expect.poll(() => popup.status(), { timeout: 60_000 }).toBe('找到人脸');
  await expect.poll(() => popup.results().then((results) => results.length), { timeout: 60_000 }).toBe(3);
  expect(await popup.you()).toBe('你看起来开心');
  expect(await popup.page.locator('.key-hints').textContent()).toContain('空格 定格');
  const background = await popup.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(32, 33, 36)');
  await popup.page.screenshot({ path: join(REPO_ROOT, 'test-results/popup-results-dark-zh_CN.png') });
});
