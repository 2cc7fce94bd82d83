import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeFakeCameraClip } from './fake-camera';
import { SHARED, launchExtension, type LaunchedExtension } from './fixtures';
import { MEMEGEN } from './library-fixtures';
import { addMemesThroughMenu, ageStoredFaces, memegenFiles } from './library-builder';
import { PopupPage } from './popup-page';
import { serveFolder, type StaticServer } from './static-server';

// After an update to a new expression model every stored face is embedded again in the background.
// Meanwhile the search sees only the faces already redone: the popup must say it is updating, not
// that the library is empty, and show matches once there are some.
const HAPPY = join(SHARED, 'datasets/tcce-dev/images/0521b01.jpg');

let extension: LaunchedExtension;
let memes: StaticServer;

beforeAll(async () => {
  memes = await serveFolder(MEMEGEN);
  extension = await launchExtension({ fakeCamera: makeFakeCameraClip([HAPPY], 'model-update-happy', 2), grantHosts: ['http://127.0.0.1/*'] });
  const files = memegenFiles(60);
  const added = await addMemesThroughMenu(extension.serviceWorker, memes, files);
  expect(added.filter((meme) => meme.ok).length).toBeGreaterThan(20);
});
afterAll(async () => {
  await extension?.close();
  await memes?.close();
});

test('while the library is re-embedded the popup says so instead of "empty", then matches', async () => {
  // Every face as if an older model had made it: the offscreen index, reloaded, holds none of them.
  await ageStoredFaces(extension.serviceWorker);
  // The offscreen document drops its index on this, as after "Delete everything".
  await extension.serviceWorker.evaluate(() => new BroadcastChannel('meme-mirror/library').postMessage({ type: 'library-cleared' }));
  const popup = await PopupPage.open(extension);
  await expect.poll(() => popup.status(), { timeout: 60_000 }).toBe('Face found');
  await popup.page.getByTestId('library-empty').waitFor();
  await popup.page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { updatingSeen: seen });
    new MutationObserver(() => {
      const line = document.querySelector('[data-testid="library-updating"]');
      if (line?.textContent) seen.push(line.textContent);
      if (line && document.querySelector('[data-testid="library-empty"]')) seen.push('EMPTY SHOWN TOO');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // What the background sends after an update (resumeLibraryWork → runLibraryWork).
  await extension.serviceWorker.evaluate(() => chrome.runtime.sendMessage({ id: 1, type: 'runLibraryWork', timestamp: Date.now() }));
  await expect.poll(() => popup.results().then((results) => results.length), { timeout: 60_000 }).toBe(3);
  await expect.poll(() => popup.page.getByTestId('library-updating').count(), { timeout: 60_000 }).toBe(0);
  const seen = await popup.page.evaluate(() => (window as unknown as { updatingSeen: string[] }).updatingSeen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen).not.toContain('EMPTY SHOWN TOO');
  expect(seen[0]).toMatch(/^Updating your memes for the new expression model: \d+ of \d+ faces done/);
  expect(await popup.page.getByTestId('library-empty').count()).toBe(0);
});
