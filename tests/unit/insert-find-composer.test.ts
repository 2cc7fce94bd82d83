// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { editorAt } from '@/lib/insert/editors/index';
import { deepActiveElement, findComposer } from '@/lib/insert/find-composer';
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

test('nearestFileInput takes the closest image-accepting input, not a PDF one', () => {
  document.body.innerHTML = `
    <section><input type="file" id="far" accept="image/*">
      <form><input type="file" id="pdf" accept=".pdf"><input type="file" id="near" accept="image/png,image/gif">
        <div><textarea id="box"></textarea></div></form></section>`;
  expect(nearestFileInput(document.querySelector<HTMLElement>('#box')!)?.id).toBe('near');
});
