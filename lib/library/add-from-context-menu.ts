import { t } from '../i18n';
import { sendMessage } from '../messaging/protocol';
import { ensureOffscreenDocument } from '../offscreen/offscreen-document';
import { countImports, facesNotFromModel } from '../memes-db/memes-db';
import expressionModel from '../../models/expression-embedder.json';
import { outcomeMessage, type IngestOutcome } from './ingest-outcome';
import { addMemeFromPageCopy, pageCopyCanHelp } from './page-copy';
import { titleMemeFromPage } from './title-from-page';

export const ADD_MEME_MENU_ID = 'meme-mirror-add-image';

/** Adds "Add to Meme Mirror" to the context menu of every image (menus persist: call on install/update). */
export function createAddMemeMenu(): void {
  chrome.contextMenus.create({ id: ADD_MEME_MENU_ID, title: t('menuAddToMemeMirror'), contexts: ['image'] }, () => {
    // An update re-creates the menu; "duplicate id" is expected then.
    void chrome.runtime.lastError;
  });
}

export interface AddFromMenuResult {
  outcome: IngestOutcome;
  /** The sentence the notification showed. */
  message: string;
}

/**
 * What the context menu does on an image: the offscreen document downloads, checks, detects,
 * embeds and stores it, and a notification says what happened. The click grants activeTab, so
 * the image is readable when it comes from the page's own site; other sites must allow CORS.
 * Where that download is refused in a way the page itself is not (a sign-in, the page's blob:
 * URL, an image shared with the page's site only), the page's own copy is added instead.
 */
export async function addImageFromContextMenu(
  info: Pick<chrome.contextMenus.OnClickData, 'menuItemId' | 'srcUrl' | 'pageUrl' | 'frameId'>,
  tab?: Pick<chrome.tabs.Tab, 'id' | 'title'>,
): Promise<AddFromMenuResult | undefined> {
  if (info.menuItemId !== ADD_MEME_MENU_ID || !info.srcUrl) return undefined;
  let outcome: IngestOutcome;
  const image = { url: info.srcUrl, ...(info.pageUrl ? { pageUrl: info.pageUrl } : {}) };
  try {
    await ensureOffscreenDocument();
    outcome = await sendMessage('addMemeFromUrl', image);
    // The extension's own download, without cookies, always goes first: the page is asked only
    // for what the extension could not get itself.
    const tabId = tab?.id !== undefined && tab.id !== chrome.tabs.TAB_ID_NONE ? tab.id : undefined;
    if (pageCopyCanHelp(outcome) && tabId !== undefined) {
      outcome = await addMemeFromPageCopy(outcome, { tabId, frameId: info.frameId ?? 0 }, image);
    }
    if (outcome.ok && tabId !== undefined) {
      await titleMemeFromPage(outcome.memeId, { tabId, frameId: info.frameId ?? 0, url: info.srcUrl, ...(tab?.title ? { tabTitle: tab.title } : {}) });
    }
  } catch (error) {
    outcome = { ok: false, reason: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
  // The offscreen document went away mid-add (closed, crashed): Chrome's own wording means
  // nothing to the user ("…the message channel closed before a response was received").
  const interrupted = !outcome.ok && outcome.reason === 'failed' && /message channel closed|message port closed|Receiving end does not exist/i.test(outcome.detail);
  const message = interrupted ? t('libraryInterrupted') : t(...outcomeMessage(outcome));
  await showLibraryNotification(message);
  return { outcome, message };
}

let iconUrl: Promise<string> | undefined;

/** A small mirror icon drawn once (notifications need an icon; the extension ships no bitmap for it). */
function notificationIcon(): Promise<string> {
  iconUrl ??= (async () => {
    const canvas = new OffscreenCanvas(96, 96);
    const context = canvas.getContext('2d');
    if (!context) return '';
    context.fillStyle = '#5b4bdb';
    context.beginPath();
    context.arc(48, 48, 44, 0, Math.PI * 2);
    context.fill();
    context.fillStyle = '#ffffff';
    context.font = '56px sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText('☺', 48, 52);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return `data:image/png;base64,${btoa(binary)}`;
  })();
  return iconUrl;
}

export async function showLibraryNotification(message: string): Promise<void> {
  try {
    await chrome.notifications.create({ type: 'basic', iconUrl: await notificationIcon(), title: t('extName'), message, priority: 0 });
  } catch (error) {
    console.warn('Meme Mirror: notification failed', message, error);
  }
}

/**
 * After a browser restart or an extension update: if imports were left unfinished, start the
 * offscreen document, whose library service resumes them (and re-embeds faces from an older model).
 */
export async function resumeLibraryWork(): Promise<void> {
  // The manifest, not the embedder module: the service worker never loads the model runtime.
  const [{ pending }, stale] = await Promise.all([countImports(), facesNotFromModel(expressionModel.version, 1)]);
  if (pending === 0 && stale.length === 0) return;
  await ensureOffscreenDocument();
  await sendMessage('runLibraryWork', undefined);
}
