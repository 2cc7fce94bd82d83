import { isHtmlElement } from './editors/editor-kind';
import { editorAt } from './editors/index';
import type { SiteAdapter } from './sites/site-adapter';
import type { Composer } from './strategies/insert-strategy';

/** How the composer was found, from the most to the least certain. */
export type FoundBy = 'focused' | 'last-focused' | 'site-selector' | 'only-editable';

/**
 * The body of a frame's document when that body is itself the editor: classic WYSIWYG editors
 * (TinyMCE, CKEditor 4) and webmail composers edit a whole iframe document, with designMode 'on'
 * or a contenteditable body. In such a frame a focused caret leaves `activeElement` on the body.
 */
export function editableBody(doc: Document): HTMLElement | undefined {
  const body = doc.body;
  return body && (doc.designMode === 'on' || body.isContentEditable) ? body : undefined;
}

/**
 * The element that really has focus: through open shadow roots and same-origin iframes, down to
 * a frame whose editable body is the editor (a cross-origin frame's document is not ours to
 * read; that frame stays the answer).
 */
export function deepActiveElement(doc: Document): Element | null {
  let active: Element | null = doc.activeElement;
  for (let depth = 0; active && depth < 32; depth++) {
    const shadowActive = active.shadowRoot?.activeElement;
    if (shadowActive) {
      active = shadowActive;
      continue;
    }
    if (active.localName === 'iframe' || active.localName === 'frame') {
      let inner: Document | null = null;
      try {
        inner = (active as HTMLIFrameElement).contentDocument;
      } catch {
        inner = null;
      }
      if (inner?.activeElement && inner.activeElement !== inner.body) {
        active = inner.activeElement;
        continue;
      }
      // A non-editable body is where focus rests in any frame, so only an editable one is an answer.
      const body = inner ? editableBody(inner) : undefined;
      if (body) active = body;
    }
    break;
  }
  return active;
}

function isVisible(element: HTMLElement): boolean {
  return element.getClientRects().length > 0;
}

/** A composer for `element` if it is (inside) a visible message box. */
export function composerAt(element: Element | null | undefined, site: SiteAdapter): Composer | undefined {
  if (!element) return undefined;
  const found = editorAt(element);
  if (!found || !isVisible(found.root)) return undefined;
  return { element: found.root, editor: found.editor, site };
}

const EDITABLE_SELECTOR = 'textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]';

/** The page's one visible message box, when there is exactly one. */
function onlyEditable(doc: Document, site: SiteAdapter): Composer | undefined {
  const roots = new Set<HTMLElement>();
  let any: Composer | undefined;
  for (const candidate of doc.querySelectorAll(EDITABLE_SELECTOR)) {
    const composer = composerAt(candidate, site);
    if (composer) {
      roots.add(composer.element);
      any = composer;
    }
  }
  return roots.size === 1 ? any : undefined;
}

/** Why no message box was found. */
export type NotFoundReason =
  /** Focus is inside a frame of another origin: out of reach, and no other box may be guessed. */
  | 'focus-in-frame'
  | 'no-composer';

export type ComposerSearch =
  | { found: true; composer: Composer; foundBy: FoundBy }
  | { found: false; reason: NotFoundReason };

function isOtherOriginFrame(element: Element | null): boolean {
  if (!element || (element.localName !== 'iframe' && element.localName !== 'frame')) return false;
  try {
    return (element as HTMLIFrameElement).contentDocument === null;
  } catch {
    return true;
  }
}

/**
 * The message box to insert into: the focused editable, else the one focused last (while this
 * script was alive), else the site adapter's composer, else the page's only editable. When focus
 * is in a frame of another origin (Google Chat inside Gmail), nothing: the user is typing there,
 * and any other box would be the wrong one.
 */
export function findComposer(doc: Document, site: SiteAdapter, lastFocused: HTMLElement | undefined): ComposerSearch {
  const active = deepActiveElement(doc);
  const focused = composerAt(active, site);
  if (focused) return { found: true, composer: focused, foundBy: 'focused' };
  if (isOtherOriginFrame(active)) return { found: false, reason: 'focus-in-frame' };
  const last = lastFocused?.isConnected ? composerAt(lastFocused, site) : undefined;
  if (last) return { found: true, composer: last, foundBy: 'last-focused' };
  if (site.composerSelector) {
    for (const candidate of doc.querySelectorAll(site.composerSelector)) {
      const composer = isHtmlElement(candidate) ? composerAt(candidate, site) : undefined;
      if (composer) return { found: true, composer, foundBy: 'site-selector' };
    }
  }
  const only = onlyEditable(doc, site);
  return only ? { found: true, composer: only, foundBy: 'only-editable' } : { found: false, reason: 'no-composer' };
}
