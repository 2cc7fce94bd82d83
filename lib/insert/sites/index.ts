import { discordSite } from './discord';
import { gmailSite } from './gmail';
import { googleChatSite } from './google-chat';
import { messengerSite } from './messenger';
import { genericSite, type SiteAdapter } from './site-adapter';
import { slackSite } from './slack';
import { teamsSite } from './teams';
import { telegramSite } from './telegram';
import { whatsappSite } from './whatsapp';
import { xSite } from './x';

/** Google Chat before Gmail: both live on mail.google.com. */
export const siteAdapters: readonly SiteAdapter[] = [
  whatsappSite,
  telegramSite,
  discordSite,
  slackSite,
  messengerSite,
  googleChatSite,
  teamsSite,
  xSite,
  gmailSite,
];

export function siteAdapterFor(url: URL): SiteAdapter {
  return siteAdapters.find((site) => site.matches(url)) ?? genericSite;
}
