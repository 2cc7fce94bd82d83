import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { isDevOnlyFile } from '../../scripts/assets/dev-only-files';
import { makeFakeCameraClip } from './fake-camera';
import { SHARED, launchExtension, type LaunchedExtension } from './fixtures';
import { MEMEGEN } from './library-fixtures';
import { addMemesThroughMenu, memegenFiles } from './library-builder';
import { PopupPage } from './popup-page';
import { serveFolder, type StaticServer } from './static-server';

// `npm run zip` leaves out the eval and bench pages and what only they load (wxt.config.ts). This
// loads the build with exactly those files deleted and uses the product: nothing it needs is gone.
const HAPPY = join(SHARED, 'datasets/tcce-dev/images/0521b01.jpg');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
}

let extension: LaunchedExtension;
let memes: StaticServer;
let removed: string[] = [];

beforeAll(async () => {
  memes = await serveFolder(MEMEGEN);
  extension = await launchExtension({
    fakeCamera: makeFakeCameraClip([HAPPY], 'store-package-happy', 2),
    grantHosts: ['http://127.0.0.1/*'],
    prepareCopy: async (dir) => {
      removed = filesUnder(dir).filter(isDevOnlyFile);
      for (const path of removed) rmSync(join(dir, path));
    },
  });
});
afterAll(async () => {
  await extension?.close();
  await memes?.close();
});

test('without the dev-only files the product still adds memes and matches a face live', async () => {
  expect(removed).toContain('generated/models/face-landmarker.task');
  expect(removed.some((path) => path.startsWith('generated/mediapipe/'))).toBe(true);
  const files = memegenFiles(30);
  const added = await addMemesThroughMenu(extension.serviceWorker, memes, files);
  expect(added.filter((meme) => meme.ok).length).toBeGreaterThan(10);
  const popup = await PopupPage.open(extension);
  await expect.poll(() => popup.results().then((results) => results.length), { timeout: 60_000 }).toBe(3);
});
