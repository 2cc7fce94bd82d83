/**
 * One-off experiment behind docs/benchmarks.md ("Where the frame time went", step 1): the popup
 * ↔ offscreen hop with an echo installed in the offscreen document over DevTools, for three payload
 * sizes, over a BroadcastChannel and over a MessageChannel port (copied and transferred).
 * Run: npx tsx benchmarks/experiments/transport-echo.ts (needs `npx wxt build`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED, launchExtension } from '../../tests/e2e/fixtures';
import { makeFakeCameraClip } from '../../tests/e2e/fake-camera';
import { watchExtensionConsole } from '../../tests/e2e/extension-console';

const profileDir = mkdtempSync(join(tmpdir(), 'hop-'));
const face = join(SHARED, 'datasets/tcce-dev/images/0221b01.jpg');
const ext = await launchExtension({ profileDir, extraArgs: ['--remote-debugging-port=0'], fakeCamera: makeFakeCameraClip([face], 'hop', 2) });
const popup = await ext.context.newPage();
await popup.goto(ext.url('popup.html'));
await popup.locator('[data-testid="face-box"]').first().waitFor({ timeout: 60000 });
const dev = await watchExtensionConsole(profileDir, ext.extensionId);
await new Promise((r) => setTimeout(r, 1500));
const echo = `(() => {
  const c = new BroadcastChannel('hop-exp');
  c.onmessage = (e) => { if (e.data.kind !== 'ping') return; c.postMessage({ kind: 'pong', id: e.data.id, recvAt: performance.timeOrigin + performance.now() }); };
  window.addEventListener('message', (e) => { if (e.data && e.data.kind === 'port') { const p = e.ports[0]; p.onmessage = (m) => p.postMessage({ kind: 'pong', id: m.data.id, recvAt: performance.timeOrigin + performance.now(), len: m.data.payload.byteLength }); } });
  return 'ok'; })()`;
console.log('offscreen echo', await dev.evaluate('/offscreen.html', echo));

const measureCode = (mode: string) => `(async () => {
  const mode = ${JSON.stringify(mode)};
  let send, setHandler;
  if (mode === 'bc') {
    const c = new BroadcastChannel('hop-exp');
    send = (msg, transfer) => c.postMessage(msg);
    setHandler = (h) => { c.onmessage = (e) => h(e.data); };
  } else {
    const off = chrome.extension.getViews().find((w) => w.location.pathname === '/offscreen.html');
    const ch = new MessageChannel();
    off.postMessage({ kind: 'port' }, location.origin, [ch.port2]);
    send = (msg, transfer) => ch.port1.postMessage(msg, mode === 'port-transfer' ? transfer : []);
    setHandler = (h) => { ch.port1.onmessage = (e) => h(e.data); };
  }
  const res = {};
  for (const [name, bytes] of [['tiny', 16], ['320', 320 * 240 * 4], ['640', 640 * 480 * 4]]) {
    const r = { rtt: [], there: [], back: [] };
    for (let i = 0; i < 40; i++) {
      const payload = new Uint8ClampedArray(bytes);
      const t0 = performance.timeOrigin + performance.now();
      const reply = await new Promise((resolve) => {
        setHandler((d) => { if (d.kind === 'pong' && d.id === i) resolve(d); });
        send({ kind: 'ping', id: i, payload }, [payload.buffer]);
      });
      const t1 = performance.timeOrigin + performance.now();
      r.rtt.push(t1 - t0); r.there.push(reply.recvAt - t0); r.back.push(t1 - reply.recvAt);
    }
    const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(1);
    res[name] = { rtt: med(r.rtt), there: med(r.there), back: med(r.back) };
  }
  return res;
})()`;
for (const mode of ['bc', 'port-copy', 'port-transfer', 'bc']) console.log(mode, JSON.stringify(await popup.evaluate(measureCode(mode))));
await ext.close();
dev.close();
