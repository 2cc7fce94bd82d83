import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SHARED, launchExtension } from './fixtures';
import { makeFakeCameraClip } from './fake-camera';
import { requestsInitiatedBy } from './net-log';

test('a live match session makes zero network requests (the browser net log says so)', async () => {
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
    // Let the live loop run: detection, embedding and search on many frames.
    await popup.waitForTimeout(3000);
    // Control: one request the extension does make, so that an empty log cannot pass by accident.
    await popup.evaluate(() => fetch('http://127.0.0.1:9/control').catch(() => undefined));
    await popup.close();
  } finally {
    await extension.close();
  }
  expect(requestsInitiatedBy(netLog, `chrome-extension://${extension.extensionId}`)).toEqual(['http://127.0.0.1:9/control']);
});
