/**
 * One-off experiment behind docs/benchmarks.md ("4x throttling, re-measured"): does DevTools' CPU
 * throttling (Emulation.setCPUThrottlingRate, which `npm run bench` uses for its 2x / 4x figures)
 * slow a dedicated worker as it slows the page? Decides whether moving inference to a worker
 * could be measured fairly by those figures. The same fixed loop of arithmetic runs on the page's
 * main thread and in a worker, 30 times each, at rate 1 and rate 4; medians in ms. A third arm
 * sends the same command to the worker's own DevTools target too (attached from a browser-level
 * session, its messages relayed by Target.sendMessageToTarget), as DevTools' own CPU throttling
 * does for every target that has an Emulation domain.
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
  const browserSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await browserSession.send('Target.getTargets');
  const worker = targetInfos.find((target) => target.type === 'worker');
  if (worker) {
    const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
    const replies: string[] = [];
    browserSession.on('Target.receivedMessageFromTarget', (event) => replies.push(event.message));
    await browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Emulation.setCPUThrottlingRate', params: { rate: 4 } }) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await devtools.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    results['rate 4, sent to the worker too'] = { ...((await tab.evaluate('measure()')) as object), workerReply: replies.find((reply) => reply.startsWith('{"id":1')) };
  } else {
    results['rate 4, sent to the worker too'] = 'no worker target found';
  }
  console.log(JSON.stringify(results, null, 1));
} finally {
  await browser.close();
}
