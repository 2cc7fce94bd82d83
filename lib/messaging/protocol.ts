import { defineExtensionMessaging } from '@webext-core/messaging';
import * as v from 'valibot';
import type { ComposerNote } from '@/lib/insert/composer-session';
import type { ChainOutcome } from '@/lib/insert/insert-meme-into-composer';
import { INSERT_TOAST_KINDS, type InsertToastKind } from '@/lib/insert/insert-toast';
import { MemeWireSchema, type MemeWire } from '@/lib/insert/meme-file';
import { MAX_IMAGE_BYTES } from '../library/image-format';
import type { IngestOutcome } from '../library/ingest-outcome';
import type { ExampleMatch } from '../match/example-match';

/**
 * The one runtime-message contract between background, popup, offscreen and options pages.
 * Runtime messages are JSON: ids and small records only (one image file, in addMemeFromPageCopy),
 * never pixels (see frame-channel.ts).
 */
export interface MemeMirrorProtocol {
  /** Popup → background: make sure the offscreen document exists and its models are loading. */
  ensureOffscreen(): { ok: true } | { ok: false; reason: string };
  /** Background → offscreen: fetch, check, detect, embed and store one image (context menu). */
  addMemeFromUrl(data: { url: string; pageUrl?: string; title?: string }): IngestOutcome;
  /**
   * Background → offscreen: the same add for the page's own copy of that image (page-copy.ts),
   * when the extension's download was refused. The one message that carries image bytes: a file
   * (not pixels) of at most 20 MB, as base64 (about 27 MB of JSON, under Chrome's 64 MB), sent once
   * per right-click; its outcome comes straight back for the notification.
   */
  addMemeFromPageCopy(data: { base64: string; url: string; pageUrl?: string }): IngestOutcome;
  /** Any page → offscreen: work through the import queue and re-embed stale faces, if not already doing so. */
  runLibraryWork(): { ok: true };
  /** Options → offscreen: stop the running import and drop what is still queued. */
  cancelImports(): { ok: true };
  /** Options → offscreen: re-embed every face (all) or only faces from an older model. */
  reindexLibrary(data: { all: boolean }): { ok: true };
  /** Options → offscreen: make the thumbnails these memes lack (stored before thumbnails existed). */
  makeThumbnails(data: { memeIds: string[] }): { ok: true };
  /** Popup → offscreen: "Find memes like this face" for an image on a page. */
  findMemesLikeImage(data: { url: string }): ExampleMatch;
  /** Popup → composer script in the active tab: note the message box that has focus (lib/insert). */
  noteComposer(): ComposerNote;
  /** Popup → composer script: insert the meme by paste, drop, then file input, each verified. */
  insertMemeIntoComposer(data: { meme: MemeWire }): ChainOutcome;
  /** Popup → composer script: show the clipboard-fallback toast and refocus the message box. */
  showInsertToast(data: { kind: InsertToastKind }): { shown: boolean };
}

/** Memes named in one makeThumbnails message: ~9 MB of ids, under Chrome's 64 MB message cap. */
export const MAX_THUMBNAIL_REQUEST = 200_000;

/** The longest base64 a file within the image size limit encodes to. */
export const MAX_IMAGE_BASE64_LENGTH = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

/** A page copy is only asked for where a download can fail: the web and the page's blob: URLs. */
const PageImageUrlSchema = v.pipe(v.string(), v.url(), v.check((url) => /^(https?|blob):/i.test(url), 'an http(s) or blob: URL'));

/** Runtime schemas for each message's data, checked by `onValidMessage` before any handler runs. */
export const messageDataSchemas = {
  ensureOffscreen: v.undefined(),
  addMemeFromUrl: v.strictObject({
    // Only what an image can be fetched from: the web, a data: URL, or the page's blob: URL.
    url: v.pipe(v.string(), v.url(), v.check((url) => /^(https?|data|blob):/i.test(url), 'an http(s), data: or blob: URL')),
    pageUrl: v.optional(v.string()),
    title: v.optional(v.pipe(v.string(), v.maxLength(500))),
  }),
  addMemeFromPageCopy: v.strictObject({
    base64: v.pipe(v.string(), v.maxLength(MAX_IMAGE_BASE64_LENGTH), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')),
    url: PageImageUrlSchema,
    pageUrl: v.optional(v.string()),
  }),
  runLibraryWork: v.undefined(),
  cancelImports: v.undefined(),
  reindexLibrary: v.strictObject({ all: v.boolean() }),
  makeThumbnails: v.strictObject({ memeIds: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(MAX_THUMBNAIL_REQUEST)) }),
  findMemesLikeImage: v.strictObject({ url: v.pipe(v.string(), v.url()) }),
  noteComposer: v.undefined(),
  insertMemeIntoComposer: v.strictObject({ meme: MemeWireSchema }),
  showInsertToast: v.strictObject({ kind: v.picklist(INSERT_TOAST_KINDS) }),
} satisfies { [K in keyof MemeMirrorProtocol]: v.GenericSchema };

export const { sendMessage, onMessage } = defineExtensionMessaging<MemeMirrorProtocol>();

type Data<K extends keyof MemeMirrorProtocol> = Parameters<MemeMirrorProtocol[K]>[0];
type Result<K extends keyof MemeMirrorProtocol> = ReturnType<MemeMirrorProtocol[K]>;

/**
 * Registers a handler that only sees data matching the message's schema and only answers
 * messages from this extension; anything else is rejected with a logged reason.
 */
export function onValidMessage<K extends keyof MemeMirrorProtocol>(
  type: K,
  handler: (data: Data<K>) => Result<K> | Promise<Result<K>>,
): () => void {
  return onMessage(type, (message) => {
    if (message.sender.id !== browser.runtime.id) {
      console.warn(`Meme Mirror: rejected ${type} from a foreign sender`, message.sender);
      throw new Error('Rejected: foreign sender');
    }
    const parsed = v.safeParse(messageDataSchemas[type], message.data);
    if (!parsed.success) {
      const reason = v.summarize(parsed.issues);
      console.warn(`Meme Mirror: rejected malformed ${type}: ${reason}`);
      throw new Error(`Malformed ${type}: ${reason}`);
    }
    return handler(parsed.output as Data<K>);
  });
}
