import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, REPO_ROOT, SHARED, type LaunchedExtension } from './fixtures';
import { makeFakeCameraClip } from './fake-camera';
import { MEMEGEN, readStores } from './library-fixtures';
import { PopupPage } from './popup-page';

// tcce-dev performer S05: the face taught (happy, raters 100% happy), and later the same
// expression made again in another take (0521b09, 97% happy), then a surprised face (97%).
const TEACH_HAPPY = join(SHARED, 'datasets/tcce-dev/images/0521b01.jpg');
const HAPPY_AGAIN = join(SHARED, 'datasets/tcce-dev/images/0521b09.jpg');
const SURPRISED = join(SHARED, 'datasets/tcce-dev/images/0521g01.jpg');

/** Cartoons in which the detector finds no face (the import lists them as kept without one). */
const CAMERA_CARTOON = 'spongebob.jpg';
const WORD_CARTOON = 'patrick.gif';
/** Photo memes whose faces the taught cartoons must beat, happy and surprised ones among them. */
const PHOTOS = ['success.jpg', 'sohappy.jpg', 'afraid.jpg', 'disastergirl.jpg', 'keanu.jpg', 'harold.jpg', 'facepalm.jpg', 'aag.jpg', 'wonka.jpg', 'dwight.jpg', 'kermit.jpg', 'doge.jpg'];
const FILES = [CAMERA_CARTOON, WORD_CARTOON, ...PHOTOS].map((name) => join(MEMEGEN, 'images', name));

async function openLibraryPage(extension: LaunchedExtension): Promise<Page> {
  const page = await extension.context.newPage();
  await page.goto(extension.url('options.html'));
  await page.getByTestId('library-summary').waitFor();
  return page;
}

const card = (page: Page, memeId: string) => page.locator(`[data-testid="meme-card"][data-meme-id="${memeId}"]`);

type TaughtFace = { memeId: string; taught?: string; word?: string; alignedFaces?: unknown[]; modelVersion: string };

/** The popup's top 3 hold `memeId` at some point while the camera plays its clip. */
async function expectInTopThree(popup: PopupPage, memeId: string, you: string): Promise<void> {
  await expect
    .poll(async () => (await popup.you()) === you && (await popup.results()).slice(0, 3).some((result) => result.memeId === memeId), { timeout: 90_000, interval: 100 })
    .toBe(true);
}

/**
 * Teaching a meme without a face its face: made at the camera (then found when the user makes that
 * face again, in another take), or by an expression word. The profile is kept between the two
 * browser runs, so the second camera clip can show different faces.
 */
describe('teaching a cartoon its face', () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'meme-mirror-teach-'));
  let extension: LaunchedExtension | undefined;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    extension = await launchExtension({ profileDir, fakeCamera: makeFakeCameraClip([TEACH_HAPPY], 'teach-happy', 2) });
  });
  afterAll(async () => {
    await extension?.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(`${profileDir}.extension`, { recursive: true, force: true });
  });

  test('the import keeps a cartoon without a face, lists it with its thumbnail and Teach, and the grid says it waits for a face', async () => {
    const page = await openLibraryPage(extension!);
    await page.getByTestId('import-files').setInputFiles(FILES);
    await page.getByTestId('import-summary').waitFor({ timeout: 180_000 });
    const items = page.getByTestId('without-face-item');
    const names = await page.getByTestId('without-face-name').allTextContents();
    expect(names).toEqual(expect.arrayContaining([CAMERA_CARTOON, WORD_CARTOON]));
    for (const item of await items.all()) ids.set((await item.getByTestId('without-face-name').textContent()) ?? '', (await item.getAttribute('data-meme-id')) ?? '');
    await expect.poll(() => items.locator('img').evaluateAll((images) => images.filter((image) => (image as HTMLImageElement).naturalWidth > 0).length)).toBe(names.length);
    expect(await items.getByTestId('without-face-teach').count()).toBe(names.length);

    // Stored, with no face: the grid shows it, marked as waiting to be taught, with no box drawn.
    const { memes } = await readStores<{ memes: { id: string; faceCount: number } }>(page, ['memes']);
    expect(memes.find((meme) => meme.id === ids.get(CAMERA_CARTOON))).toMatchObject({ faceCount: 0 });
    const cartoonCard = card(page, ids.get(CAMERA_CARTOON)!);
    await expect.poll(() => cartoonCard.getByTestId('no-face-yet').textContent()).toBe('No face yet — teach it');
    expect(await cartoonCard.getByTestId('meme-face').count()).toBe(0);
    expect(await cartoonCard.getByTestId('meme-teach').isVisible()).toBe(true);
  });

  test('made at the camera: "Use this face" keeps it, and the popup finds the cartoon in its top 3 when the face is made again', async () => {
    const page = await openLibraryPage(extension!);
    const memeId = ids.get(CAMERA_CARTOON)!;
    // Escape leaves the dialog without a change.
    await card(page, memeId).getByTestId('meme-teach').click();
    await page.getByTestId('teach-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('teach-dialog').waitFor({ state: 'detached' });

    await card(page, memeId).getByTestId('meme-teach').click();
    // The camera half is a framed page of its own (connect-src 'self', like every page that sees frames).
    const camera = page.frameLocator('[data-testid="teach-camera-frame"]');
    await expect.poll(() => camera.getByTestId('teach-camera-status').textContent(), { timeout: 60_000 }).toBe('Face seen: you look happy.');
    await page.screenshot({ path: join(REPO_ROOT, 'test-results/teach-dialog.png') });
    await camera.getByTestId('teach-use-face').click();
    await page.getByTestId('teach-dialog').waitFor({ state: 'detached' });
    expect(await page.getByTestId('library-notice').textContent()).toMatch(/now has a face/);
    await expect.poll(() => card(page, memeId).getByTestId('taught-mark').textContent()).toBe('Face taught at the camera');
    expect(await card(page, memeId).getByTestId('meme-face').count()).toBe(0);
    const { faces } = await readStores<{ faces: TaughtFace }>(page, ['faces']);
    expect(faces.filter((face) => face.memeId === memeId)).toMatchObject([{ taught: 'camera', alignedFaces: expect.any(Array) }]);

    // Another take of the same expression, in a new browser run; then a surprised face.
    await extension!.close();
    extension = await launchExtension({ profileDir, fakeCamera: makeFakeCameraClip([HAPPY_AGAIN, SURPRISED], 'happy-again-then-surprised', 4) });
    const popup = await PopupPage.open(extension);
    await expectInTopThree(popup, memeId, 'You look happy');
    await popup.page.screenshot({ path: join(REPO_ROOT, 'test-results/popup-taught-cartoon.png') });
    await popup.page.close();
  });

  test('by word, from the keyboard: the grid marks it taught "surprised", and the popup finds it for a surprised face', async () => {
    const page = await openLibraryPage(extension!);
    const memeId = ids.get(WORD_CARTOON)!;
    await card(page, memeId).getByTestId('meme-teach').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('teach-dialog').waitFor();
    // The dialog opens on the word list, not in the camera frame.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('teach-word');
    await page.getByTestId('teach-word').selectOption('surprise');
    await page.getByTestId('teach-use-word').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('teach-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => card(page, memeId).getByTestId('taught-mark').textContent()).toBe('Face taught: surprised');
    const { faces } = await readStores<{ faces: TaughtFace }>(page, ['faces']);
    expect(faces.filter((face) => face.memeId === memeId)).toMatchObject([{ taught: 'word', word: 'surprise' }]);

    const popup = await PopupPage.open(extension!);
    await expectInTopThree(popup, memeId, 'You look surprised');
    expect((await popup.results()).find((result) => result.memeId === memeId)?.text).toContain('surprised');
    await popup.page.close();
  });

  test('an export keeps both taught faces: imported into a fresh profile, the cartoons are marked taught again, the camera one without any crop of the user', async () => {
    const page = await openLibraryPage(extension!);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const zipPath = join(profileDir, '..', `${profileDir.split('/').pop()}-export.zip`);
    await download.saveAs(zipPath);
    const fresh = await launchExtension();
    try {
      const freshPage = await openLibraryPage(fresh);
      await freshPage.getByTestId('import-files').setInputFiles(zipPath);
      await freshPage.getByTestId('import-summary').waitFor({ timeout: 180_000 });
      const idOf = async (name: string) => freshPage.getByTestId('without-face-item').filter({ hasText: name }).getAttribute('data-meme-id');
      const [cameraId, wordId] = [await idOf(CAMERA_CARTOON), await idOf(WORD_CARTOON)];
      await expect.poll(() => card(freshPage, cameraId!).getByTestId('taught-mark').textContent()).toBe('Face taught at the camera');
      await expect.poll(() => card(freshPage, wordId!).getByTestId('taught-mark').textContent()).toBe('Face taught: surprised');
      const { faces } = await readStores<{ faces: TaughtFace }>(freshPage, ['faces']);
      expect(faces.filter((face) => face.memeId === cameraId)).toMatchObject([{ taught: 'camera', alignedFaces: [] }]);
      expect(faces.filter((face) => face.memeId === wordId)).toMatchObject([{ taught: 'word', word: 'surprise' }]);
    } finally {
      await fresh.close();
      rmSync(zipPath, { force: true });
    }
  });
});
