import { defineSite, hostIs } from './site-adapter';

/**
 * Telegram Web (K at /k/, A at /a/): a plain contenteditable. A pasted image opens Telegram's
 * "send photo" confirmation popup (K: `.popup-send-photo`, A: `.AttachmentModal`), where Enter
 * sends it; that popup is the signal, and focus stays in it rather than in the message box.
 */
export const telegramSite = defineSite({
  name: 'telegram',
  matches: (url) => hostIs(url, 'web.telegram.org'),
  composerSelector: '.input-message-input[contenteditable="true"], #editable-message-text',
  acceptedSelector: '.popup-send-photo, .AttachmentModal',
  strategies: ['paste', 'drop'],
});

/*
Test pages: tests/fixtures/composers/pages/telegram.html (mimic of Web K; the live site was not
  reachable)
*/
