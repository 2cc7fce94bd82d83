import { getMeme, setMemeThumbnail, type MemeRecord } from '../memes-db/memes-db';
import { MAX_THUMBNAIL_REQUEST, sendMessage } from '../messaging/protocol';
import { thumbnailableMime, type StillMime } from './meme-thumbnail';

export interface ThumbnailBackfillDeps {
  /** The thumbnail of a stored file, or null where it gets none (decodeMemeImage with thumbnailOf). */
  makeThumbnail(blob: Blob, mime: StillMime): Promise<Blob | null>;
  /** Memes that now show a thumbnail, a few at a time, for the pages to redraw them. */
  onThumbnails(memeIds: string[]): void;
}

/** Memes announced together: the library page redraws what changed about once a second anyway. */
const ANNOUNCE_EVERY = 25;

/** Memes stored before thumbnails existed (or whose thumbnail failed): the library page asks for theirs. */
export const lacksThumbnail = (meme: Pick<MemeRecord, 'thumbnail'>): boolean => meme.thumbnail === undefined;

/**
 * Gives each named meme that still lacks one its thumbnail, one meme at a time, until done or
 * aborted. A meme that cannot get one (a GIF, a small or transparent image, a file that no longer
 * decodes) is marked so (null) and never decoded for it again. Returns how many got a thumbnail.
 */
export async function backfillThumbnails(memeIds: Iterable<string>, deps: ThumbnailBackfillDeps, signal: AbortSignal): Promise<number> {
  let made = 0;
  let unannounced: string[] = [];
  for (const id of memeIds) {
    if (signal.aborted) break;
    const meme = await getMeme(id);
    if (!meme || !lacksThumbnail(meme)) continue;
    const mime = thumbnailableMime(meme);
    const thumbnail = mime
      ? await deps.makeThumbnail(meme.blob, mime).catch((error: unknown) => {
          console.warn('Meme Mirror: no thumbnail for a stored meme:', error instanceof Error ? error.message : error);
          return null;
        })
      : null;
    if (!(await setMemeThumbnail(id, thumbnail)) || !thumbnail) continue;
    made++;
    unannounced.push(id);
    if (unannounced.length >= ANNOUNCE_EVERY) {
      deps.onThumbnails(unannounced);
      unannounced = [];
    }
  }
  if (unannounced.length > 0) deps.onThumbnails(unannounced);
  return made;
}

/** The library page's ask: the offscreen document makes the thumbnails these memes lack, in the background. */
export async function requestThumbnails(memeIds: string[]): Promise<void> {
  const ready = await sendMessage('ensureOffscreen', undefined);
  if (!ready.ok) throw new Error(ready.reason);
  for (let start = 0; start < memeIds.length; start += MAX_THUMBNAIL_REQUEST) {
    await sendMessage('makeThumbnails', { memeIds: memeIds.slice(start, start + MAX_THUMBNAIL_REQUEST) });
  }
}
