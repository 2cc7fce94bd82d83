import { defineSite, hostIs, nearestFileInput } from './site-adapter';

/**
 * Gmail compose: the body is a contenteditable (`g_editable="true"`, role textbox). A pasted image
 * is placed inline in the body as an `<img>`, which is the signal; the window's own attachment
 * input (`input[type=file][name="Filedata"]`) is the third step.
 */
export const gmailSite = defineSite({
  name: 'gmail',
  matches: (url) => hostIs(url, 'mail.google.com') && !url.pathname.startsWith('/chat'),
  composerSelector: 'div[g_editable="true"][contenteditable="true"], div[role="textbox"][contenteditable="true"]',
  fileInput: (composer) =>
    composer.ownerDocument.querySelector<HTMLInputElement>('input[type="file"][name="Filedata"]') ?? nearestFileInput(composer),
  acceptedTypes: ['image/png', 'image/jpeg', 'image/gif'],
});

/*
Test pages: tests/fixtures/composers/pages/gmail.html (mimic; the live site was not reachable)
*/
