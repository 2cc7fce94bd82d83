// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { editorAt } from '@/lib/insert/editors/index';
import { deepActiveElement, editableBody, findComposer } from '@/lib/insert/find-composer';
import { defineSite, genericSite, nearestFileInput } from '@/lib/insert/sites/site-adapter';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('editorAt: the editor kind and editable root of the focused element', () => {
  test.each([
    ['<div data-lexical-editor="true" contenteditable="true"><p><span id="focus">hi</span></p></div>', 'lexical'],
    ['<div class="tiptap ProseMirror" contenteditable="true"><p id="focus">hi</p></div>', 'prosemirror'],
    ['<div data-slate-editor="true" contenteditable="true" role="textbox"><span id="focus">hi</span></div>', 'slate'],
    ['<div class="DraftEditor-root"><div class="public-DraftEditor-content" contenteditable="true"><div id="focus"></div></div></div>', 'draft'],
    ['<div class="ql-container"><div class="ql-editor" contenteditable="true"><p id="focus"></p></div></div>', 'quill'],
    ['<textarea id="focus"></textarea>', 'textarea'],
    ['<input id="focus" type="text">', 'text-input'],
    ['<div contenteditable="true" class="outer"><div contenteditable="true"><b id="focus">x</b></div></div>', 'contenteditable'],
  ])('%s → %s', (html, name) => {
    document.body.innerHTML = html;
    const found = editorAt(document.querySelector('#focus')!);
    expect(found?.editor.name).toBe(name);
    expect(found?.root.isContentEditable || ['textarea', 'input'].includes(found!.root.localName)).toBe(true);
    if (name === 'contenteditable') expect(found?.root.className).toBe('outer');
  });

  test.each([
    ['<input id="focus" type="checkbox">'],
    ['<textarea id="focus" readonly></textarea>'],
    ['<textarea id="focus" disabled></textarea>'],
    ['<div id="focus">not editable</div>'],
    ['<input id="focus" type="password">'],
  ])('%s is not a message box', (html) => {
    document.body.innerHTML = html;
    expect(editorAt(document.querySelector('#focus')!)).toBeUndefined();
  });
});

describe('findComposer: where the meme goes when the popup opens', () => {
  test('the focused element, through an open shadow root', () => {
    const host = document.createElement('chat-box');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div contenteditable="true" id="inner"></div>';
    shadow.querySelector<HTMLElement>('#inner')!.focus();
    expect(deepActiveElement(document)?.id).toBe('inner');
    expect(findComposer(document, genericSite, undefined)).toMatchObject({ foundBy: 'focused', composer: { element: { id: 'inner' } } });
  });

  test('the one focused last, when focus has moved off it', () => {
    document.body.innerHTML = '<textarea id="a"></textarea><textarea id="b"></textarea><button>send</button>';
    document.querySelector('button')!.focus();
    const last = document.querySelector<HTMLElement>('#b')!;
    expect(findComposer(document, genericSite, last)).toMatchObject({ foundBy: 'last-focused', composer: { element: { id: 'b' } } });
  });

  test("the site's composer, when nothing editable had focus", () => {
    document.body.innerHTML = '<input id="search" type="search"><footer><div contenteditable="true" id="box"></div></footer>';
    const site = defineSite({ name: 'whatsapp', matches: () => true, composerSelector: 'footer [contenteditable="true"]' });
    expect(findComposer(document, site, undefined)).toMatchObject({ foundBy: 'site-selector', composer: { element: { id: 'box' } } });
  });

  test('the only message box on the page; none when there are several', () => {
    document.body.innerHTML = '<div contenteditable="true" id="only"></div>';
    expect(findComposer(document, genericSite, undefined)).toMatchObject({ foundBy: 'only-editable' });
    document.body.innerHTML = '<textarea></textarea><textarea></textarea>';
    expect(findComposer(document, genericSite, undefined)).toEqual({ found: false, reason: 'no-composer' });
  });
});

describe('a frame whose body is itself the editor (classic WYSIWYG editors, webmail)', () => {
  /**
   * happy-dom loads no frame documents (and logs an error for each iframe it may not load), so a
   * <frame> gets a document of its own by hand; the e2e tests (frame-*.html) run the same search
   * on real same-origin iframes in Chromium.
   */
  function frameWith(content: string, bodyAttributes: Record<string, string> = {}): { frame: HTMLElement; inner: Document } {
    const frame = document.createElement('frame');
    frame.tabIndex = 0;
    document.body.append(frame);
    const inner = document.implementation.createHTMLDocument('editor');
    inner.body.innerHTML = content;
    for (const [name, value] of Object.entries(bodyAttributes)) inner.body.setAttribute(name, value);
    Object.defineProperty(frame, 'contentDocument', { value: inner });
    frame.focus();
    return { frame, inner };
  }

  test('focus on a contenteditable body: that body is the composer', () => {
    const { frame, inner } = frameWith('<p>hi</p>', { contenteditable: 'true', id: 'tinymce' });
    expect(document.activeElement).toBe(frame);
    expect(inner.activeElement).toBe(inner.body);
    expect(deepActiveElement(document)).toBe(inner.body);
    const found = findComposer(document, genericSite, undefined);
    expect(found).toMatchObject({ found: true, foundBy: 'focused', composer: { editor: { name: 'contenteditable' } } });
    expect(found.found && found.composer.element).toBe(inner.body);
  });

  test('an editable element inside the body has the body as its root, never <html>', () => {
    const { inner } = frameWith('<p><b id="caret">hi</b></p>', { contenteditable: 'true' });
    expect(editorAt(inner.querySelector('#caret')!)?.root).toBe(inner.body);
  });

  test('focus in a frame whose body is not editable stops at the frame', () => {
    const { frame, inner } = frameWith('<p>an ad</p>');
    expect(editableBody(inner)).toBeUndefined();
    expect(deepActiveElement(document)).toBe(frame);
    expect(findComposer(document, genericSite, undefined)).toEqual({ found: false, reason: 'no-composer' });
  });
});

test('nearestFileInput takes the closest image-accepting input, not a PDF one', () => {
  document.body.innerHTML = `
    <section><input type="file" id="far" accept="image/*">
      <form><input type="file" id="pdf" accept=".pdf"><input type="file" id="near" accept="image/png,image/gif">
        <div><textarea id="box"></textarea></div></form></section>`;
  expect(nearestFileInput(document.querySelector<HTMLElement>('#box')!)?.id).toBe('near');
});
