import * as v from 'valibot';
import { PENDING_EXAMPLE_KEY, PENDING_EXAMPLE_MAX_AGE_MS, PendingExampleSchema } from './example-match';

/** What this opening of the popup is for: which tab to insert into, and an example image if any. */
export interface PopupTarget {
  tabId?: number;
  exampleUrl?: string;
}

/**
 * Reads the target from the page URL (the popup page opened as a window or tab) or from the
 * example the context menu left in session storage for the toolbar popup, consumed once.
 */
export async function readPopupTarget(search: string): Promise<PopupTarget> {
  const params = new URLSearchParams(search);
  const tab = Number(params.get('tab'));
  const fromUrl: PopupTarget = {
    tabId: Number.isInteger(tab) && tab > 0 ? tab : undefined,
    exampleUrl: params.get('example') ?? undefined,
  };
  if (fromUrl.exampleUrl) return fromUrl;
  const stored = (await chrome.storage.session.get(PENDING_EXAMPLE_KEY))[PENDING_EXAMPLE_KEY];
  if (stored === undefined) return fromUrl;
  await chrome.storage.session.remove(PENDING_EXAMPLE_KEY);
  const pending = v.safeParse(PendingExampleSchema, stored);
  if (!pending.success || Date.now() - pending.output.at > PENDING_EXAMPLE_MAX_AGE_MS) return fromUrl;
  return { tabId: fromUrl.tabId ?? pending.output.tabId, exampleUrl: pending.output.url };
}
