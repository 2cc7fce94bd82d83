import { ACCEPT_WAIT_MS, EVIDENCE_SETTLE_MS, type AcceptanceWatch } from '../acceptance';
import type { Composer, StrategyResult } from './insert-strategy';

/** The composer's window: events, DataTransfers and Files are made in the page's own realm. */
export function realmOf(element: Element): Window & typeof globalThis {
  return (element.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

export function dataTransferWith(file: File, realm: Window & typeof globalThis): DataTransfer {
  const data = new realm.DataTransfer();
  data.items.add(file);
  return data;
}

/**
 * The browser's step after an uncancelled paste or drop on an editor: `beforeinput` carrying the
 * same DataTransfer, which some editors (slate-react in Chrome) read instead. True when cancelled.
 */
export function dispatchBeforeInput(
  target: HTMLElement,
  realm: Window & typeof globalThis,
  inputType: 'insertFromPaste' | 'insertFromDrop',
  data: DataTransfer,
): boolean {
  const input = new realm.InputEvent('beforeinput', { inputType, dataTransfer: data, bubbles: true, cancelable: true, composed: true });
  target.dispatchEvent(input);
  return input.defaultPrevented;
}

/**
 * Puts focus (and so the caret) back in the message box without scrolling the chat. An editor
 * that is a frame's body holds the caret while its frame has focus (`activeElement` is that body
 * whether or not it is focused), so there the frame's window is focused first.
 */
export function focusComposer(composer: Composer): void {
  const { element } = composer;
  const doc = element.ownerDocument;
  if (element === doc.body && doc.defaultView?.frameElement) {
    if (!doc.hasFocus()) {
      doc.defaultView.focus();
      element.focus({ preventScroll: true });
    }
    return;
  }
  if (doc.activeElement !== element && !element.contains(doc.activeElement)) {
    element.focus({ preventScroll: true });
  }
}

/**
 * Turns "the page cancelled it or not" plus what the watch saw into a result. A cancelled event
 * counts only on sites that trust it (their handler is known to attach files); everywhere else a
 * visible sign is required, because Draft.js and others cancel pastes they then drop. A sign must
 * still be there EVIDENCE_SETTLE_MS later: one that goes away is the page giving the file up.
 */
export async function settle(
  composer: Composer,
  watch: AcceptanceWatch,
  handled: boolean,
  signal: AbortSignal,
  what: string,
): Promise<StrategyResult> {
  const trusted = handled && composer.site.trustDefaultPrevented;
  const waitMs = trusted ? ACCEPT_WAIT_MS.trusted : handled ? ACCEPT_WAIT_MS.handled : ACCEPT_WAIT_MS.ignored;
  const evidence = await watch.wait(waitMs, signal);
  if (evidence) {
    if (await watch.persists(EVIDENCE_SETTLE_MS, signal)) return { accepted: true, evidence };
    if (signal.aborted) return { accepted: false, reason: 'cancelled' };
    return { accepted: false, withdrawn: true, reason: `the page showed the ${what} (${evidence}), then removed it within ${EVIDENCE_SETTLE_MS} ms` };
  }
  if (trusted) return { accepted: true, evidence: 'default-prevented' };
  if (signal.aborted) return { accepted: false, reason: 'cancelled' };
  return {
    accepted: false,
    reason: handled ? `the page cancelled the ${what} but showed no sign of the file` : `nothing on the page took the ${what}`,
  };
}
