import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { SHARED } from './fixtures';
import { ComposerPage, memeFromPath } from '../fixtures/composers/composer-page';
import { useComposerRig } from '../fixtures/composers/composer-rig';

const MEMES = join(SHARED, 'memes/memegen/images');
const animatedGif = memeFromPath(join(MEMES, 'bongo.gif'));
const png = memeFromPath(join(MEMES, 'feelsgood.png'));
const jpeg = memeFromPath(join(MEMES, 'captain.jpg'));

const rig = useComposerRig();

describe('the page receives the exact meme file, through the strategy the chain settles on', () => {
  test.each([
    { page: 'contenteditable.html', meme: animatedGif, strategy: 'paste', via: 'paste' },
    { page: 'textarea.html', meme: png, strategy: 'paste', via: 'paste' },
    { page: 'text-input.html', meme: jpeg, strategy: 'drop', via: 'drop' },
    { page: 'lexical.html', meme: animatedGif, strategy: 'paste', via: 'lexical DRAG_DROP_PASTE' },
    { page: 'prosemirror.html', meme: animatedGif, strategy: 'paste', via: 'prosemirror handlePaste' },
    { page: 'file-input-only.html', meme: png, strategy: 'file-input', via: 'file input' },
  ])('$page: $meme.mime by $strategy', async ({ page, meme, strategy, via }) => {
    const composer = await ComposerPage.open(rig.browser, rig.server.url(page));
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

describe('when the page takes no file, the meme goes on the clipboard as PNG and a toast says Ctrl+V', () => {
  test.each([
    { meme: animatedGif, label: 'an animated GIF (first frame)' },
    { meme: png, label: 'a PNG (as it is)' },
  ])('clipboard-only.html: $label', async ({ meme }) => {
    const composer = await ComposerPage.open(rig.browser, rig.server.url('clipboard-only.html'));
    await rig.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(rig.server.url('')).origin });
    const { outcome } = await composer.insertAsPopupWould(meme);
    expect(outcome).toMatchObject({
      ok: true,
      strategy: 'clipboard',
      toastInPage: true,
      chain: { ok: false, reason: 'not-accepted', attempts: [{ strategy: 'paste' }, { strategy: 'drop' }, { strategy: 'file-input' }] },
    });
    await expect.poll(() => composer.page.locator('meme-mirror-toast [role=status]').innerText()).toMatch(/press Ctrl\+V/i);
    const clipboard = await composer.page.evaluate(async (original) => {
      const [item] = await navigator.clipboard.read();
      const blob = await item.getType('image/png');
      const bytes = Uint8Array.from(atob(original.base64), (c) => c.charCodeAt(0));
      const [copied, source] = await Promise.all([createImageBitmap(blob), createImageBitmap(new Blob([bytes], { type: original.mime }))]);
      return { types: item.types, size: [copied.width, copied.height], sourceSize: [source.width, source.height] };
    }, meme);
    expect(clipboard.types).toEqual(['image/png']);
    expect(clipboard.size).toEqual(clipboard.sourceSize);
    expect(await composer.focusedElement()).toBe('div#composer.');
    expect(await composer.page.locator('img').count()).toBe(0);
    await composer.page.close();
  });
});

describe('composers inside a same-origin iframe and an open shadow root', () => {
  test('iframe.html: the focused box inside the frame gets the file', async () => {
    const page = await rig.browser.context.newPage();
    await page.goto(rig.server.url('iframe.html?frame'));
    const frame = page.frameLocator('#frame');
    await frame.locator('#composer').click();
    await page.keyboard.type('in a frame ');
    const composer = new ComposerPage(rig.browser, page);
    const { note, outcome } = await composer.insertAsPopupWould(animatedGif);
    expect(note).toMatchObject({ found: true, foundBy: 'focused', editor: 'contenteditable' });
    expect(outcome).toMatchObject({ ok: true, strategy: 'paste' });
    const inner = page.frames().find((candidate) => candidate.url().endsWith('contenteditable.html'))!;
    const received = await inner.evaluate(() => window.composerFixture.received);
    expect(received).toHaveLength(1);
    expect(received[0].base64).toBe(animatedGif.base64);
    await page.close();
  });

  test('shadow.html: the box in the shadow root gets the file, and keeps focus', async () => {
    const composer = await ComposerPage.open(rig.browser, rig.server.url('shadow.html'), 'chat-composer #composer');
    const { note, outcome } = await composer.insertAsPopupWould(png);
    expect(note).toMatchObject({ found: true, foundBy: 'focused' });
    expect(outcome).toMatchObject({ ok: true, strategy: 'paste', evidence: 'preview-image' });
    const [received] = await composer.received();
    expect(received.base64).toBe(png.base64);
    expect(await composer.focusedElement()).toBe('div#composer.');
    await composer.page.close();
  });
});

test("trusted-only.html: a page that ignores synthetic events gets the meme from the user's own Ctrl+V after the fallback", async () => {
  const composer = await ComposerPage.open(rig.browser, rig.server.url('trusted-only.html'));
  const { outcome } = await composer.insertAsPopupWould(animatedGif);
  expect(outcome).toMatchObject({ ok: true, strategy: 'clipboard', toastInPage: true });
  expect(await composer.page.evaluate(() => window.composerFixture.log.filter((line) => line.startsWith('ignored')))).toEqual([
    'ignored an untrusted paste',
    'ignored an untrusted drop',
  ]);
  await composer.page.bringToFront();
  await composer.page.keyboard.press('Control+V');
  const [received] = await composer.received();
  expect(received).toMatchObject({ type: 'image/png', via: 'trusted paste' });
  const sizes = await composer.page.evaluate(async ({ pasted, original }) => {
    const decode = (base64: string, type: string) => createImageBitmap(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type }));
    const [a, b] = await Promise.all([decode(pasted, 'image/png'), decode(original.base64, original.mime)]);
    return [[a.width, a.height], [b.width, b.height]];
  }, { pasted: received.base64, original: animatedGif });
  expect(sizes[0]).toEqual(sizes[1]);
  await composer.page.close();
});

test("a meme the page took leaves the user's clipboard as it was", async () => {
  const composer = await ComposerPage.open(rig.browser, rig.server.url('contenteditable.html'));
  await rig.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(rig.server.url('')).origin });
  await composer.page.evaluate(() => navigator.clipboard.writeText('what the user copied before'));
  const { outcome } = await composer.insertAsPopupWould(png);
  expect(outcome).toMatchObject({ ok: true, strategy: 'paste' });
  await composer.page.bringToFront();
  expect(await composer.page.evaluate(() => navigator.clipboard.readText())).toBe('what the user copied before');
  await composer.page.close();
});

test('contenteditable.html: after the insert, Enter sends the message with the meme attached', async () => {
  const composer = await ComposerPage.open(rig.browser, rig.server.url('contenteditable.html'));
  await composer.insertAsPopupWould(animatedGif);
  await composer.received();
  await composer.page.bringToFront();
  await composer.page.keyboard.press('Enter');
  expect(await composer.page.evaluate(() => window.composerFixture.log.filter((line) => line.startsWith('sent')))).toEqual([
    'sent "look at this" with 1 attachment(s)',
  ]);
  await composer.page.close();
});

test('cross-frame.html: with focus in a frame of another origin, nothing goes into the page\'s own box; the clipboard and Ctrl+V do it', async () => {
  const page = await rig.browser.context.newPage();
  await page.goto(rig.server.url('cross-frame.html?cross'));
  await page.frameLocator('#frame').locator('#composer').click();
  await page.keyboard.type('in the chat frame ');
  const composer = new ComposerPage(rig.browser, page);
  const { note, outcome } = await composer.insertAsPopupWould(animatedGif);
  expect(note).toMatchObject({ found: false, reason: 'focus-in-frame' });
  expect(outcome).toMatchObject({ ok: true, strategy: 'clipboard', toastInPage: true, chain: { reason: 'focus-in-frame' } });
  expect(await page.evaluate(() => window.composerFixture.received.length)).toBe(0);
  const inner = page.frames().find((frame) => frame.url().startsWith('http://localhost'))!;
  expect(await inner.evaluate(() => document.activeElement?.id)).toBe('composer');
  await page.bringToFront();
  await page.keyboard.press('Control+V');
  await inner.waitForFunction(() => window.composerFixture.received.length === 1);
  expect(await inner.evaluate(() => window.composerFixture.received[0].type)).toBe('image/png');
  await page.close();
});
