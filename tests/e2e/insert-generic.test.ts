import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { SHARED } from './fixtures';
import { buildComposerFixtures } from '../fixtures/composers/build-composer-fixtures';
import { ComposerPage, memeFromPath } from '../fixtures/composers/composer-page';
import { launchWithComposerAccess, type ComposerTestBrowser } from '../fixtures/composers/launch-with-composer-access';
import { serveComposerFixtures, type ComposerFixtureServer } from '../fixtures/composers/serve-composer-fixtures';

const MEMES = join(SHARED, 'memes/memegen/images');
const animatedGif = memeFromPath(join(MEMES, 'bongo.gif'));
const png = memeFromPath(join(MEMES, 'feelsgood.png'));
const jpeg = memeFromPath(join(MEMES, 'captain.jpg'));

let browser: ComposerTestBrowser;
let server: ComposerFixtureServer;

beforeAll(async () => {
  server = await serveComposerFixtures(await buildComposerFixtures());
  browser = await launchWithComposerAccess();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the page receives the exact meme file, through the strategy the chain settles on', () => {
  test.each([
    { page: 'contenteditable.html', meme: animatedGif, strategy: 'paste', via: 'paste' },
    { page: 'textarea.html', meme: png, strategy: 'paste', via: 'paste' },
    { page: 'text-input.html', meme: jpeg, strategy: 'drop', via: 'drop' },
    { page: 'lexical.html', meme: animatedGif, strategy: 'paste', via: 'lexical DRAG_DROP_PASTE' },
    { page: 'prosemirror.html', meme: animatedGif, strategy: 'paste', via: 'prosemirror handlePaste' },
    { page: 'file-input-only.html', meme: png, strategy: 'file-input', via: 'file input' },
  ])('$page: $meme.mime by $strategy', async ({ page, meme, strategy, via }) => {
    const composer = await ComposerPage.open(browser, server.url(page));
    const { note, outcome } = await composer.insertAsPopupWould(meme);
    expect(note).toMatchObject({ found: true, foundBy: 'focused' });
    expect(outcome).toMatchObject({ ok: true, strategy });
    const [received] = await composer.received();
    expect(received).toMatchObject({ type: meme.mime, via });
    expect(received.base64).toBe(meme.base64);
    expect(await composer.focusedElement()).not.toBe('body#.');
    await composer.page.close();
  });
});
