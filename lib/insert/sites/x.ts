import { defineSite, hostIs } from './site-adapter';

/**
 * X (Twitter) direct messages: a Draft.js editor (`[data-testid="dmComposerTextInput"]`). Draft
 * cancels every paste, so only X's attachment tray (`[data-testid="attachments"]`) proves the file
 * was taken; the DM form also has X's own file input (`[data-testid="fileInput"]`).
 */
export const xSite = defineSite({
  name: 'x',
  matches: (url) => hostIs(url, 'x.com', 'twitter.com'),
  composerSelector: '[data-testid="dmComposerTextInput"] [contenteditable="true"], [data-testid="dmComposerTextInput"][contenteditable="true"]',
  acceptedSelector: '[data-testid="attachments"] img, [data-testid="attachments"] video',
  fileInput: (composer) =>
    composer.closest('aside, [data-testid="DmActivityContainer"], form')?.querySelector<HTMLInputElement>('input[data-testid="fileInput"]') ??
    composer.ownerDocument.querySelector<HTMLInputElement>('input[data-testid="fileInput"]') ??
    undefined,
  strategies: ['paste', 'file-input', 'drop'],
  acceptedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
});

/*
Test pages: tests/fixtures/composers/pages/x-dm.html (mimic; the live site was not reachable)
*/
