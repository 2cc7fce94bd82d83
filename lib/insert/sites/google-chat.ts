import { defineSite, hostIs, nearestFileInput } from './site-adapter';

/**
 * Google Chat (chat.google.com, and mail.google.com/chat): a plain contenteditable, role
 * textbox. A pasted image becomes an attachment chip with a thumbnail under the text.
 * Chat inside Gmail's side panel is a cross-origin iframe: not reachable with activeTab on the
 * Gmail tab, so there only the clipboard fallback works.
 */
export const googleChatSite = defineSite({
  name: 'google-chat',
  matches: (url) => hostIs(url, 'chat.google.com') || (hostIs(url, 'mail.google.com') && url.pathname.startsWith('/chat')),
  composerSelector: 'div[contenteditable="true"][role="textbox"]',
  fileInput: nearestFileInput,
  acceptedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
});

/*
Test pages: tests/fixtures/composers/pages/google-chat.html (mimic; the live site was not reachable)
*/
