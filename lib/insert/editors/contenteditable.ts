import { isHtmlElement, type EditorKind } from './editor-kind';

/**
 * Any other contenteditable: the root is the outermost editable ancestor, at most the body (an
 * editor that edits a whole frame document, by designMode or a contenteditable body, has its
 * body as root: the element its own paste and drop handlers listen on). What a pasted file
 * becomes is up to the page; with no handler Chrome inserts nothing for a synthetic paste.
 */
export const contenteditableEditor: EditorKind = {
  name: 'contenteditable',
  rootOf(element) {
    if (!isHtmlElement(element)) return undefined;
    const doc = element.ownerDocument;
    if (doc.designMode === 'on' && doc.body?.contains(element)) return doc.body;
    if (!element.isContentEditable) return undefined;
    let root: HTMLElement = element;
    while (root !== doc.body && isHtmlElement(root.parentElement) && root.parentElement.isContentEditable) root = root.parentElement;
    return root;
  },
  showsImagesInline: true,
};

/*
Test pages: tests/fixtures/composers/pages/contenteditable.html, telegram.html, google-chat.html,
  teams.html, gmail.html, frame-design-mode.html, frame-editable-body.html
*/
