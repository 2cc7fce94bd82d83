import { render } from 'preact';
import { PopupApp } from '@/components/popup-app';
import { insertChosenMeme, prepareComposer } from '@/lib/insert/popup-insert';
import '@/assets/base.css';

// The tab to insert into: the active tab for the toolbar popup; when the popup page is opened
// as a tab or window of its own (search by example, tests), the tab it was opened for.
const requestedTab = Number(new URLSearchParams(location.search).get('tab'));
const tabId = Number.isInteger(requestedTab) && requestedTab > 0 ? requestedTab : undefined;

// First thing on open: note the message box the user was typing in, before focus moves.
void prepareComposer(tabId);

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from popup.html');
render(<PopupApp onChoose={(meme) => insertChosenMeme({ blob: meme.blob, name: meme.title }, { tabId })} />, root);
