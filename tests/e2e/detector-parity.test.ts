import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { DetectorPair } from '../../lib/bench/detector-parity';
import { iou } from '../../lib/vision/face-box';
import { SHARED, launchExtension, type LaunchedExtension } from './fixtures';
import { serveFolder, type StaticServer } from './static-server';

// The product runs BlazeFace through tfjs-tflite with its own anchors, decoding and letterbox
// (lib/vision/blazeface.ts); MediaPipe's Tasks FaceDetector runs the same network. On real faces
// at the live loop's 320 px, both must find the same face with the same eyes, or the crop the
// expression model sees would move.
const SETS = [
  { name: 'tcce-dev', every: 10 },
  { name: 'yalefaces', every: 3 },
];

let extension: LaunchedExtension;
let datasets: StaticServer;
beforeAll(async () => {
  extension = await launchExtension();
  datasets = await serveFolder(join(SHARED, 'datasets'));
});
afterAll(async () => {
  await datasets?.close();
  await extension?.close();
});

test('the product and MediaPipe find the same face and the same eyes in dataset photos', async () => {
  const urls = SETS.flatMap(({ name, every }) =>
    readdirSync(join(SHARED, 'datasets', name, 'images'))
      .sort()
      .filter((_, i) => i % every === 0)
      .map((file) => datasets.url(`${name}/images/${file}`)),
  );
  const page = await extension.context.newPage();
  await page.goto(extension.url('bench.html'));
  await page.waitForFunction(() => 'memeMirrorBench' in window);
  const pairs = await page.evaluate(
    (options) => (window as unknown as { memeMirrorBench: { detectWithBoth(o: object): Promise<DetectorPair[]> } }).memeMirrorBench.detectWithBoth(options),
    { urls, maxSide: 320 },
  );
  expect(pairs).toHaveLength(urls.length);
  const faceCounts = pairs.map((pair) => [pair.ours.length, pair.mediapipe.length]);
  expect(faceCounts.filter(([ours, theirs]) => ours === 1 && theirs === 1).length).toBeGreaterThanOrEqual(urls.length * 0.97);
  const overlaps: number[] = [];
  const eyeErrors: number[] = [];
  for (const { ours, mediapipe } of pairs) {
    if (ours.length !== 1 || mediapipe.length !== 1) continue;
    overlaps.push(iou(ours[0], mediapipe[0]));
    const eyeDistance = Math.hypot(mediapipe[0].keypoints[0].x - mediapipe[0].keypoints[1].x, mediapipe[0].keypoints[0].y - mediapipe[0].keypoints[1].y);
    for (const eye of [0, 1]) {
      const [a, b] = [ours[0].keypoints[eye], mediapipe[0].keypoints[eye]];
      eyeErrors.push(Math.hypot(a.x - b.x, a.y - b.y) / eyeDistance);
    }
  }
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  console.log(`detector parity on ${pairs.length} photos: IoU min ${sorted(overlaps)[0].toFixed(3)}, median ${sorted(overlaps)[overlaps.length >> 1].toFixed(3)}; eye error / eye distance median ${sorted(eyeErrors)[eyeErrors.length >> 1].toFixed(4)}, max ${sorted(eyeErrors).at(-1)!.toFixed(4)}`);
  expect(Math.min(...overlaps)).toBeGreaterThan(0.8);
  expect(sorted(eyeErrors)[eyeErrors.length >> 1]).toBeLessThan(0.03);
  expect(Math.max(...eyeErrors)).toBeLessThan(0.1);
});
