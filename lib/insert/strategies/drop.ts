import { watchForAcceptance } from '../acceptance';
import { dataTransferWith, dispatchBeforeInput, focusComposer, realmOf, settle } from './dispatch';
import type { InsertStrategy } from './insert-strategy';

/** Drop zones often open on dragenter and render a frame later (React batches the update). */
const DROP_ZONE_SETTLE_MS = 50;

function centreOf(element: HTMLElement): { x: number; y: number } {
  const rect = element.getBoundingClientRect();
  return { x: rect.left + rect.width / 2, y: rect.top + Math.min(rect.height / 2, 20) };
}

function elementAt(element: HTMLElement, x: number, y: number): Element | null {
  const root = element.getRootNode() as Document | ShadowRoot;
  return 'elementFromPoint' in root ? root.elementFromPoint(x, y) : element.ownerDocument.elementFromPoint(x, y);
}

/**
 * Step 2: drag the meme in from outside, over the composer's centre: dragenter and dragover on
 * the composer, then drop on whatever is under that point by then. Messengers open a full-panel
 * drop zone on dragenter, and that zone, not the editor, is what a person drops on. An ignored drop
 * on an editable target is followed by `beforeinput` insertFromDrop, as in the browser; an ignored
 * drop ends with dragleave so a drop zone that opened closes again.
 *
 * Accepted on: the same signs as the paste.
 */
export const insertByDrop: InsertStrategy = async (composer, meme, signal) => {
  const target = composer.element;
  const realm = realmOf(target);
  const watch = watchForAcceptance(composer, meme);
  try {
    focusComposer(composer);
    const data = dataTransferWith(meme, realm);
    const { x, y } = centreOf(target);
    const drag = (type: string) =>
      new realm.DragEvent(type, {
        dataTransfer: data,
        bubbles: true,
        cancelable: true,
        composed: true,
        clientX: x,
        clientY: y,
        screenX: x,
        screenY: y,
      });
    const underPointerBefore = elementAt(target, x, y);
    target.dispatchEvent(drag('dragenter'));
    target.dispatchEvent(drag('dragover'));
    await new Promise((resolve) => setTimeout(resolve, DROP_ZONE_SETTLE_MS));
    let dropTarget: Element = target;
    const underPointer = elementAt(target, x, y);
    if (underPointer && underPointer !== underPointerBefore && !target.contains(underPointer)) {
      dropTarget = underPointer;
      dropTarget.dispatchEvent(drag('dragenter'));
      dropTarget.dispatchEvent(drag('dragover'));
    }
    if (signal.aborted) {
      dropTarget.dispatchEvent(drag('dragleave'));
      return { accepted: false, reason: 'cancelled' };
    }
    const drop = drag('drop');
    dropTarget.dispatchEvent(drop);
    const handled =
      drop.defaultPrevented ||
      (dropTarget === target && target.isContentEditable && dispatchBeforeInput(target, realm, 'insertFromDrop', data));
    if (!handled) dropTarget.dispatchEvent(drag('dragleave'));
    return await settle(composer, watch, handled, signal, 'drop');
  } finally {
    watch.stop();
  }
};

/*
Test pages: tests/fixtures/composers/pages/messenger.html (drop first there), drop-zone.html
*/
