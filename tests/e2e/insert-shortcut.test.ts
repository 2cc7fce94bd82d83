import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SHARED } from './fixtures';
import { buildComposerFixtures } from '../fixtures/composers/build-composer-fixtures';
import { ComposerPage, memeFromPath } from '../fixtures/composers/composer-page';
import { launchWithComposerAccess, type ComposerTestBrowser } from '../fixtures/composers/launch-with-composer-access';
import { serveComposerFixtures, type ComposerFixtureServer } from '../fixtures/composers/serve-composer-fixtures';

/**
 * The real permission path: the shipped manifest (no host permissions), headed Chromium on Xvfb,
 * and the Alt+Shift+M shortcut sent as a real X key event (Playwright's key presses never reach
 * extension commands). Opening the popup that way grants activeTab for the tab, which is all the
 * insert path needs. Skipped where Xvfb or xdotool is missing (apt-get install xvfb xdotool).
 */
const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const DISPLAY = ':97';
const xdotool = (...args: string[]) => execFileSync('xdotool', args, { env: { ...process.env, DISPLAY } });

describe.skipIf(!has('Xvfb') || !has('xdotool'))('the shortcut grants activeTab, and only then can the meme go in', () => {
  let xvfb: ChildProcess;
  let browser: ComposerTestBrowser;
  let server: ComposerFixtureServer;

  beforeAll(async () => {
    xvfb = spawn('Xvfb', [DISPLAY, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    server = await serveComposerFixtures(await buildComposerFixtures());
    browser = await launchWithComposerAccess({ grantFixtureHosts: false, display: DISPLAY });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    xvfb?.kill();
  });

  test('contenteditable.html: unreachable before Alt+Shift+M, inserted after it', async () => {
    const meme = memeFromPath(join(SHARED, 'memes/memegen/images/bongo.gif'));
    const composer = await ComposerPage.open(browser, server.url('contenteditable.html'));
    const tabId = await composer.tabId();

    const before = await browser.openDriver();
    expect(await before.evaluate((id) => window.insertDriver.prepare(id), tabId)).toMatchObject({ reason: 'unreachable' });
    await before.close();

    await composer.page.bringToFront();
    await composer.page.locator('#composer').click();
    xdotool('key', 'alt+shift+m');
    await expect
      .poll(() => browser.serviceWorker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['POPUP' as chrome.runtime.ContextType] })).length), { timeout: 10_000 })
      .toBe(1);

    const { note, outcome } = await composer.insertAsPopupWould(meme);
    expect(note).toMatchObject({ found: true, foundBy: 'focused' });
    expect(outcome).toMatchObject({ ok: true, strategy: 'paste' });
    const [received] = await composer.received();
    expect(received.base64).toBe(meme.base64);
  });
});
