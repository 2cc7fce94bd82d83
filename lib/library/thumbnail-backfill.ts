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

/**
 * A still image larger than a card that has no thumbnail and no mark saying it gets none: stored
 * before thumbnails existed, or its thumbnail failed. The library page asks for these only; a GIF
 * or a small image shows its file and needs nothing written.
 */
export const needsThumbnail = (meme: Pick<MemeRecord, 'thumbnail' | 'mime' | 'width' | 'height'>): boolean => mimeToThumbnail(meme) !== undefined;

/** needsThumbnail, answered with the type to decode the file as. */
const mimeToThumbnail = (meme: Pick<MemeRecord, 'thumbnail' | 'mime' | 'width' | 'height'>): StillMime | undefined =>
  meme.thumbnail === undefined ? thumbnailableMime(meme) : undefined;

/**
 * Gives each named meme that still needs one its thumbnail, one meme at a time, until done or
 * aborted. One that turns out to get none (a transparent or moving PNG, a file that no longer
 * decodes) is marked so (null) and never decoded for it again. Returns how many got a thumbnail.
 */
export async function backfillThumbnails(memeIds: Iterable<string>, deps: ThumbnailBackfillDeps, signal: AbortSignal): Promise<number> {
  let made = 0;
  let unannounced: string[] = [];
  for (const id of memeIds) {
    if (signal.aborted) break;
    const meme = await getMeme(id);
    const mime = meme && mimeToThumbnail(meme);
    if (!meme || !mime) continue;
    const thumbnail = await deps.makeThumbnail(meme.blob, mime).catch((error: unknown) => {
      console.warn('Meme Mirror: no thumbnail for a stored meme:', error instanceof Error ? error.message : error);
      return null;
    });
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
