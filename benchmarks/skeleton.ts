/**
 * Issue 2's figures: offscreen detection time per 640x480 frame, popup open → first face box,
 * and the extension's package size. Measured in headless Debian Chromium on this machine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { zipSync } from 'fflate';
import { join } from 'node:path';
import { EXTENSION_DIR, SHARED, launchExtension } from '../tests/e2e/fixtures';
import { makeFakeCameraClip } from '../tests/e2e/fake-camera';
import { summarize, type Summary } from './stats';

export interface SkeletonBenchmark {
  detectMs640x480: Summary;
  offscreenRoundTripMs640x480: Summary;
  popupOpenToFirstFaceBoxMs: Summary;
  packageBytes: number;
  /** The .zip a store upload would be (deflate level 9). */
  packageZipBytes: number;
}

function folderFiles(dir: string, prefix = ''): Record<string, Uint8Array> {
  return Object.assign(
    {},
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? folderFiles(join(dir, entry.name), `${prefix}${entry.name}/`)
        : { [`${prefix}${entry.name}`]: new Uint8Array(readFileSync(join(dir, entry.name))) },
    ),
  );
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, entry) => sum + (entry.isDirectory() ? folderBytes(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
    0,
  );
}

export async function benchmarkSkeleton(frames = 60, popupOpens = 5): Promise<SkeletonBenchmark> {
  const face = join(SHARED, 'datasets/tcce-dev/images/0111b01.jpg');
  const extension = await launchExtension({ fakeCamera: makeFakeCameraClip([face], 'bench-face', 2) });
  try {
    const openTimes: number[] = [];
    for (let i = 0; i < popupOpens; i++) {
      const popup = await extension.context.newPage();
      const started = Date.now();
      await popup.goto(extension.url('popup.html'));
      await popup.locator('[data-testid="face-box"]').first().waitFor({ timeout: 60_000 });
      openTimes.push(Date.now() - started);
      await popup.close();
    }

    // Frames sampled from the fake camera in an extension page, sent the way the popup sends them.
    const page = await extension.context.newPage();
    await page.goto(extension.url('popup.html'));
    await page.locator('[data-testid="face-box"]').first().waitFor({ timeout: 60_000 });
    const timings = await page.evaluate(async (count) => {
      const video = document.querySelector('video')!;
      const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const channel = new BroadcastChannel('meme-mirror/frames');
      const results: { detectMs: number; roundTripMs: number }[] = [];
      for (let i = 0; i < count; i++) {
        context.drawImage(video, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const requestId = 500_000 + i;
        const started = performance.now();
        // Inline handlers only: tsx would wrap a named local function in a helper the page lacks.
        const detectMs = await new Promise<number>((resolve) => {
          channel.onmessage = (event: MessageEvent<{ requestId?: number; timings?: { detectMs: number } }>) => {
            if (event.data.requestId === requestId && event.data.timings) resolve(event.data.timings.detectMs);
          };
          channel.postMessage({ type: 'detect-frame', requestId, width: image.width, height: image.height, pixels: image.data });
        });
        results.push({ detectMs, roundTripMs: performance.now() - started });
      }
      channel.close();
      return results;
    }, frames);
    return {
      detectMs640x480: summarize(timings.map((t) => t.detectMs)),
      offscreenRoundTripMs640x480: summarize(timings.map((t) => t.roundTripMs)),
      popupOpenToFirstFaceBoxMs: summarize(openTimes),
      packageBytes: folderBytes(EXTENSION_DIR),
      packageZipBytes: zipSync(folderFiles(EXTENSION_DIR), { level: 9 }).length,
    };
  } finally {
    await extension.close();
  }
}
