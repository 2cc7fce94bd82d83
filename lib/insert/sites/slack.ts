import { defineSite, hostIs, nearestFileInput } from './site-adapter';

/**
 * Slack: a Quill-derived editor (`.ql-editor`) in `[data-qa="message_input"]`. A pasted image
 * becomes a pending file above the text with a thumbnail; Enter sends both.
 */
export const slackSite = defineSite({
  name: 'slack',
  matches: (url) => hostIs(url, 'app.slack.com'),
  composerSelector: '[data-qa="message_input"] .ql-editor[contenteditable="true"]',
  acceptedSelector: '[data-qa="message_input"] [data-qa^="file_upload"], .p-message_input_file_upload',
  fileInput: nearestFileInput,
});

/*
Test pages: tests/fixtures/composers/pages/slack.html (mimic; the live site was not reachable)
*/
