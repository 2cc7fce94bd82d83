import { render } from 'preact';
import { PopupApp, type ChooseOutcome } from '@/components/popup-app';
import { insertChosenMeme, prepareComposer, type InsertOutcome } from '@/lib/insert/popup-insert';
import { readPopupTarget } from '@/lib/match/popup-target';
import '@/assets/base.css';

/** What the popup still has to tell the user; a toast in the page already told them otherwise. */
function toChooseOutcome(outcome: InsertOutcome): ChooseOutcome {
  if (!outcome.ok) return 'failed';
  return outcome.strategy === 'clipboard' && !outcome.toastInPage ? 'copied' : 'inserted';
}

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from popup.html');

void readPopupTarget(location.search).then(({ tabId, exampleUrl }) => {
  // First thing on open: note the message box the user was typing in, before focus moves.
  void prepareComposer(tabId);
  render(
    <PopupApp exampleUrl={exampleUrl} onChoose={(meme) => insertChosenMeme({ blob: meme.blob, name: meme.title }, { tabId }).then(toChooseOutcome)} />,
    root,
  );
});
