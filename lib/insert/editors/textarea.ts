import { isHtmlElement, type EditorKind } from './editor-kind';

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'email', '']);

function isUsableField(element: HTMLElement): boolean {
  const field = element as HTMLTextAreaElement | HTMLInputElement;
  return !field.disabled && !field.readOnly;
}

/**
 * `<textarea>`: the browser pastes only text into it, so a file gets in only through the page's
 * own paste/drop handler or its file input. Nothing shows inside a textarea.
 */
export const textareaEditor: EditorKind = {
  name: 'textarea',
  rootOf: (element) => (isHtmlElement(element) && element.localName === 'textarea' && isUsableField(element) ? element : undefined),
  showsImagesInline: false,
};

/**
 * A one-line text `<input>` used as a message box: same rules as a textarea.
 */
export const textInputEditor: EditorKind = {
  name: 'text-input',
  rootOf: (element) =>
    isHtmlElement(element) &&
    element.localName === 'input' &&
    TEXT_INPUT_TYPES.has((element as HTMLInputElement).type) &&
    isUsableField(element)
      ? element
      : undefined,
  showsImagesInline: false,
};

/*
Test pages: tests/fixtures/composers/pages/textarea.html, text-input.html
*/
