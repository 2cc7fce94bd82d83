import { expect, test } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SHARED } from './fixtures';
import { ComposerPage, memeFromPath } from '../fixtures/composers/composer-page';
import { useComposerRig } from '../fixtures/composers/composer-rig';
import type {} from '../fixtures/composers/pages/tinymce';
import type {} from '../fixtures/composers/pages/jodit';

const MEMES = join(SHARED, 'memes/memegen/images');
const animatedGif = memeFromPath(join(MEMES, 'bongo.gif'));
const png = memeFromPath(join(MEMES, 'feelsgood.png'));

const rig = useComposerRig();

/**
 * Real editors from npm whose editable area is the <body> of an iframe they write themselves:
 * `frame` is that iframe, `content` reads the editor's own model through its API.
 */
const EDITORS = [
  { fixture: 'tinymce.html', frame: 'iframe#composer-host_ifr', content: () => window.tinymce.activeEditor!.getContent() },
  { fixture: 'jodit.html', frame: 'iframe.jodit-wysiwyg_iframe', content: () => window.jodit.value },
];

/** Opens the page, logging every request it and its frames make, and types in the editor's frame body. */
async function openIframeEditor(fixture: string, frame: string): Promise<{ composer: ComposerPage; page: Page; requests: string[] }> {
  const page = await rig.browser.context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(rig.server.url(`${fixture}?page=${++ComposerPage.opened}`));
  await page.frameLocator(frame).locator('body').click();
  await page.keyboard.type('look at this ');
  return { composer: new ComposerPage(rig.browser, page), page, requests };
}

/** The top page's focused element is the editor's iframe, and the caret is in that frame's body. */
function focusInFrameBody(page: Page, frame: string): Promise<boolean> {
  return page.evaluate((selector) => {
    const editorFrame = document.querySelector<HTMLIFrameElement>(selector)!;
    return document.activeElement === editorFrame && editorFrame.contentDocument!.activeElement === editorFrame.contentDocument!.body;
  }, frame);
}

/** The src of each image in the editor's model, and the bytes each one holds (data: or blob:). */
async function imagesInModel(page: Page, content: () => string): Promise<{ src: string; type: string; base64: string }[]> {
  const html = await page.evaluate(content);
  return page.evaluate(async (model) => {
    const sources = [...new DOMParser().parseFromString(model, 'text/html').images].map((image) => image.getAttribute('src') ?? '');
    return Promise.all(
      sources.map(async (src) => {
        const blob = await (await fetch(src)).blob();
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { src, type: blob.type, base64: btoa(binary) };
      }),
    );
  }, html);
}

test.each(EDITORS.flatMap((editor) => [animatedGif, png].map((meme) => ({ ...editor, meme }))))(
  '$fixture ($meme.name): the editor in the frame body is found, its own model holds the exact meme, focus is back in it, and the page fetched nothing from elsewhere',
  async ({ fixture, frame, content, meme }) => {
    const { composer, page, requests } = await openIframeEditor(fixture, frame);
    const { note, outcome } = await composer.insertAsPopupWould(meme);
    expect(note).toMatchObject({ found: true, foundBy: 'focused', editor: 'contenteditable' });
    expect(outcome).toMatchObject({ ok: true, strategy: 'paste', evidence: 'editor-image' });

    expect(await page.evaluate(content)).toContain('look at this');
    const images = await imagesInModel(page, content);
    expect(images).toHaveLength(1);
    expect(images[0].src).toMatch(/^(data|blob):/);
    expect(images[0]).toMatchObject({ type: meme.mime, base64: meme.base64 });
    expect(await focusInFrameBody(page, frame)).toBe(true);

    const origin = new URL(rig.server.url('')).origin;
    expect(requests).toContain(rig.server.url(fixture.replace(/\.html$/, '.js')));
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`blob:${origin}/`) && !url.startsWith('data:'))).toEqual([]);
    await page.close();
  },
);
