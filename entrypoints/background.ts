import { onValidMessage } from '@/lib/messaging/protocol';
import { ensureOffscreenDocument } from '@/lib/offscreen/offscreen-document';
import { addImageFromContextMenu, createAddMemeMenu, resumeLibraryWork } from '@/lib/library/add-from-context-menu';
import { createFindLikeMenu, findLikeFromContextMenu } from '@/lib/match/find-like-menu';

export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
    createAddMemeMenu();
    createFindLikeMenu();
    void resumeLibraryWork();
  });
  browser.runtime.onStartup.addListener(() => void resumeLibraryWork());

  chrome.contextMenus.onClicked.addListener((info, tab) => {
    void addImageFromContextMenu(info);
    void findLikeFromContextMenu(info, tab);
  });
  // The e2e tests call the menus' own functions through serviceWorker.evaluate (Playwright cannot
  // click a context menu); they are the functions the listener above calls.
  Object.assign(globalThis, { addImageFromContextMenu, findLikeFromContextMenu });

  onValidMessage('ensureOffscreen', async () => {
    try {
      await ensureOffscreenDocument();
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  });
});
