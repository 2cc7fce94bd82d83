import type { Composer } from './strategies/insert-strategy';

/** What showed that the page took the meme; each strategy reports the first one seen. */
export type Evidence =
  /** The site adapter's own sign appeared: its attachment tray or media dialog. */
  | 'site-signal'
  /** A new `<img>` inside the editor (an image node: Lexical, ProseMirror, Quill, Gmail, Teams). */
  | 'editor-image'
  /** A new blob:/data: image or video elsewhere in the page: an attachment thumbnail. */
  | 'preview-image'
  /** The file's name appeared in new text outside the editor: an attachment chip. */
  | 'file-name-shown'
  /** The page read the file input and reset it, as upload handlers do. */
  | 'file-input-taken'
  /** The page cancelled the event, on a site whose handler is known to attach files. */
  | 'default-prevented';

/** How long to wait for a sign after an event that the page cancelled, and after one it ignored. */
export const ACCEPT_WAIT_MS = { handled: 2500, ignored: 1000, trusted: 300 } as const;

/**
 * How long a sign must stay before it counts. An app whose upload fails shows the preview, then
 * removes it; editors finish their own rewrites of a pasted image far sooner (docs/insertion.md,
 * "Evidence that stays", has the measurements this is chosen from).
 */
export const EVIDENCE_SETTLE_MS = 2000;

/** Marks the extension's own elements (the toast) so they never count as evidence. */
export const OWN_ELEMENT_ATTRIBUTE = 'data-meme-mirror';

const MEDIA = new Set(['img', 'video', 'source', 'image', 'picture']);

function mediaSource(element: Element): string {
  return element.getAttribute('src') ?? element.getAttribute('href') ?? element.getAttribute('xlink:href') ?? '';
}

function isLocalImageUrl(url: string): boolean {
  return url.startsWith('blob:') || url.startsWith('data:image/') || url.startsWith('data:video/');
}

export interface AcceptanceWatch {
  /** The first evidence seen since the watch began, waiting up to `timeoutMs` for one. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<Evidence | undefined>;
  /**
   * After `wait` found evidence: true when, `settleMs` later, a sign is still in the page (the
   * one seen, with its src free to change as an upload swaps blob: for its URL, or one that
   * replaced it), false when the page removed every sign again (an upload it refused).
   */
  persists(settleMs: number, signal: AbortSignal): Promise<boolean>;
  stop(): void;
}

/** The documents a sign can show up in: the composer's, and each same-origin page around its frame. */
function documentsAround(doc: Document): Document[] {
  const docs = [doc];
  for (let frame = doc.defaultView?.frameElement; frame && docs.length < 32; frame = frame.ownerDocument.defaultView?.frameElement) {
    docs.push(frame.ownerDocument);
  }
  return docs;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Starts watching the composer's document (its shadow root, if it is in one, and the same-origin
 * pages around its frame, if it is in one) for signs that the page took `file`. Start it before
 * dispatching, so that synchronous reactions count too.
 */
export function watchForAcceptance(composer: Composer, file: File): AcceptanceWatch {
  const { element, editor, site } = composer;
  const doc = element.ownerDocument;
  const roots: (Document | ShadowRoot)[] = documentsAround(doc);
  const rootNode = element.getRootNode();
  if (rootNode !== doc && rootNode instanceof (doc.defaultView ?? window).ShadowRoot) roots.push(rootNode);

  const siteSignalsBefore = new Set<Element>(
    site.acceptedSelector ? roots.flatMap((root) => [...root.querySelectorAll(site.acceptedSelector!)]) : [],
  );
  const nameToFind = file.name.length >= 5 ? file.name : undefined;
  let evidence: Evidence | undefined;
  /** Each node that was a sign, with what it showed: `persists` looks for any still showing it. */
  const signs = new Map<Node, Evidence>();
  let notify: (() => void) | undefined;

  const found = (what: Evidence, sign: Node) => {
    evidence ??= what;
    if (!signs.has(sign)) signs.set(sign, what);
    notify?.();
  };
  const stillShown = (sign: Node, what: Evidence): boolean => {
    if (!sign.isConnected) return false;
    if (what === 'editor-image') return element.contains(sign);
    if (what === 'site-signal') return (sign as Element).matches(site.acceptedSelector!);
    if (what === 'file-name-shown') return sign.textContent?.includes(nameToFind!) === true;
    return true;
  };
  const isOwn = (node: Node) => (node.nodeType === 1 ? (node as Element) : node.parentElement)?.closest(`[${OWN_ELEMENT_ATTRIBUTE}]`);

  const inspectElement = (candidate: Element) => {
    if (MEDIA.has(candidate.localName)) {
      const inEditor = element.contains(candidate);
      if (inEditor && editor.showsImagesInline && candidate.localName === 'img') return found('editor-image', candidate);
      if (isLocalImageUrl(mediaSource(candidate))) return found(inEditor ? 'editor-image' : 'preview-image', candidate);
    }
    const style = candidate.getAttribute('style');
    if (style?.includes('blob:') && !element.contains(candidate)) found('preview-image', candidate);
  };
  const inspectAdded = (node: Node) => {
    if (isOwn(node)) return;
    if (nameToFind && !element.contains(node) && node.textContent?.includes(nameToFind)) found('file-name-shown', node);
    if (node.nodeType !== 1) return;
    const added = node as Element;
    inspectElement(added);
    for (const inner of added.querySelectorAll('img, video, source, image, [style*="blob:"]')) inspectElement(inner);
  };
  const checkSiteSignal = () => {
    if (!site.acceptedSelector) return;
    for (const root of roots) {
      for (const match of root.querySelectorAll(site.acceptedSelector)) if (!siteSignalsBefore.has(match)) return found('site-signal', match);
    }
  };

  const handle = (records: MutationRecord[]) => {
    if (records.length === 0) return;
    checkSiteSignal(); // the site's own sign is the most specific: it wins within one batch
    for (const record of records) {
      if (record.type === 'childList') record.addedNodes.forEach(inspectAdded);
      else if (record.type === 'attributes' && !isOwn(record.target)) inspectElement(record.target as Element);
      else if (record.type === 'characterData' && !isOwn(record.target)) inspectAdded(record.target);
    }
  };
  const observer = new MutationObserver(handle);
  for (const root of roots) {
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['src', 'style', 'href'] });
  }

  return {
    async wait(timeoutMs, signal) {
      handle(observer.takeRecords()); // what the dispatch changed synchronously
      if (evidence || signal.aborted) return evidence;
      const seen = new AbortController();
      notify = () => seen.abort();
      await delay(timeoutMs, AbortSignal.any([signal, seen.signal]));
      notify = undefined;
      return evidence;
    },
    async persists(settleMs, signal) {
      // Not ended early when a sign goes: editors replace an image node a task later (re-render).
      await delay(settleMs, signal);
      handle(observer.takeRecords());
      return [...signs].some(([sign, what]) => stillShown(sign, what));
    },
    stop: () => observer.disconnect(),
  };
}
