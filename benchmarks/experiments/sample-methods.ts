/**
 * One-off experiment behind docs/benchmarks.md (step 3): four ways of reading a video frame into
 * 320x240 pixels in the popup, each first after a new frame, unthrottled and at 4x CPU throttling.
 * Run: npx tsx benchmarks/experiments/sample-methods.ts (needs `npx wxt build`).
 */
import { join } from 'node:path';
import { SHARED, launchExtension } from '../../tests/e2e/fixtures';
import { makeFakeCameraClip } from '../../tests/e2e/fake-camera';

const face = join(SHARED, 'datasets/tcce-dev/images/0221b01.jpg');
const extension = await launchExtension({ fakeCamera: makeFakeCameraClip([face], 'bench-pipeline-30fps', 2, 30) });
const page = await extension.context.newPage();
await page.goto(extension.url('popup.html'));
await page.locator('[data-testid="face-box"]').first().waitFor({ timeout: 60_000 });
await page.keyboard.press(' ');
const code = `(async () => {
  const video = document.querySelector('video');
  const W = 320, H = 240;
  const canvas = new OffscreenCanvas(W, H);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const gpuCanvas = new OffscreenCanvas(W, H);
  const gctx = gpuCanvas.getContext('2d');
  const res = {};
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(2);
  const methods = {
    drawVideoCpu: async () => { ctx.drawImage(video, 0, 0, W, H); ctx.getImageData(0, 0, W, H); },
    drawVideoGpuThenRead: async () => { gctx.drawImage(video, 0, 0, W, H); gctx.getImageData(0, 0, W, H); },
    bitmapResizeThenRead: async () => { const bmp = await createImageBitmap(video, { resizeWidth: W, resizeHeight: H }); ctx.drawImage(bmp, 0, 0); ctx.getImageData(0, 0, W, H); bmp.close(); },
    bitmapResizeOnly: async () => { const bmp = await createImageBitmap(video, { resizeWidth: W, resizeHeight: H }); bmp.close(); },
  };
  for (const [name, run] of Object.entries(methods)) {
    res[name] = [];
    for (let i = 0; i < 25; i++) {
      await new Promise((r) => video.requestVideoFrameCallback(r));
      const t = performance.now();
      await run();
      res[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(res).map(([k, v]) => [k, Array.isArray(v) ? (v.length ? med(v) : 'n/a') : v]));
})()`;
console.log(JSON.stringify(await page.evaluate(code)));
const cdp = await extension.context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
console.log('4x', JSON.stringify(await page.evaluate(code)));
await extension.close();
