import { onValidMessage } from '@/lib/messaging/protocol';
import { ensureOffscreenDocument } from '@/lib/offscreen/offscreen-document';
import { checkImportQueue, IMPORT_WATCH_ALARM } from '@/lib/offscreen/import-watch';
import { addImageFromContextMenu, createAddMemeMenu, resumeLibraryWork } from '@/lib/library/add-from-context-menu';
import { createFindLikeMenu, findLikeFromContextMenu } from '@/lib/match/find-like-menu';

/** After a browser start or an update: unfinished work resumes, and a pending import is watched. */
function resumeWork(): void {
  void resumeLibraryWork().finally(checkImportQueue);
}

export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
    createAddMemeMenu();
    createFindLikeMenu();
    resumeWork();
  });
  browser.runtime.onStartup.addListener(resumeWork);
  // Wakes this worker while imports are pending, so that an offscreen document the browser
  // closed mid-import is recreated without waiting for an extension page to open.
  browser.alarms.onAlarm.addListener(({ name }) => {
    if (name === IMPORT_WATCH_ALARM) void checkImportQueue();
  });

  chrome.contextMenus.onClicked.addListener((info, tab) => {
    void addImageFromContextMenu(info, tab);
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
