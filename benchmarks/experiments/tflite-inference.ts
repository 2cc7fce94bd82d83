/**
 * One-off experiment behind docs/design.md ("Int8 activations"): one inference of each given
 * .tflite file on tfjs-tflite's wasm (the extension's SIMD build, one thread), the files taken in
 * turn 300 times with random input, median and minimum in ms.
 * Run: npx tsx benchmarks/experiments/tflite-inference.ts A.tflite [B.tflite ...] (needs `npx wxt build`).
 * The float-activation pair it was compared with: git show f91c9ec:models/expression-embedder.tflite
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from '../../tests/e2e/fixtures';

const models = process.argv.slice(2);
if (models.length === 0) throw new Error('usage: tflite-inference.ts MODEL.tflite [MODEL.tflite ...]');
const tflite = join(REPO_ROOT, '.output/chrome-mv3/generated/tflite');
const files: Record<string, string> = {
  '/core.js': join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-core/dist/tf-core.min.js'),
  '/cpu.js': join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.min.js'),
  '/tflite.js': join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-tflite/dist/tf-tflite.min.js'),
  '/wasm/tflite_web_api_cc_simd.js': join(tflite, 'tflite_web_api_cc_simd.js'),
  '/wasm/tflite_web_api_cc_simd.wasm': join(tflite, 'tflite_web_api_cc_simd.wasm'),
  ...Object.fromEntries(models.map((model, i) => [`/model${i}.tflite`, model])),
};
// As in the extension's pages: without SharedArrayBuffer tfjs-tflite loads its single-threaded build.
const page = `<!doctype html><script>delete globalThis.SharedArrayBuffer</script>
  <script src="/core.js"></script><script src="/cpu.js"></script><script src="/tflite.js"></script>`;
const server = createServer((request, response) => {
  const file = files[request.url ?? ''];
  if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(page);
  else if (!file) response.writeHead(404).end();
  else response.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const timings = await tab.evaluate(`(async (count) => {
    tflite.setWasmPath('/wasm/');
    const runners = [];
    for (let i = 0; i < count; i++) {
      const model = await tflite.loadTFLiteModel(await (await fetch('/model' + i + '.tflite')).arrayBuffer(), { numThreads: 1 });
      runners.push(model.modelRunner);
    }
    const times = runners.map(() => []);
    for (let round = 0; round < 300; round++) {
      runners.forEach((runner, i) => {
        const input = runner.getInputs()[0].data();
        for (let k = 0; k < input.length; k++) input[k] = Math.random();
        const started = performance.now();
        runner.infer();
        times[i].push(performance.now() - started);
      });
    }
    return times.map((t) => [...t].sort((a, b) => a - b)).map((t) => ({ medianMs: t[t.length >> 1], minMs: t[0] }));
  })(${models.length})`);
  console.log(JSON.stringify(Object.fromEntries(models.map((model, i) => [model, (timings as unknown[])[i]])), null, 1));
} finally {
  await browser.close();
  server.close();
}
