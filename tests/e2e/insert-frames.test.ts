import { expect, test } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SHARED } from './fixtures';
import { ComposerPage, memeFromPath } from '../fixtures/composers/composer-page';
import { useComposerRig } from '../fixtures/composers/composer-rig';

const MEMES = join(SHARED, 'memes/memegen/images');
const animatedGif = memeFromPath(join(MEMES, 'bongo.gif'));
const png = memeFromPath(join(MEMES, 'feelsgood.png'));

const rig = useComposerRig();

/** Opens a frame-editor fixture and types in the frame's body, as a user would. */
async function openFrameEditor(page: string): Promise<{ composer: ComposerPage; page: Page }> {
  const tab = await rig.browser.context.newPage();
  await tab.goto(rig.server.url(`${page}${page.includes('?') ? '&' : '?'}page=${++ComposerPage.opened}`));
  await tab.frameLocator('#editor-frame').locator('body').click();
  await tab.keyboard.type('look at this ');
  return { composer: new ComposerPage(rig.browser, tab), page: tab };
}

/** Where focus is: the top page's active element, and whether the editor frame's body holds the caret. */
function focusInFrameBody(page: Page): Promise<{ top: string | undefined; inFrame: boolean }> {
  return page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>('#editor-frame')!;
    return { top: document.activeElement?.id, inFrame: frame.contentDocument!.activeElement === frame.contentDocument!.body };
  });
}

test.each([
  { fixture: 'frame-design-mode.html', meme: animatedGif, src: /^data:image\/gif;base64,/ },
  { fixture: 'frame-editable-body.html', meme: png, src: /^blob:/ },
])('$fixture: the frame body the caret is in is found, and the editor has the exact meme inline', async ({ fixture, meme, src }) => {
  const { composer, page } = await openFrameEditor(fixture);
  const { note, outcome } = await composer.insertAsPopupWould(meme);
  expect(note).toMatchObject({ found: true, foundBy: 'focused', editor: 'contenteditable' });
  expect(outcome).toMatchObject({ ok: true, strategy: 'paste', evidence: 'editor-image' });
  const [received] = await composer.received();
  expect(received).toMatchObject({ type: meme.mime, name: expect.stringMatching(/\.(gif|png)$/) });
  expect(received.base64).toBe(meme.base64);
  const content = await page.evaluate(() => window.frameEditor.getContent());
  expect(content).toContain('look at this');
  const images = await page.frameLocator('#editor-frame').locator('img').evaluateAll((all) => all.map((image) => image.getAttribute('src') ?? ''));
  expect(images).toHaveLength(1);
  expect(images[0]).toMatch(src);
  expect(await focusInFrameBody(page)).toEqual({ top: 'editor-frame', inFrame: true });
  await page.close();
});

test("frame-editable-body.html?trusted-only: the editor was found, so the toast says only Ctrl+V, and the user's Ctrl+V lands in the frame", async () => {
  const { composer, page } = await openFrameEditor('frame-editable-body.html?trusted-only');
  await rig.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(rig.server.url('')).origin });
  const { note, outcome } = await composer.insertAsPopupWould(animatedGif);
  expect(note).toMatchObject({ found: true, foundBy: 'focused' });
  expect(outcome).toMatchObject({ ok: true, strategy: 'clipboard', toastInPage: true, chain: { reason: 'not-accepted' } });
  const toast = await page.locator('meme-mirror-toast [role=status]').innerText();
  expect(toast).toMatch(/Press Ctrl\+V/);
  expect(toast).not.toMatch(/click/i);
  expect(await focusInFrameBody(page)).toEqual({ top: 'editor-frame', inFrame: true });
  await page.bringToFront();
  await page.keyboard.press('Control+V');
  const [received] = await composer.received();
  expect(received).toMatchObject({ type: 'image/png', via: 'editable-body trusted paste' });
  expect(await page.evaluate(() => window.frameEditor.getContent())).toMatch(/<img src="blob:/);
  await page.close();
});

test('flash-preview.html: a preview the page removes 1.5 s later is not an insert; the meme goes to the clipboard and the toast says Ctrl+V', async () => {
  const composer = await ComposerPage.open(rig.browser, rig.server.url('flash-preview.html'));
  await rig.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(rig.server.url('')).origin });
  const { note, outcome } = await composer.insertAsPopupWould(png);
  expect(note).toMatchObject({ found: true, foundBy: 'focused' });
  expect(outcome).toMatchObject({
    ok: true,
    strategy: 'clipboard',
    toastInPage: true,
    chain: { ok: false, reason: 'withdrawn', attempts: [{ strategy: 'paste', accepted: false, detail: expect.stringContaining('then removed it') }] },
  });
  expect(await composer.page.evaluate(() => window.composerFixture.log.filter((line) => /^(received|upload)/.test(line)))).toEqual([
    expect.stringMatching(/^received feelsgood\.png/),
    'upload failed: preview removed',
  ]);
  const toast = await composer.page.locator('meme-mirror-toast [role=status]').innerText();
  expect(toast).toMatch(/Press Ctrl\+V/);
  expect(toast).not.toMatch(/click/i);
  await composer.page.bringToFront();
  const clipboard = await composer.page.evaluate(async () => (await navigator.clipboard.read())[0].types);
  expect(clipboard).toEqual(['image/png']);
  expect(await composer.focusedElement()).toBe('div#composer.');
  await composer.page.close();
});
