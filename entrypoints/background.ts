import { onValidMessage } from '@/lib/messaging/protocol';
import { ensureOffscreenDocument } from '@/lib/offscreen/offscreen-document';

export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });

  onValidMessage('ensureOffscreen', async () => {
    try {
      await ensureOffscreenDocument();
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  });
});
