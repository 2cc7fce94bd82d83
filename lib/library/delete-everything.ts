import { clearLibraryStores } from '../memes-db/memes-db';
import { sendMessage } from '../messaging/protocol';
import { announceLibraryEvent } from './library-channel';

/**
 * "Delete everything": stops a running import, empties every IndexedDB store (memes, faces,
 * import queue) in one transaction, clears the extension's local and session storage (settings,
 * a pending search-by-example), and tells the offscreen search index and open pages.
 */
export async function deleteEverything(): Promise<void> {
  // No offscreen document means no import running: nothing to stop.
  await sendMessage('cancelImports', undefined).catch(() => undefined);
  await clearLibraryStores();
  await Promise.all([chrome.storage.local.clear(), chrome.storage.session.clear()]);
  announceLibraryEvent({ type: 'library-cleared' });
}
