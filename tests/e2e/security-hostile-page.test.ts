import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED, launchExtension, type LaunchedExtension } from './fixtures';
import { makeFakeCameraClip } from './fake-camera';
import { PopupPage } from './popup-page';
import { requestsInitiatedBy } from './net-log';
import { ComposerPage, memeFromPath } from '../fixtures/composers/composer-page';
import { launchWithComposerAccess, type ComposerTestBrowser } from '../fixtures/composers/launch-with-composer-access';
import { serveBytes, serveFile, startBadInputServer, type BadInputServer } from '../fixtures/bad-inputs/bad-input-server';
import { ONE_FACE } from '../fixtures/bad-inputs/make-bad-inputs';
import { libraryCounts } from './library-counts';
import { addThroughMenu } from './library-builder';

/**
 * A hostile page tries to drive the extension from its own JavaScript: forged window messages,
 * forged WXT "content script started" events, fake focus/key/paste events, forged library and
 * frame messages on the extension's BroadcastChannel names, chrome.runtime.sendMessage to the
 * extension's id, fetching and framing extension pages. The extension must act on none of it:
 * no meme inserted, no library change. Then the user's own insert still works on that page.
 */

/** A chat page whose own code records every file it is handed (paste, drop, file input). */
const HOSTILE_PAGE = `<!doctype html><meta charset="utf-8"><title>hostile chat</title>
<div id="composer" contenteditable="true" role="textbox" aria-label="Message" style="min-height:40px;border:1px solid #888"></div>
<div id="tray"></div>
<input id="decoy" aria-label="decoy">
<script>
window.composerFixture = { received: [], log: [] };
const record = (via, files) => {
  for (const file of files) {
    window.composerFixture.received.push({ name: file.name, type: file.type, size: file.size, base64: '', via });
    // Shown in an attachment tray, as messengers do (the insert chain looks for that sign).
    const thumbnail = document.createElement('img');
    thumbnail.src = URL.createObjectURL(file);
    document.getElementById('tray').append(thumbnail);
  }
};
document.addEventListener('paste', (event) => { record('paste', event.clipboardData?.files ?? []); if (event.clipboardData?.files.length) event.preventDefault(); }, true);
document.addEventListener('dragover', (event) => event.preventDefault(), true);
document.addEventListener('drop', (event) => { record('drop', event.dataTransfer?.files ?? []); if (event.dataTransfer?.files.length) event.preventDefault(); }, true);
</script>`;

const ATTACK_TITLE = `<img src=x onerror="document.title='pwned'">`;

describe('a hostile page cannot drive the extension', () => {
  let browser: ComposerTestBrowser;
  let server: BadInputServer;

  beforeAll(async () => {
    server = await startBadInputServer({
      '/hostile.html': serveBytes(HOSTILE_PAGE, 'text/html; charset=utf-8'),
      '/face.jpg': serveFile(ONE_FACE, 'image/jpeg'),
    });
    browser = await launchWithComposerAccess();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const storedCounts = () => libraryCounts(browser.serviceWorker);

  test('forged messages, events and calls change nothing; the real insert still works', async () => {
    const added = await addThroughMenu(browser.serviceWorker, server.url('/face.jpg'));
    expect(added.message).toBe('Added: 1 face');
    const before = await storedCounts();

    const composer = await ComposerPage.open(browser, server.url('/hostile.html'), '#composer');
    const tabId = await composer.tabId();
    // The popup has opened on this tab: the composer script is injected and has noted the box.
    const driver = await browser.openDriver();
    expect(await driver.evaluate((id) => window.insertDriver.prepare(id), tabId)).toMatchObject({ found: true });
    await driver.close();

    const meme = memeFromPath(ONE_FACE);
    const seen = await composer.page.evaluate(
      async ({ extensionId, meme }) => {
        const report: Record<string, string> = {};
        const w = window as unknown as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => Promise<unknown> } } };
        report.chromeRuntime = typeof w.chrome?.runtime?.sendMessage;
        try {
          await w.chrome!.runtime!.sendMessage!(extensionId, { id: 1, type: 'addMemeFromUrl', data: { url: 'http://127.0.0.1:9/x.jpg' }, timestamp: Date.now() });
          report.sendMessage = 'sent';
        } catch (error) {
          report.sendMessage = `refused: ${(error as Error).message}`;
        }
        const forged = [
          // @webext-core/messaging's own shape, for each message a content script answers.
          { id: 9, type: 'insertMemeIntoComposer', data: { meme }, timestamp: Date.now() },
          { id: 10, type: 'showInsertToast', data: { kind: 'clipboard' }, timestamp: Date.now() },
          { id: 11, type: 'noteComposer', timestamp: Date.now() },
          { type: 'insertMeme', memeId: 'x', meme },
          // WXT's "a newer copy of this content script started" message, in both of its forms.
          { type: `${extensionId}:composer:wxt:content-script-started`, contentScriptName: 'composer', messageId: 'forged' },
          { type: 'wxt:content-script-started', contentScriptName: 'composer', messageId: 'forged' },
        ];
        for (const message of forged) window.postMessage(message, '*');
        for (const name of [`${extensionId}:composer:wxt:content-script-started`, 'wxt:content-script-started']) {
          document.dispatchEvent(new CustomEvent(name, { detail: { contentScriptName: 'composer', messageId: 'forged' } }));
        }
        // Fake focus, keys and a paste at the composer script (it listens for focusin).
        const decoy = document.getElementById('decoy')!;
        decoy.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
        for (const key of ['1', '2', '3', 'Enter']) document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
        // The extension's BroadcastChannel names: same name, but a web origin has its own channels.
        const library = new BroadcastChannel('meme-mirror/library');
        library.postMessage({ type: 'library-cleared' });
        library.postMessage({ type: 'memes-changed', added: [], removed: ['*'] });
        library.close();
        const frames = new BroadcastChannel('meme-mirror/frames');
        frames.postMessage({ type: 'detect-frame', requestId: 1, match: true, sessionId: 'x', width: 1, height: 1, pixels: new Uint8ClampedArray(4) });
        frames.close();
        try {
          await fetch(`chrome-extension://${extensionId}/options.html`);
          report.fetchExtensionPage = 'read';
        } catch (error) {
          report.fetchExtensionPage = `refused: ${(error as Error).message}`;
        }
        const frame = document.createElement('iframe');
        frame.src = `chrome-extension://${extensionId}/popup.html`;
        document.body.append(frame);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        try {
          report.framedPopup = frame.contentDocument ? `readable: ${frame.contentDocument.title}` : 'opaque';
        } catch {
          report.framedPopup = 'opaque';
        }
        report.composerText = (document.getElementById('composer')!.textContent ?? '').replace(/\u00a0/g, ' '); // a trailing space is typed as &nbsp;
        return report;
      },
      { extensionId: browser.extensionId, meme },
    );
    console.log('what the hostile page saw:', seen);

    expect(seen.chromeRuntime).toBe('undefined'); // no externally_connectable: no chrome.runtime at all
    expect(seen.sendMessage).toMatch(/^refused/);
    expect(seen.fetchExtensionPage).toMatch(/^refused/); // nothing is web-accessible
    expect(seen.framedPopup).toBe('opaque');
    expect(seen.composerText).toBe('look at this ');
    await composer.page.waitForTimeout(1000);
    expect(await composer.page.evaluate(() => window.composerFixture.received)).toEqual([]);
    expect(await storedCounts()).toEqual(before);

    // The forged WXT events did not tear the composer script down (they did until the session's
    // life moved out of WXT's reach: composerSessionLifetime).
    const stillAnswering = await browser.serviceWorker.evaluate(
      (id) =>
        chrome.tabs
          .sendMessage(id, { id: 12, type: 'noteComposer', timestamp: Date.now() })
          .then((reply: unknown) => `answers: ${JSON.stringify(reply)}`)
          .catch((error: Error) => `silent: ${error.message}`),
      tabId,
    );
    expect(stillAnswering).toMatch(/^answers: .*"found":true/);

    // The user's own insert (popup opens, presses 1) still lands, exactly once.
    const { outcome } = await composer.insertAsPopupWould(meme);
    expect(outcome).toMatchObject({ ok: true, strategy: 'paste' });
    expect(await composer.received(1)).toHaveLength(1);
    expect(await storedCounts()).toEqual(before);
  });

  test('a forged WXT "content script started" event neither silences the composer script nor keeps an old copy alive', async () => {
    const composer = await ComposerPage.open(browser, server.url('/hostile.html'), '#composer');
    const tabId = await composer.tabId();
    const driver = await browser.openDriver();
    expect(await driver.evaluate((id) => window.insertDriver.prepare(id), tabId)).toMatchObject({ found: true });
    await driver.close();
    // Straight to the tab, not through the popup's helper, which would inject a fresh copy on silence.
    const toComposerScript = (message: object) =>
      browser.serviceWorker.evaluate(
        ({ id, message }) =>
          chrome.tabs.sendMessage(id, message).then(
            (reply: unknown) => `answers: ${JSON.stringify(reply)}`,
            (error: Error) => `silent: ${error.message}`,
          ),
        { id: tabId, message },
      );
    const eventName = `${browser.extensionId}:composer:wxt:content-script-started`;

    // The event a newer copy of a WXT content script sends to end the older one, with the detail
    // WXT checks; the name holds only the extension id, which a page can know.
    await composer.page.evaluate((name) => {
      document.dispatchEvent(new CustomEvent(name, { detail: { contentScriptName: 'composer', messageId: 'forged' } }));
    }, eventName);
    expect(await toComposerScript({ id: 1, type: 'noteComposer', timestamp: Date.now() })).toMatch(/^answers: .*"found":true/);

    // The other way round: the page swallows the real event, and the popup injects a second copy.
    // The first copy must still end, or both would insert the meme.
    await composer.page.evaluate((name) => {
      window.addEventListener(name, (event) => event.stopImmediatePropagation(), { capture: true });
    }, eventName);
    await browser.serviceWorker.evaluate(
      (id) => chrome.scripting.executeScript({ target: { tabId: id, frameIds: [0] }, files: ['/content-scripts/composer.js'] }),
      tabId,
    );
    const meme = memeFromPath(ONE_FACE);
    expect(await toComposerScript({ id: 2, type: 'insertMemeIntoComposer', data: { meme }, timestamp: Date.now() })).toMatch(/^answers: .*"ok":true/);
    await composer.received(1);
    await composer.page.waitForTimeout(1000);
    expect(await composer.page.evaluate(() => window.composerFixture.received.map((file) => file.via))).toEqual(['paste']);
  });

  test('a meme titled with markup is shown as text on the options page', async () => {
    const path = `/${encodeURIComponent(ATTACK_TITLE)}.jpg`;
    const local = await startBadInputServer({ [path]: serveBytes(Buffer.concat([readFileSync(ONE_FACE), Buffer.from('\ntitle attack\n')]), 'image/jpeg') });
    try {
      const added = await addThroughMenu(browser.serviceWorker, local.url(path));
      expect(added.message).toBe('Added: 1 face');
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
      const title = page.getByTestId('meme-title').filter({ hasText: 'onerror' });
      await title.waitFor();
      expect(await title.textContent()).toBe(ATTACK_TITLE);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.title()).not.toBe('pwned');
      await page.close();
    } finally {
      await local.close();
    }
  });
});

describe('a meme titled with markup in the popup', () => {
  let extension: LaunchedExtension;
  let server: BadInputServer;
  beforeAll(async () => {
    server = await startBadInputServer({ [`/${encodeURIComponent(ATTACK_TITLE)}.jpg`]: serveBytes(readFileSync(ONE_FACE), 'image/jpeg') });
    extension = await launchExtension({ fakeCamera: makeFakeCameraClip([join(SHARED, 'datasets/tcce-dev/images/0111b01.jpg')], 'hostile-title-face', 2) });
  });
  afterAll(async () => {
    await extension?.close();
    await server?.close();
  });

  test('is shown as text in the results, never as markup', async () => {
    const added = await addThroughMenu(extension.serviceWorker, server.url(`/${encodeURIComponent(ATTACK_TITLE)}.jpg`));
    expect(added.message).toBe('Added: 1 face');
    const popup = await PopupPage.open(extension);
    await expect.poll(async () => (await popup.results()).length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await popup.page.locator('.result-title').first().textContent()).toBe(ATTACK_TITLE);
    expect(await popup.page.locator('img[src="x"]').count()).toBe(0);
    expect(await popup.page.title()).not.toBe('pwned');
  });
});

test('nothing leaked: adding memes downloads those images and nothing else (the browser net log says so)', async () => {
  const netLog = join(mkdtempSync(join(tmpdir(), 'meme-mirror-netlog-library-')), 'net-log.json');
  const server = await startBadInputServer({ '/face.jpg': serveFile(ONE_FACE, 'image/jpeg'), '/page.html': serveBytes('<p>chat</p>', 'text/html') });
  const extension = await launchExtension({ extraArgs: [`--log-net-log=${netLog}`, '--net-log-capture-mode=Default'] });
  try {
    for (const path of ['/face.jpg', '/gone.jpg']) {
      await addThroughMenu(extension.serviceWorker, server.url(path), server.url('/page.html'));
    }
    const options = await extension.context.newPage();
    await options.goto(extension.url('options.html'));
    await options.getByTestId('meme-card').first().waitFor();
    await options.close();
  } finally {
    await extension.close();
    await server.close();
  }
  // Not the page, not a CDN, not a model hub: only the two images the user asked for.
  expect(requestsInitiatedBy(netLog, `chrome-extension://${extension.extensionId}`).sort()).toEqual([server.url('/face.jpg'), server.url('/gone.jpg')]);
});
