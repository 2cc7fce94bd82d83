import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED, launchExtension, type LaunchedExtension } from './fixtures';
import { makeFakeCameraClip } from './fake-camera';
import { serveFolder, type StaticServer } from './static-server';
import { MEMEGEN } from './library-fixtures';
import { addMemesThroughMenu, memegenFiles } from './library-builder';
import { PopupPage } from './popup-page';
import { libraryCounts } from './library-counts';

// A pair the shipped model reads as happy and surprised (S05 of tcce-dev).
const HAPPY = join(SHARED, 'datasets/tcce-dev/images/0521b01.jpg');
const SURPRISED = join(SHARED, 'datasets/tcce-dev/images/0521g01.jpg');
const FILES = memegenFiles(30);

let memes: StaticServer;
let profileDir: string;
beforeAll(async () => {
  memes = await serveFolder(MEMEGEN);
  profileDir = mkdtempSync(join(tmpdir(), 'meme-mirror-persistent-'));
});
afterAll(async () => {
  await memes?.close();
  rmSync(profileDir, { recursive: true, force: true });
});

/** Waits until the popup has read the user as `expression` with three results shown. */
const readsAs = (popup: PopupPage, expression: string) =>
  expect
    .poll(async () => {
      const results = await popup.results();
      return results.length === 3 && (await popup.you()) === `You look ${expression}`;
    }, { timeout: 60_000, interval: 100 })
    .toBe(true);

describe('live matching survives faults', () => {
  let extension: LaunchedExtension;
  beforeAll(async () => {
    extension = await launchExtension({ fakeCamera: makeFakeCameraClip([HAPPY, SURPRISED], 'faults-happy-surprised', 3), profileDir });
    const added = await addMemesThroughMenu(extension.serviceWorker, memes, FILES);
    expect(added.filter((meme) => meme.ok).length).toBeGreaterThan(10);
  });
  afterAll(async () => extension?.close());

  test('the offscreen document closed mid-match is recreated and the results keep following the face', async () => {
    const popup = await PopupPage.open(extension);
    await readsAs(popup, 'happy');
    await extension.serviceWorker.evaluate(() => chrome.offscreen.closeDocument());
    // The clip keeps switching faces: both expressions must be read again after the restart.
    await readsAs(popup, 'surprised');
    await readsAs(popup, 'happy');
    // Its download frame is a context of the same type: count the documents themselves.
    const documents = await extension.serviceWorker.evaluate(async () =>
      (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT], documentUrls: [chrome.runtime.getURL('/offscreen.html')] })).length,
    );
    expect(documents).toBe(1);
    await popup.page.close();
  });

  test('a camera that stops says so, and live matching starts again when a camera comes back', async () => {
    const popup = await PopupPage.open(extension);
    await expect.poll(() => popup.status(), { timeout: 60_000 }).toBe('Face found');
    // What an unplugged webcam does to the page: its track ends; plugging one in fires devicechange.
    await popup.page.evaluate(() => (document.querySelector('video')!.srcObject as MediaStream).getVideoTracks()[0].dispatchEvent(new Event('ended')));
    await expect.poll(() => popup.status()).toBe('The camera stopped. Reconnect it: Meme Mirror starts again by itself.');
    expect(await popup.page.evaluate(() => (document.querySelector('video')!.srcObject as MediaStream).getTracks()[0].readyState)).toBe('ended');
    await popup.page.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event('devicechange')));
    await expect.poll(() => popup.status(), { timeout: 30_000 }).toBe('Face found');
    await popup.page.close();
  });
});

test('after a browser restart the library is all there and matching works', async () => {
  const before = await launchExtension({ fakeCamera: makeFakeCameraClip([HAPPY], 'restart-happy', 3), profileDir });
  const count = async (extension: LaunchedExtension) => {
    const page = await extension.context.newPage();
    await page.goto(extension.url('welcome.html'));
    const counts = await libraryCounts(page);
    await page.close();
    return counts;
  };
  const stored = await count(before);
  expect(stored.memes).toBeGreaterThan(10);
  await before.close();

  const after = await launchExtension({ fakeCamera: makeFakeCameraClip([HAPPY], 'restart-happy', 3), profileDir });
  try {
    expect(await count(after)).toEqual(stored);
    const popup = await PopupPage.open(after);
    await readsAs(popup, 'happy');
  } finally {
    await after.close();
  }
});
