import { watchForAcceptance } from '../acceptance';
import { dataTransferWith, dispatchBeforeInput, focusComposer, realmOf, settle } from './dispatch';
import type { InsertStrategy } from './insert-strategy';

/**
 * Step 1: a paste event whose clipboardData holds the meme as a File, dispatched on the focused
 * editor, as Ctrl+V would. When no handler cancels it, the browser's next step for a real paste
 * follows: `beforeinput` with inputType insertFromPaste and the same DataTransfer (slate-react
 * reads pastes there in Chrome).
 *
 * Accepted on: the site's signal, an image in the editor, a new blob:/data: preview, the file's
 * name shown; or, on sites that trust it, the page cancelling the paste.
 */
export const insertByPaste: InsertStrategy = async (composer, meme, signal) => {
  const target = composer.element;
  const realm = realmOf(target);
  const watch = watchForAcceptance(composer, meme);
  try {
    focusComposer(composer);
    const data = dataTransferWith(meme, realm);
    const paste = new realm.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
    target.dispatchEvent(paste);
    const handled = paste.defaultPrevented || dispatchBeforeInput(target, realm, 'insertFromPaste', data);
    return await settle(composer, watch, handled, signal, 'paste');
  } finally {
    watch.stop();
  }
};

/*
Test pages: tests/fixtures/composers/pages/*.html (every fixture; e2e in tests/e2e/insert-*.test.ts)
*/
