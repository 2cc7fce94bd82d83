/**
 * One-off experiment behind docs/benchmarks.md ("4x throttling, re-measured"): does DevTools' CPU
 * throttling (Emulation.setCPUThrottlingRate, which `npm run bench` uses for its 2x / 4x figures)
 * slow a dedicated worker as it slows the page? Decides whether moving inference to a worker
 * could be measured fairly by those figures. The same fixed loop of arithmetic runs on the page's
 * main thread and in a worker, 30 times each, at rate 1 and rate 4; medians in ms.
 * Run: npx tsx benchmarks/experiments/throttled-worker.ts
 */
import { chromium } from 'playwright-core';

const loop = `function work() { let x = 0; for (let i = 0; i < 5e6; i++) x = (x + Math.sqrt(i)) % 1e9; return x; }`;
const page = `<!doctype html><script>
${loop}
const worker = new Worker(URL.createObjectURL(new Blob([\`${loop}
onmessage = () => { const t = performance.now(); work(); postMessage(performance.now() - t); };\`])));
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
globalThis.measure = async () => {
  const main = [];
  const inWorker = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    work();
    main.push(performance.now() - t);
    inWorker.push(await new Promise((resolve) => { worker.onmessage = (event) => resolve(event.data); worker.postMessage(0); }));
  }
  return { mainMs: median(main), workerMs: median(inWorker) };
};
</script>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const tab = await browser.newPage();
  await tab.setContent(page);
  const devtools = await tab.context().newCDPSession(tab);
  const results: Record<string, unknown> = {};
  for (const rate of [1, 4]) {
    await devtools.send('Emulation.setCPUThrottlingRate', { rate });
    results[`rate ${rate}`] = await tab.evaluate('measure()');
  }
  console.log(JSON.stringify(results, null, 1));
} finally {
  await browser.close();
}
