import { afterAll, beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import { SHARED } from './fixtures';
import { buildComposerFixtures } from '../fixtures/composers/build-composer-fixtures';
import { ComposerPage, memeFromPath } from '../fixtures/composers/composer-page';
import { launchWithComposerAccess, type ComposerTestBrowser } from '../fixtures/composers/launch-with-composer-access';
import { MIMIC_HOSTS, serveComposerFixtures, type ComposerFixtureServer } from '../fixtures/composers/serve-composer-fixtures';
import type { MemeWire } from '../../lib/insert/meme-file';

/**
 * Messenger mimics served under the real host names (mapped to 127.0.0.1), so each site adapter
 * is picked as it would be live. They imitate each site's composer markup and editor library;
 * they are not the sites, whose behaviour can change at any time.
 */
const MEMES = join(SHARED, 'memes/memegen/images');
const animatedGif = memeFromPath(join(MEMES, 'bongo.gif'));
const png = memeFromPath(join(MEMES, 'feelsgood.png'));

let browser: ComposerTestBrowser;
let server: ComposerFixtureServer;
let webp: MemeWire;

beforeAll(async () => {
  server = await serveComposerFixtures(await buildComposerFixtures());
  browser = await launchWithComposerAccess({ hostResolverRules: server.hostResolverRules });
  const page = await browser.context.newPage();
  await page.goto(server.url('clipboard-only.html'));
  webp = { name: 'feelsgood.webp', mime: 'image/webp', base64: await page.evaluate(async (source) => {
    const bytes = Uint8Array.from(atob(source), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/webp' });
    const data = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const byte of data) binary += String.fromCharCode(byte);
    return btoa(binary);
  }, png.base64) };
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test.each([
  { site: 'whatsapp', editor: 'lexical', strategy: 'paste', evidence: 'site-signal', via: 'whatsapp media preview' },
  { site: 'telegram', editor: 'contenteditable', strategy: 'paste', evidence: 'site-signal', via: 'telegram send-photo popup' },
  { site: 'discord', editor: 'slate', strategy: 'paste', evidence: 'site-signal', via: 'discord upload' },
  { site: 'slack', editor: 'quill', strategy: 'paste', evidence: 'site-signal', via: 'slack file upload' },
  { site: 'messenger', editor: 'lexical', strategy: 'drop', evidence: 'preview-image', via: 'messenger drop zone' },
  { site: 'google-chat', editor: 'contenteditable', strategy: 'paste', evidence: 'file-name-shown', via: 'google chat attachment' },
  { site: 'teams', editor: 'contenteditable', strategy: 'paste', evidence: 'editor-image', via: 'teams inline image' },
  { site: 'x', editor: 'draft', strategy: 'file-input', evidence: 'site-signal', via: 'x file input' },
  { site: 'gmail', editor: 'contenteditable', strategy: 'paste', evidence: 'editor-image', via: 'gmail inline image' },
] as const)('$site mimic: $strategy, seen as $evidence; the site gets the exact animated GIF', async ({ site, editor, strategy, evidence, via }) => {
  const composer = await ComposerPage.open(browser, server.mimicUrl(MIMIC_HOSTS[site], `${site === 'x' ? 'x-dm' : site}.html`), '[contenteditable="true"]');
  const { note, outcome } = await composer.insertAsPopupWould(animatedGif);
  expect(note).toMatchObject({ found: true, site, editor });
  expect(outcome).toMatchObject({ ok: true, site, editor, strategy, evidence, mime: 'image/gif' });
  const [received] = await composer.received();
  expect(received).toMatchObject({ type: 'image/gif', name: 'bongo.gif', via });
  expect(received.base64).toBe(animatedGif.base64);
  await composer.page.close();
});

test('teams mimic: a WebP goes in as PNG, because the adapter says Teams takes only PNG, JPEG and GIF', async () => {
  const composer = await ComposerPage.open(browser, server.mimicUrl(MIMIC_HOSTS.teams, 'teams.html'), '[contenteditable="true"]');
  const { outcome } = await composer.insertAsPopupWould(webp);
  expect(outcome).toMatchObject({ ok: true, site: 'teams', strategy: 'paste', mime: 'image/png' });
  const [received] = await composer.received();
  expect(received).toMatchObject({ type: 'image/png', name: 'feelsgood.png' });
  expect(Buffer.from(received.base64, 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  await composer.page.close();
});

test('whatsapp mimic with nothing focused: the site adapter finds the composer in the footer', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.mimicUrl(MIMIC_HOSTS.whatsapp, 'whatsapp.html?unfocused'));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const composer = new ComposerPage(browser, page);
  const { note, outcome } = await composer.insertAsPopupWould(animatedGif);
  expect(note).toMatchObject({ found: true, site: 'whatsapp', foundBy: 'site-selector' });
  expect(outcome).toMatchObject({ ok: true, strategy: 'paste' });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-tab'))).toBe('10');
  await page.close();
});
