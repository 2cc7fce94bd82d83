import { render } from 'preact';
import { PopupApp } from '@/components/popup-app';
import { insertChosenMeme, prepareComposer } from '@/lib/insert/popup-insert';
import { readPopupTarget } from '@/lib/match/popup-target';
import '@/assets/base.css';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from popup.html');

void readPopupTarget(location.search).then(({ tabId, exampleUrl }) => {
  // First thing on open: note the message box the user was typing in, before focus moves.
  void prepareComposer(tabId);
  render(
    <PopupApp exampleUrl={exampleUrl} onChoose={(meme) => insertChosenMeme({ blob: meme.blob, name: meme.title }, { tabId })} />,
    root,
  );
});
