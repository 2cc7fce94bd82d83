/**
 * Issue 2's figures: offscreen detection time per 640x480 frame, popup open → first face box,
 * and the extension's package size; issue 25's: what each way of moving a frame costs. Measured in headless Debian Chromium on this machine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { zipSync } from 'fflate';
import { join } from 'node:path';
import { isDevOnlyFile } from '../scripts/assets/dev-only-files';
import { EXTENSION_DIR, SHARED, launchExtension } from '../tests/e2e/fixtures';
import { makeFakeCameraClip } from '../tests/e2e/fake-camera';
import { summarize, type Summary } from './stats';

export interface SkeletonBenchmark {
  detectMs640x480: Summary;
  /** Per transport and frame side ("port@320"): round trip, and that less the offscreen's own time. */
  transport: Record<string, { roundTripMs: Summary; transportMs: Summary }>;
  popupOpenToFirstFaceBoxMs: Summary;
  packageBytes: number;
  /** The .zip a store upload would be (deflate level 9), the dev-only files left out as `npm run zip` does. */
  packageZipBytes: number;
  /** Every model file in that package (issue 22's bar: 6 MB). */
  shippedModelBytes: number;
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

/** The built extension as `npm run zip` packs it: the eval and bench pages' files left out (wxt.config.ts). */
function storeFiles(): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(folderFiles(EXTENSION_DIR)).filter(([path]) => !isDevOnlyFile(path)));
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

    // The two ways a frame can reach the offscreen document, on the same frames, side by side:
    // the shared BroadcastChannel (structured clone through the browser process) and a port to
    // the offscreen window (pixels transferred). Transport = round trip less the offscreen's own time.
    const page = await extension.context.newPage();
    await page.goto(extension.url('popup.html'));
    await page.locator('[data-testid="face-box"]').first().waitFor({ timeout: 60_000 });
    // Frozen (Space), the popup sends no frames of its own: each request below has the engine alone.
    await page.keyboard.press(' ');
    await page.getByTestId('frozen-badge').waitFor();
    const transports = await page.evaluate(async (count) => {
      const video = document.querySelector('video')!;
      const broadcast = new BroadcastChannel('meme-mirror/frames');
      const offscreen = chrome.extension.getViews().find((view) => view.location.pathname === '/offscreen.html');
      if (!offscreen) throw new Error('the offscreen window is not reachable from the popup');
      const { port1, port2 } = new MessageChannel();
      offscreen.postMessage({ type: 'connect-frames' }, location.origin, [port2]);
      const rows: { transport: string; side: number; detectMs: number; roundTripMs: number; transportMs: number }[] = [];
      let requestId = 500_000;
      for (const side of [320, 640]) {
        const scale = side / Math.max(video.videoWidth, video.videoHeight);
        const canvas = new OffscreenCanvas(Math.round(video.videoWidth * scale), Math.round(video.videoHeight * scale));
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        for (let i = 0; i < count; i++) {
          for (const transport of ['broadcast-channel', 'port'] as const) {
            context.drawImage(video, 0, 0, canvas.width, canvas.height);
            const image = context.getImageData(0, 0, canvas.width, canvas.height);
            const id = requestId++;
            const started = performance.now();
            // Inline handlers only: tsx would wrap a named local function in a helper the page lacks.
            const timings = await new Promise<{ detectMs: number; totalMs: number }>((resolve) => {
              broadcast.onmessage = port1.onmessage = (event: MessageEvent<{ requestId?: number; timings?: { detectMs: number; totalMs: number } }>) => {
                if (event.data.requestId === id && event.data.timings) resolve(event.data.timings);
              };
              const request = { type: 'detect-frame', requestId: id, width: image.width, height: image.height, pixels: image.data };
              if (transport === 'port') port1.postMessage(request, [image.data.buffer]);
              else broadcast.postMessage(request);
            });
            const roundTripMs = performance.now() - started;
            rows.push({ transport, side, detectMs: timings.detectMs, roundTripMs, transportMs: roundTripMs - timings.totalMs });
          }
        }
      }
      broadcast.close();
      port1.close();
      return rows;
    }, frames);
    const transport = Object.fromEntries(
      ['broadcast-channel', 'port'].flatMap((name) =>
        [320, 640].map((side) => {
          const rows = transports.filter((row) => row.transport === name && row.side === side);
          return [`${name}@${side}`, { roundTripMs: summarize(rows.map((row) => row.roundTripMs)), transportMs: summarize(rows.map((row) => row.transportMs)) }];
        }),
      ),
    );
    const store = storeFiles();
    return {
      detectMs640x480: summarize(transports.filter((row) => row.side === 640).map((row) => row.detectMs)),
      transport,
      popupOpenToFirstFaceBoxMs: summarize(openTimes),
      packageBytes: folderBytes(EXTENSION_DIR),
      packageZipBytes: zipSync(store, { level: 9 }).length,
      shippedModelBytes: Object.entries(store)
        .filter(([path]) => path.startsWith('generated/models/'))
        .reduce((sum, [, bytes]) => sum + bytes.length, 0),
    };
  } finally {
    await extension.close();
  }
}
