import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_DIR } from './fixtures';
import { buildComposerFixtures } from '../fixtures/composers/build-composer-fixtures';
import { ComposerPage } from '../fixtures/composers/composer-page';
import { launchWithComposerAccess, type ComposerTestBrowser } from '../fixtures/composers/launch-with-composer-access';
import { serveComposerFixtures, type ComposerFixtureServer } from '../fixtures/composers/serve-composer-fixtures';

let browser: ComposerTestBrowser;
let server: ComposerFixtureServer;

beforeAll(async () => {
  server = await serveComposerFixtures(await buildComposerFixtures());
  browser = await launchWithComposerAccess({ grantFixtureHosts: false });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('the shipped manifest reaches no site by itself: activeTab + scripting, no hosts, no content scripts', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.permissions).toEqual(expect.arrayContaining(['activeTab', 'scripting']));
  expect(manifest.host_permissions ?? []).toEqual([]);
  expect(manifest.content_scripts ?? []).toEqual([]);
});

test('without a toolbar click or shortcut (no activeTab grant) the page cannot be touched', async () => {
  const composer = await ComposerPage.open(browser, server.url('contenteditable.html'));
  const driver = await browser.openDriver();
  const note = await driver.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({});
    return window.insertDriver.prepare(tabs.find((tab) => tab.url === url)?.id ?? -1);
  }, composer.page.url());
  expect(note).toMatchObject({ found: false, reason: 'unreachable' });
  expect(await composer.page.evaluate(() => document.querySelector('meme-mirror-toast'))).toBeNull();
});
