import { composerSessionLifetime, startComposerSession } from '@/lib/insert/composer-session';

/**
 * The page side of meme insertion. Never registered on any site: the popup injects it into the
 * active tab with `chrome.scripting` when it opens (the activeTab grant of that click or shortcut),
 * and it answers only this extension's runtime messages (valibot-checked, sender id checked).
 */
export default defineContentScript({
  registration: 'runtime',
  // WXT would also tell the page, by window.postMessage, each time this script starts.
  noScriptStartedPostMessage: true,
  // WXT's ctx is left out: a page can end it (see composerSessionLifetime).
  main() {
    startComposerSession({ signal: composerSessionLifetime() });
  },
});
