import { composerAt, findComposer, type FoundBy, type NotFoundReason } from './find-composer';
import type { EditorName } from './editors/editor-kind';
import { insertMemeIntoComposer } from './insert-meme-into-composer';
import { showInsertToast } from './insert-toast';
import { memeFromWire } from './meme-file';
import { siteAdapterFor } from './sites/index';
import type { SiteName } from './sites/site-adapter';
import { focusComposer } from './strategies/dispatch';
import type { Composer } from './strategies/insert-strategy';
import { onValidMessage } from '@/lib/messaging/protocol';

/** What the popup learns when it opens: is there a message box to insert into? */
export type ComposerNote =
  | { found: true; site: SiteName; editor: EditorName; foundBy: FoundBy }
  | { found: false; site: SiteName; reason: NotFoundReason };

export interface SessionContext {
  signal: AbortSignal;
}

/** Where the live copy's controller sits in the isolated world (`Symbol.for` of this key). */
export const COMPOSER_SESSION_KEY = 'meme-mirror/composer-session';
const CURRENT_SESSION = Symbol.for(COMPOSER_SESSION_KEY);

/**
 * The life of one injected copy of the composer script: it ends when the popup injects the next
 * copy. The handover goes through the content script's isolated world, which every copy this
 * extension injects into the frame shares and the page cannot reach. Not WXT's `ctx.signal`: WXT
 * ends a copy when `document` receives a "content script started" CustomEvent, and a page can
 * dispatch that event itself (switching insertion off) or swallow the real one (leaving two
 * copies alive, and every meme inserted twice). The name holds only the extension id, and
 * `isTrusted` is false for the real event too, so nothing tells a forged one apart.
 */
export function composerSessionLifetime(world: object = globalThis): AbortSignal {
  const slot = world as { [CURRENT_SESSION]?: AbortController };
  slot[CURRENT_SESSION]?.abort();
  const session = new AbortController();
  slot[CURRENT_SESSION] = session;
  return session.signal;
}

/**
 * The page side of insertion, started by the composer content script each time the popup injects
 * it: notes the focused message box at once (the popup has just opened, so focus is still where
 * the user typed), keeps noting focus while alive, and answers the popup's messages. Everything
 * hangs off `ctx.signal` (`composerSessionLifetime`).
 */
export function startComposerSession(ctx: SessionContext, doc: Document = document): void {
  const site = siteAdapterFor(new URL(doc.location.href));
  let noted: WeakRef<HTMLElement> | undefined;
  let lastFocused: WeakRef<HTMLElement> | undefined;

  doc.addEventListener(
    'focusin',
    (event) => {
      // Only focus the browser really moved: a page wanting another box noted must move the caret.
      if (!event.isTrusted) return;
      const focused = composerAt(event.composedPath()[0] as Element | undefined, site);
      if (focused) lastFocused = new WeakRef(focused.element);
    },
    { capture: true, signal: ctx.signal },
  );

  const note = (): ComposerNote => {
    const found = findComposer(doc, site, lastFocused?.deref());
    if (!found.found) {
      noted = undefined;
      return { found: false, site: site.name, reason: found.reason };
    }
    noted = new WeakRef(found.composer.element);
    if (found.foundBy === 'focused' && site.composerSelector && !found.composer.element.matches(site.composerSelector)) {
      // Not an error (the generic path still works), but the adapter's markup knowledge has drifted.
      console.warn(`Meme Mirror: the focused ${site.name} message box does not match "${site.composerSelector}"`, found.composer.element);
    }
    return { found: true, site: site.name, editor: found.composer.editor.name, foundBy: found.foundBy };
  };
  /** The box noted when the popup opened, while it is still there; else a fresh search. */
  const notedComposer = (): Composer | NotFoundReason => {
    const element = noted?.deref();
    const again = element?.isConnected ? composerAt(element, site) : undefined;
    if (again) return again;
    const search = findComposer(doc, site, lastFocused?.deref());
    return search.found ? search.composer : search.reason;
  };
  note();

  const stops = [
    onValidMessage('noteComposer', () => note()),
    onValidMessage('insertMemeIntoComposer', async ({ meme }) => {
      const composer = notedComposer();
      if (typeof composer === 'string') return { ok: false, reason: composer, site: site.name, attempts: [] };
      const outcome = await insertMemeIntoComposer(composer, memeFromWire(meme), ctx.signal);
      if (!outcome.ok && site.name !== 'generic') {
        console.warn(`Meme Mirror: ${site.name} took the meme by none of its strategies; its composer may have changed`, outcome.attempts);
      }
      return outcome;
    }),
    onValidMessage('showInsertToast', ({ kind }) => {
      showInsertToast(doc, kind, ctx.signal);
      const composer = notedComposer();
      if (typeof composer !== 'string') focusComposer(composer);
      return { shown: true };
    }),
  ];
  ctx.signal.addEventListener('abort', () => stops.forEach((stop) => stop()), { once: true });
}
