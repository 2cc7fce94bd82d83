import { OWN_ELEMENT_ATTRIBUTE } from './acceptance';
import type { ChainOutcome } from './insert-meme-into-composer';
import { t } from '@/lib/i18n';

/** What the page-side toast tells the user after the chain could not attach the meme. */
export const INSERT_TOAST_KINDS = ['paste-from-clipboard', 'click-then-paste', 'not-inserted'] as const;
export type InsertToastKind = (typeof INSERT_TOAST_KINDS)[number] &
  (
  /** The meme is on the clipboard and focus is back in the message box. */
  | 'paste-from-clipboard'
  /** The meme is on the clipboard, but no message box was found to put focus in. */
  | 'click-then-paste'
  /** Neither inserted nor copied. */
  | 'not-inserted');

export const TOAST_MS = 6000;

/**
 * The toast for a meme the page did not take. Only when no message box was found does the user
 * have to click one first; otherwise focus is back where they were typing (a box found but not
 * taking the meme, or one in a frame out of reach, where focus stayed), and Ctrl+V is all it takes.
 */
export function fallbackToastKind(copied: boolean, reason: Extract<ChainOutcome, { ok: false }>['reason'] | 'unreachable'): InsertToastKind {
  if (!copied) return 'not-inserted';
  return reason === 'no-composer' ? 'click-then-paste' : 'paste-from-clipboard';
}

function pasteKeys(nav: Navigator): string {
  const platform = (nav as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? nav.platform;
  return /mac|iphone|ipad/i.test(platform) ? '⌘V' : 'Ctrl+V';
}

export function insertToastText(kind: InsertToastKind, nav: Navigator = navigator): string {
  switch (kind) {
    case 'paste-from-clipboard':
      return t('insertToastPaste', pasteKeys(nav));
    case 'click-then-paste':
      return t('insertToastClickThenPaste', pasteKeys(nav));
    case 'not-inserted':
      return t('insertToastFailed');
  }
}

const STYLE = `
  :host { all: initial; }
  div { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); z-index: 2147483647;
    max-width: min(90vw, 480px); padding: 10px 16px; border-radius: 8px; background: #1f2328; color: #fff;
    font: 14px/1.4 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0,0,0,.3); }
`;

/**
 * Shows the toast at the bottom of the page for TOAST_MS (one at a time), in a shadow root so the
 * page's CSS leaves it alone; it goes away early when `signal` aborts.
 */
export function showInsertToast(doc: Document, kind: InsertToastKind, signal: AbortSignal): HTMLElement {
  doc.querySelector(`[${OWN_ELEMENT_ATTRIBUTE}="toast"]`)?.remove();
  const host = doc.createElement('meme-mirror-toast');
  host.setAttribute(OWN_ELEMENT_ATTRIBUTE, 'toast');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const box = doc.createElement('div');
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  box.textContent = insertToastText(kind, doc.defaultView?.navigator ?? navigator);
  shadow.append(style, box);
  (doc.body ?? doc.documentElement).append(host);
  const remove = () => host.remove();
  const timer = setTimeout(remove, TOAST_MS);
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    remove();
  }, { once: true });
  return host;
}
