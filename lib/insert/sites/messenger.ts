import { defineSite, hostIs, nearestFileInput } from './site-adapter';

/**
 * Facebook Messenger (messenger.com and facebook.com/messages): a Lexical editor, role textbox.
 * A synthetic drop is known to attach the file (the tray above the box shows a thumbnail), so
 * drop goes first here.
 */
export const messengerSite = defineSite({
  name: 'messenger',
  matches: (url) => hostIs(url, 'messenger.com') || (hostIs(url, 'facebook.com') && url.pathname.startsWith('/messages')),
  composerSelector: '[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
  fileInput: nearestFileInput,
  strategies: ['drop', 'paste', 'file-input'],
});

/*
Test pages: tests/fixtures/composers/pages/messenger.html (mimic; the live site was not reachable)
*/
