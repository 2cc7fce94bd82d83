import { defineSite, hostIs } from './site-adapter';

/**
 * Discord: a Slate editor (`[data-slate-editor]`, role textbox). Discord's own paste handler
 * uploads pasted files into the attachment area above the box (known to work with a synthetic
 * paste); Enter sends the message with the attachment.
 */
export const discordSite = defineSite({
  name: 'discord',
  matches: (url) => hostIs(url, 'discord.com'),
  composerSelector: 'form [role="textbox"][data-slate-editor="true"]',
  acceptedSelector: '[class*="channelAttachmentArea"] li, [class*="uploadArea"] [class*="upload_"]',
  fileInput: (composer) => composer.closest('form')?.querySelector<HTMLInputElement>('input[type="file"]') ?? undefined,
});

/*
Test pages: tests/fixtures/composers/pages/discord.html (mimic; the live site was not reachable)
*/
