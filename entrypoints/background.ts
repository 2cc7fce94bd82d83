import { onValidMessage } from '@/lib/messaging/protocol';
import { ensureOffscreenDocument } from '@/lib/offscreen/offscreen-document';
import { addImageFromContextMenu, createAddMemeMenu, resumeLibraryWork } from '@/lib/library/add-from-context-menu';

export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
    createAddMemeMenu();
    void resumeLibraryWork();
  });
  browser.runtime.onStartup.addListener(() => void resumeLibraryWork());

  chrome.contextMenus.onClicked.addListener((info) => void addImageFromContextMenu(info));
  // The e2e tests call the menu's own function through serviceWorker.evaluate (Playwright cannot
  // click a context menu); it is the same function the listener above calls.
  Object.assign(globalThis, { addImageFromContextMenu });

  onValidMessage('ensureOffscreen', async () => {
    try {
      await ensureOffscreenDocument();
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  });
});
