/**
 * One-off experiment behind docs/benchmarks.md (step 3): the cost of reading a video frame into
 * 320x240 pixels from a 640x480 and a 320x240 camera stream.
 * Run: npx tsx benchmarks/experiments/sample-by-stream-size.ts (needs `npx wxt build`).
 */
import { join } from 'node:path';
import { SHARED, launchExtension } from '../../tests/e2e/fixtures';
import { makeFakeCameraClip } from '../../tests/e2e/fake-camera';

const face = join(SHARED, 'datasets/tcce-dev/images/0221b01.jpg');
const extension = await launchExtension({ fakeCamera: makeFakeCameraClip([face], 'bench-pipeline-30fps', 2, 30) });
const page = await extension.context.newPage();
await page.goto(extension.url('bench.html'));
const code = (w: number, h: number) => `(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: ${w} }, height: { ideal: ${h} } } });
  const video = document.createElement('video'); video.muted = true; video.srcObject = stream; await video.play();
  const W = 320, H = 240;
  const canvas = new OffscreenCanvas(W, H);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const times = [];
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => video.requestVideoFrameCallback(r));
    const t = performance.now();
    ctx.drawImage(video, 0, 0, W, H); ctx.getImageData(0, 0, W, H);
    times.push(performance.now() - t);
  }
  stream.getTracks().forEach((t) => t.stop());
  return { size: video.videoWidth + 'x' + video.videoHeight, median: [...times].sort((a, b) => a - b)[20].toFixed(2) };
})()`;
for (let k = 0; k < 2; k++) for (const [w, h] of [[640, 480], [320, 240]]) console.log(JSON.stringify(await page.evaluate(code(w, h))));
await extension.close();
