import { watchForAcceptance } from '../acceptance';
import { dataTransferWith, realmOf, settle } from './dispatch';
import type { InsertStrategy } from './insert-strategy';

/**
 * Step 3: the site's own file input (the one behind its attach button), given the meme as if
 * the user had picked it: `input.files` set, then `input` and `change`.
 *
 * Accepted on: the paste's signs, or the page resetting the input (upload handlers read the file
 * and clear the input so the same file can be picked twice). An input that still holds the file
 * with nothing shown is not counted: no handler may have run; nor is a reset input after a
 * preview that came and went (the upload was refused).
 */
export const insertByFileInput: InsertStrategy = async (composer, meme, signal) => {
  const input = composer.site.fileInput(composer.element);
  if (!input) return { accepted: false, reason: 'no file input near the composer' };
  const realm = realmOf(input);
  const watch = watchForAcceptance(composer, meme);
  try {
    input.files = dataTransferWith(meme, realm).files;
    input.dispatchEvent(new realm.Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new realm.Event('change', { bubbles: true }));
    const result = await settle(composer, watch, false, signal, 'file input');
    if (!result.accepted && !result.withdrawn && !signal.aborted && (input.files?.length ?? 0) === 0) return { accepted: true, evidence: 'file-input-taken' };
    return result;
  } finally {
    watch.stop();
  }
};

/*
Test pages: tests/fixtures/composers/pages/file-input-only.html, x-dm.html
*/
