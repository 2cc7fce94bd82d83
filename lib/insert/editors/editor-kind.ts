/** The editor libraries and plain fields a composer can be built on. */
export type EditorName = 'lexical' | 'prosemirror' | 'slate' | 'draft' | 'quill' | 'textarea' | 'text-input' | 'contenteditable';

/**
 * One editor kind: how to find its editable root from the focused element, and what it does with
 * a pasted or dropped image by itself. The editor's host app decides what happens to a file; the
 * kind only says where events must land and what an inserted image looks like inside it.
 */
export interface EditorKind {
  name: EditorName;
  /** The editable root holding `element`, or undefined when `element` is not inside this kind. */
  rootOf(element: Element): HTMLElement | undefined;
  /** True when an accepted image can show up as an `<img>` inside the editor's own DOM. */
  showsImagesInline: boolean;
}

/** Realm-safe element test (a same-origin iframe has its own HTMLElement). */
export function isHtmlElement(node: unknown): node is HTMLElement {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1 && 'isContentEditable' in (node as object);
}

/** The closest ancestor (or self) matching `selector` that is editable, as an HTMLElement. */
export function closestEditable(element: Element, selector: string): HTMLElement | undefined {
  const found = element.closest(selector);
  return isHtmlElement(found) && found.isContentEditable ? found : undefined;
}
