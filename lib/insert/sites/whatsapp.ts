import { defineSite, hostIs, nearestFileInput } from './site-adapter';

/**
 * WhatsApp Web: the composer is a Lexical editor in the chat footer. A pasted image opens
 * WhatsApp's media preview (a full-panel editor with a caption box and a blob: thumbnail); Enter
 * there sends it. The hardest site: no reliable public technique is known, and its handlers may
 * change; the generic evidence (a new blob: preview) decides.
 */
export const whatsappSite = defineSite({
  name: 'whatsapp',
  matches: (url) => hostIs(url, 'web.whatsapp.com'),
  composerSelector: 'footer [contenteditable="true"][data-lexical-editor="true"], footer div[contenteditable="true"][data-tab="10"]',
  acceptedSelector: '[data-testid="media-editor-root"], [data-animate-media-editor]',
  fileInput: (composer) =>
    composer.ownerDocument.querySelector<HTMLInputElement>('input[type="file"][accept*="image"]') ?? nearestFileInput(composer),
  acceptedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
});

/*
Test pages: tests/fixtures/composers/pages/whatsapp.html (mimic; the live site was not reachable)
*/
