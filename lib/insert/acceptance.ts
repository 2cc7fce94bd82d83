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
  stop(): void;
}

/**
 * Starts watching the composer's document (and its shadow root, if it is in one) for signs that
 * the page took `file`. Start it before dispatching, so that synchronous reactions count too.
 */
export function watchForAcceptance(composer: Composer, file: File): AcceptanceWatch {
  const { element, editor, site } = composer;
  const doc = element.ownerDocument;
  const roots: (Document | ShadowRoot)[] = [doc];
  const rootNode = element.getRootNode();
  if (rootNode !== doc && rootNode instanceof (doc.defaultView ?? window).ShadowRoot) roots.push(rootNode);

  const siteSignalsBefore = new Set<Element>(
    site.acceptedSelector ? roots.flatMap((root) => [...root.querySelectorAll(site.acceptedSelector!)]) : [],
  );
  const nameToFind = file.name.length >= 5 ? file.name : undefined;
  let evidence: Evidence | undefined;
  let notify: (() => void) | undefined;

  const found = (what: Evidence) => {
    evidence ??= what;
    notify?.();
  };
  const isOwn = (node: Node) => (node.nodeType === 1 ? (node as Element) : node.parentElement)?.closest(`[${OWN_ELEMENT_ATTRIBUTE}]`);

  const inspectElement = (candidate: Element) => {
    if (MEDIA.has(candidate.localName)) {
      const inEditor = element.contains(candidate);
      if (inEditor && editor.showsImagesInline && candidate.localName === 'img') return found('editor-image');
      if (isLocalImageUrl(mediaSource(candidate))) return found(inEditor ? 'editor-image' : 'preview-image');
    }
    const style = candidate.getAttribute('style');
    if (style?.includes('blob:') && !element.contains(candidate)) found('preview-image');
  };
  const inspectAdded = (node: Node) => {
    if (isOwn(node)) return;
    if (nameToFind && !element.contains(node) && node.textContent?.includes(nameToFind)) found('file-name-shown');
    if (node.nodeType !== 1) return;
    const added = node as Element;
    inspectElement(added);
    for (const inner of added.querySelectorAll('img, video, source, image, [style*="blob:"]')) inspectElement(inner);
  };
  const checkSiteSignal = () => {
    if (!site.acceptedSelector) return;
    for (const root of roots) {
      for (const match of root.querySelectorAll(site.acceptedSelector)) if (!siteSignalsBefore.has(match)) return found('site-signal');
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
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          notify = undefined;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done, { once: true });
        notify = done;
      });
      return evidence;
    },
    stop: () => observer.disconnect(),
  };
}
