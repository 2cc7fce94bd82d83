import { isHtmlElement, type EditorKind } from './editor-kind';

/**
 * Any other contenteditable: the root is the outermost editable ancestor. What a pasted file
 * becomes is up to the page; with no handler Chrome inserts nothing for a synthetic paste.
 */
export const contenteditableEditor: EditorKind = {
  name: 'contenteditable',
  rootOf(element) {
    if (!isHtmlElement(element) || !element.isContentEditable) return undefined;
    let root: HTMLElement = element;
    while (isHtmlElement(root.parentElement) && root.parentElement.isContentEditable) root = root.parentElement;
    return root;
  },
  showsImagesInline: true,
};

/*
Test pages: tests/fixtures/composers/pages/contenteditable.html, telegram.html, google-chat.html,
  teams.html, gmail.html
*/
