import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { launchExtension, SHARED, REPO_ROOT, type LaunchedExtension } from './fixtures';
import { letterboxOf, makeFakeCameraClip } from './fake-camera';
import { detectStillImage } from './extension-pages';
import { PopupPage } from './popup-page';
import { iou, largestFace, type Box } from '../../lib/vision/face-box';

const FACE_IMAGE = join(SHARED, 'datasets/tcce-dev/images/0111b01.jpg'); // S01, happy, 256x256
const NO_FACE_IMAGE = join(SHARED, 'memes/memegen/images/exit.png');

/** Reads the popup's drawn face boxes and maps them back to 640x480 camera-frame pixels. */
async function popupBoxesInFrame(page: import('playwright-core').Page): Promise<Box[]> {
  return page.evaluate(() => {
    const preview = document.querySelector('.preview')!.getBoundingClientRect();
    const scale = Math.max(preview.width / 640, preview.height / 480);
    return [...document.querySelectorAll('[data-testid="face-box"]')].map((element) => {
      const r = element.getBoundingClientRect();
      const width = r.width / scale;
      // The preview is mirrored: undo it.
      return { x: 640 - (r.left - preview.left) / scale - width, y: (r.top - preview.top) / scale, width, height: r.height / scale };
    });
  });
}

describe('popup sees a face from the fake camera', () => {
  let extension: LaunchedExtension;
  beforeAll(async () => {
    extension = await launchExtension({ fakeCamera: makeFakeCameraClip([FACE_IMAGE], 'tcce-happy', 2) });
  });
  afterAll(async () => extension?.close());

  test('draws a box where the detector finds the face in the still image, then stops the camera on close', async () => {
    // Another extension page listens on the channel every extension page hears: the popup's frames
    // must reach the offscreen document over their own port, so none of them shows up here.
    const bystander = await extension.context.newPage();
    await bystander.goto(extension.url('welcome.html'));
    await bystander.evaluate(() => {
      const channel = new BroadcastChannel('meme-mirror/frames');
      Object.assign(window, { overheardFrames: 0 });
      channel.onmessage = (event: MessageEvent<{ type?: string }>) => {
        if (event.data.type === 'detect-frame' || event.data.type === 'frame-result') Object.assign(window, { overheardFrames: (window as unknown as { overheardFrames: number }).overheardFrames + 1 });
      };
    });
    const { page: popup } = await PopupPage.open(extension);
    await expect.poll(() => popup.getByTestId('status').textContent(), { timeout: 60_000 }).toBe('Face found');
    expect(await bystander.evaluate(() => (window as unknown as { overheardFrames: number }).overheardFrames)).toBe(0);
    await bystander.close();
    const shown = await popupBoxesInFrame(popup);
    expect(shown).toHaveLength(1);
    // The library is empty: it says how to fill it, and no key hints promise keys that do nothing.
    await popup.getByTestId('library-empty').waitFor();
    expect(await popup.locator('.key-hints').count()).toBe(0);

    const still = largestFace(await detectStillImage(popup, FACE_IMAGE));
    expect(still).toBeDefined();
    const lb = letterboxOf(256, 256);
    const expected = { x: still!.x * lb.scale + lb.offsetX, y: still!.y * lb.scale + lb.offsetY, width: still!.width * lb.scale, height: still!.height * lb.scale };
    expect(iou(shown[0], expected)).toBeGreaterThanOrEqual(0.5);

    await popup.screenshot({ path: join(REPO_ROOT, 'test-results/popup-face-found.png') });

    // The frames come from the camera's track as VideoFrames (lib/vision/frame-sampler.ts), not
    // through the video element, except where no new one is there yet.
    const sources = await popup.evaluate(async () => {
      const seen: string[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntriesByName('meme-mirror: frame → answer')) {
          const { source, because } = (entry as PerformanceMeasure).detail as { source?: string; because?: string };
          seen.push(because ? `${source} (${because})` : String(source));
        }
      });
      observer.observe({ type: 'measure' });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      observer.disconnect();
      return seen;
    });
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => source === 'track').length).toBeGreaterThan(sources.length / 2);
    expect(sources.filter((source) => source !== 'track' && source !== 'element (no-new-frame)')).toEqual([]);

    const liveTracks = () =>
      popup.evaluate(() => {
        const video = document.querySelector('video');
        const stream = video?.srcObject;
        return stream instanceof MediaStream ? stream.getTracks().filter((track) => track.readyState === 'live').length : -1;
      });
    expect(await liveTracks()).toBe(1);
    // Playwright's close() runs unload handlers like a user closing the popup does.
    const tracksAfterClose = await popup.evaluate(() => {
      const stream = document.querySelector('video')!.srcObject as MediaStream;
      dispatchEvent(new PageTransitionEvent('pagehide'));
      return stream.getTracks().map((track) => track.readyState);
    });
    expect(tracksAfterClose).toEqual(['ended']);
    await popup.close();
  });
});

describe('popup with no face in view', () => {
  let extension: LaunchedExtension;
  beforeAll(async () => {
    extension = await launchExtension({ fakeCamera: makeFakeCameraClip([NO_FACE_IMAGE], 'no-face', 2) });
  });
  afterAll(async () => extension?.close());

  test('says it is looking for a face and draws no box', async () => {
    const { page: popup } = await PopupPage.open(extension);
    await expect.poll(() => popup.getByTestId('status').textContent(), { timeout: 60_000 }).toBe('Looking for your face…');
    // Several answered frames in a row keep saying so.
    await popup.waitForTimeout(1500);
    expect(await popup.getByTestId('status').textContent()).toBe('Looking for your face…');
    expect(await popup.locator('[data-testid="face-box"]').count()).toBe(0);
  });
});
