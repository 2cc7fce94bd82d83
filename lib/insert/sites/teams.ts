import { defineSite, hostIs, nearestFileInput } from './site-adapter';

/**
 * Microsoft Teams (teams.microsoft.com, teams.live.com): the message box is a contenteditable
 * marked `data-tid="ckeditor"` (the name outlived the CKEditor it came from). A pasted image goes
 * inline into the message as an `<img>`, which is the signal.
 */
export const teamsSite = defineSite({
  name: 'teams',
  matches: (url) => hostIs(url, 'teams.microsoft.com', 'teams.live.com', 'teams.cloud.microsoft'),
  composerSelector: '[data-tid="ckeditor"][contenteditable="true"], [role="textbox"][contenteditable="true"]',
  fileInput: nearestFileInput,
  acceptedTypes: ['image/png', 'image/jpeg', 'image/gif'],
});

/*
Test pages: tests/fixtures/composers/pages/teams.html (mimic; the live site was not reachable)
*/
