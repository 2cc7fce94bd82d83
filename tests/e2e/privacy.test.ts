import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SHARED, launchExtension } from './fixtures';
import { makeFakeCameraClip } from './fake-camera';
import { requestsInitiatedBy } from './net-log';
import { watchExtensionConsole } from './extension-console';

/**
 * MediaPipe's bundled usage logger flushed every 60 s, so a session has to outlast two of its
 * periods to show that nothing is sent on a timer. The browser's net log sees every extension
 * context (popup, offscreen document, service worker): all of them start requests as the
 * extension's origin.
 */
const SESSION_MS = 130_000;

test('a live match session of 130 s makes zero network requests (the browser net log says so)', { timeout: 300_000 }, async () => {
  const netLog = join(mkdtempSync(join(tmpdir(), 'meme-mirror-netlog-')), 'net-log.json');
  const face = join(SHARED, 'datasets/tcce-dev/images/0111b01.jpg');
  const extension = await launchExtension({
    fakeCamera: makeFakeCameraClip([face], 'privacy-face', 2),
    extraArgs: [`--log-net-log=${netLog}`, '--net-log-capture-mode=Default'],
  });
  try {
    const popup = await extension.context.newPage();
    await popup.goto(extension.url('popup.html'));
    await expect.poll(() => popup.getByTestId('status').textContent(), { timeout: 60_000 }).toBe('Face found');
    const matchedAt = Date.now();
    // Detection, embedding and search keep running on every camera frame all along.
    await popup.waitForTimeout(SESSION_MS);
    expect(await popup.getByTestId('status').textContent()).toBe('Face found');
    expect(Date.now() - matchedAt).toBeGreaterThanOrEqual(SESSION_MS);
    await popup.close();
    // Controls: one request from a page and one from the service worker, so that a log that
    // misses a context, or an empty log, cannot pass by accident. Not from the popup: its page
    // policy refuses any connection before it is sent (the next test).
    const options = await extension.context.newPage();
    await options.goto(extension.url('options.html'));
    await options.evaluate(() => fetch('http://127.0.0.1:9/page-control').catch(() => undefined));
    await extension.serviceWorker.evaluate(() => fetch('http://127.0.0.1:9/worker-control').catch(() => undefined));
  } finally {
    await extension.close();
  }
  expect(requestsInitiatedBy(netLog, `chrome-extension://${extension.extensionId}`).sort()).toEqual([
    'http://127.0.0.1:9/page-control',
    'http://127.0.0.1:9/worker-control',
  ]);
});

test('the documents that run the models or see camera frames cannot connect out at all; only the download frame can', { timeout: 300_000 }, async () => {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'access-control-allow-origin': '*' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profileDir = mkdtempSync(join(tmpdir(), 'meme-mirror-wall-'));
  const extension = await launchExtension({ profileDir, extraArgs: ['--remote-debugging-port=0'] });
  const devtools = await watchExtensionConsole(profileDir, extension.extensionId);
  try {
    const popup = await extension.context.newPage();
    await popup.goto(extension.url('popup.html'));
    // The download frame shares the offscreen document's process and target: it is reached
    // through its window, whose own fetch runs under the frame's policy.
    const downloadFrame = "document.querySelector('iframe[src$=\"/download-frame.html\"]')?.contentWindow";
    await expect
      .poll(() => devtools.evaluate('/offscreen.html', `${downloadFrame}?.document.readyState === 'complete' && ${downloadFrame}.location.pathname`).catch(() => false), {
        timeout: 60_000,
      })
      .toBe('/download-frame.html');
    const tryFetch = (fetcher: string, path: string) => `${fetcher}('${origin}${path}').then(() => 'sent', (error) => 'refused: ' + error.message)`;
    expect(await devtools.evaluate('/offscreen.html', tryFetch('fetch', '/from-offscreen'))).toMatch(/^refused/);
    expect(await devtools.evaluate('/popup.html', tryFetch('fetch', '/from-popup'))).toMatch(/^refused/);
    expect(await devtools.evaluate('/offscreen.html', tryFetch(`${downloadFrame}.fetch`, '/from-download-frame'))).toBe('sent');
    // The browser refused them itself, by the pages' policy, before anything was sent.
    await expect
      .poll(() => [...new Set(devtools.problems.filter((problem) => /Content Security Policy/.test(problem.text)).map((problem) => problem.where.split(' ')[1]))].sort())
      .toEqual(['/offscreen.html', '/popup.html']);
    expect(hits).toEqual(['/from-download-frame']);
  } finally {
    devtools.close();
    await extension.close();
    server.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(`${profileDir}.extension`, { recursive: true, force: true });
  }
});
