import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SHARED, launchExtension } from './fixtures';
import { makeFakeCameraClip } from './fake-camera';
import { requestsInitiatedBy } from './net-log';

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
    // Controls: one request from a page and one from the service worker, so that a log that
    // misses a context, or an empty log, cannot pass by accident.
    await popup.evaluate(() => fetch('http://127.0.0.1:9/popup-control').catch(() => undefined));
    await extension.serviceWorker.evaluate(() => fetch('http://127.0.0.1:9/worker-control').catch(() => undefined));
    await popup.close();
  } finally {
    await extension.close();
  }
  expect(requestsInitiatedBy(netLog, `chrome-extension://${extension.extensionId}`).sort()).toEqual([
    'http://127.0.0.1:9/popup-control',
    'http://127.0.0.1:9/worker-control',
  ]);
});
