import { COMPOSER_SESSION_KEY, type ComposerNote } from './composer-session';
import type { ChainOutcome } from './insert-meme-into-composer';
import { fallbackToastKind } from './insert-toast';
import { memeFromBlob, memeToWire, type MemeToInsert } from './meme-file';
import { memeAsPng } from './png';
import { sendMessage, type MemeMirrorProtocol } from '@/lib/messaging/protocol';

/** The built composer content script (WXT: entrypoints/composer.content.ts). */
export const COMPOSER_SCRIPT = '/content-scripts/composer.js';

/** A meme as the popup has it: bytes with their type, or the library's Blob (and its stored type). */
export type ChosenMeme = MemeToInsert | { blob: Blob; name: string; mime?: string };

/** Why the page side could not be reached at all (chrome:// pages, the Web Store, no grant…). */
export interface Unreachable {
  ok: false;
  reason: 'unreachable';
  detail: string;
}

export type PrepareOutcome = ComposerNote | (Unreachable & { found: false });

export type InsertOutcome =
  /** The page took the meme: by paste, drop or file input, verified. */
  | Extract<ChainOutcome, { ok: true }>
  /** The meme is on the clipboard as PNG; the toast (in the page, or the popup's to show) says Ctrl+V. */
  | { ok: true; strategy: 'clipboard'; toastInPage: boolean; chain: Extract<ChainOutcome, { ok: false }> | Unreachable }
  /** Nothing worked: the popup must say so (a toast was shown in the page when it could be). */
  | { ok: false; reason: 'clipboard-failed'; toastInPage: boolean; chain: Extract<ChainOutcome, { ok: false }> | Unreachable };

type Data<K extends keyof MemeMirrorProtocol> = Parameters<MemeMirrorProtocol[K]>[0];
type Result<K extends keyof MemeMirrorProtocol> = ReturnType<MemeMirrorProtocol[K]>;

async function activeTabId(): Promise<number> {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error('No active tab');
  return tab.id;
}

/**
 * Sends to the composer script in the tab's top frame, injecting it first when no live copy is
 * there (the popup's activeTab grant allows that for this tab until it navigates). It asks
 * before sending rather than after a failed send: the messaging library sends to tabs without
 * reading `lastError`, so a message to a tab with no receiver logs an error in the popup.
 */
async function toComposerScript<K extends 'noteComposer' | 'insertMemeIntoComposer' | 'showInsertToast'>(
  tabId: number,
  type: K,
  data: Data<K>,
): Promise<Result<K>> {
  const send = () => (sendMessage as (t: K, d: Data<K>, to: { tabId: number; frameId: number }) => Promise<Result<K>>)(type, data, { tabId, frameId: 0 });
  if (!(await composerScriptIsLive(tabId))) await injectComposerScript(tabId);
  try {
    return await send();
  } catch (error) {
    // A copy left by an extension update looks live but no longer answers.
    if (!(error instanceof Error) || error.message !== 'No response') throw error;
  }
  await injectComposerScript(tabId);
  return send();
}

/** Whether the top frame's isolated world holds a composer session that has not been ended. */
async function composerScriptIsLive(tabId: number): Promise<boolean> {
  const [answer] = await chrome.scripting.executeScript({
    target: { tabId, frameIds: [0] },
    // Runs in the frame, serialised: it can use only its argument, not this module's imports.
    func: (key: string) => {
      const session = (globalThis as { [slot: symbol]: AbortController | undefined })[Symbol.for(key)];
      return session !== undefined && !session.signal.aborted;
    },
    args: [COMPOSER_SESSION_KEY],
  });
  return answer?.result === true;
}

/** One injection per tab at a time: a second copy would tear down the first mid-insert. */
const injecting = new Map<number, Promise<unknown>>();

function injectComposerScript(tabId: number): Promise<unknown> {
  let pending = injecting.get(tabId);
  if (!pending) {
    pending = chrome.scripting
      .executeScript({ target: { tabId, frameIds: [0] }, files: [COMPOSER_SCRIPT] })
      .finally(() => injecting.delete(tabId));
    injecting.set(tabId, pending);
  }
  return pending;
}

function unreachable(error: unknown): Unreachable {
  return { ok: false, reason: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
}

/**
 * Call when the popup opens (toolbar click or shortcut): injects the composer script into the
 * active tab and has it note the message box that has focus, before anything else can move it.
 * The answer says whether there is one (the popup may show it; insertion works either way).
 */
export async function prepareComposer(tabId?: number): Promise<PrepareOutcome> {
  try {
    return await toComposerScript(tabId ?? (await activeTabId()), 'noteComposer', undefined);
  } catch (error) {
    return { ...unreachable(error), found: false };
  }
}

/**
 * Starts the clipboard fallback now, inside the user's key press or click (a write from an
 * unfocused or gesture-less document fails), with data that exists only if `chain` fails:
 * the ClipboardItem's promise resolves to the PNG then, and rejects (nothing written) otherwise.
 */
function copyIfNotInserted(chain: Promise<ChainOutcome | Unreachable>, meme: Promise<MemeToInsert>): Promise<boolean> {
  const png = chain.then(async (outcome) => {
    if (outcome.ok) throw new Error('Inserted: nothing to copy');
    const converted = await memeAsPng(await meme);
    return new Blob([new Uint8Array(converted.bytes)], { type: 'image/png' });
  });
  try {
    return navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]).then(
      () => true,
      () => false,
    );
  } catch {
    return Promise.resolve(false);
  }
}

/**
 * Call from the popup's 1/2/3 key or click handler, synchronously in that handler (it starts the
 * clipboard write inside the gesture). Inserts the meme into the message box noted by
 * `prepareComposer`: paste, then drop, then the site's file input, each verified; else puts it on
 * the clipboard as PNG with a toast in the page. Closes the popup when the page has the meme or
 * shows the toast (focus then returns to the message box, so Enter sends); otherwise leaves it
 * open for the popup to explain.
 */
export async function insertChosenMeme(chosen: ChosenMeme, options: { tabId?: number; closePopup?: boolean } = {}): Promise<InsertOutcome> {
  const meme = 'blob' in chosen ? memeFromBlob(chosen.blob, chosen.name, chosen.mime) : Promise.resolve(chosen);
  const tabId = options.tabId !== undefined ? Promise.resolve(options.tabId) : activeTabId();
  const chain: Promise<ChainOutcome | Unreachable> = Promise.all([tabId, meme]).then(
    ([id, m]) => toComposerScript(id, 'insertMemeIntoComposer', { meme: memeToWire(m) }),
  ).catch(unreachable);
  const copied = copyIfNotInserted(chain, meme);

  const outcome = await chain;
  let result: InsertOutcome;
  if (outcome.ok) {
    result = outcome;
  } else {
    const wrote = await copied;
    const toastInPage = await toComposerScript(await tabId, 'showInsertToast', { kind: fallbackToastKind(wrote, outcome.reason) }).then(
      (answer) => answer.shown,
      () => false,
    );
    result = wrote ? { ok: true, strategy: 'clipboard', toastInPage, chain: outcome } : { ok: false, reason: 'clipboard-failed', toastInPage, chain: outcome };
  }
  const pageHasIt = result.ok && (result.strategy !== 'clipboard' || result.toastInPage);
  if (pageHasIt && options.closePopup !== false) window.close();
  return result;
}
