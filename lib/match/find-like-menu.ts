import { t } from '../i18n';
import { PENDING_EXAMPLE_KEY, type PendingExample } from './example-match';

export const FIND_LIKE_MENU_ID = 'meme-mirror-find-like';

/** "Find memes like this face" on every image (menus persist: call on install/update). */
export function createFindLikeMenu(): void {
  chrome.contextMenus.create({ id: FIND_LIKE_MENU_ID, title: t('menuFindLikeThis'), contexts: ['image'] }, () => {
    // An update re-creates the menu; "duplicate id" is expected then.
    void chrome.runtime.lastError;
  });
}

/**
 * Opens the results for the clicked image's face: in the toolbar popup, which reads the example
 * left for it in session storage, or, where the browser will not open the popup from here, in a
 * small window of the popup page told the image and the tab to insert into.
 */
export async function findLikeFromContextMenu(
  info: Pick<chrome.contextMenus.OnClickData, 'menuItemId' | 'srcUrl'>,
  tab: Pick<chrome.tabs.Tab, 'id'> | undefined,
): Promise<'popup' | 'window' | undefined> {
  if (info.menuItemId !== FIND_LIKE_MENU_ID || !info.srcUrl) return undefined;
  const pending: PendingExample = { url: info.srcUrl, tabId: tab?.id, at: Date.now() };
  await chrome.storage.session.set({ [PENDING_EXAMPLE_KEY]: pending });
  try {
    await chrome.action.openPopup();
    return 'popup';
  } catch {
    await chrome.storage.session.remove(PENDING_EXAMPLE_KEY);
    const query = new URLSearchParams({ example: info.srcUrl, ...(tab?.id !== undefined ? { tab: String(tab.id) } : {}) });
    await chrome.windows.create({ url: chrome.runtime.getURL(`/popup.html?${query}`), type: 'popup', width: 360, height: 640 });
    return 'window';
  }
}
