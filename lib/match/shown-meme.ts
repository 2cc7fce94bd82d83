import { pictureOf } from '../library/meme-thumbnail';
import { memesDb } from '../memes-db/memes-db';
import type { MemeId } from '../memes-db/schema';
import type { Candidate } from './result-stabilizer';

/** A result as the popup shows it: the meme's picture and what its matched face expresses. */
export interface ShownMeme {
  memeId: MemeId;
  title: string;
  mime: string;
  blob: Blob;
  /** Object URL of its picture (pictureOf); revoked by the cache when the meme leaves the results. */
  imageUrl: string;
  faceProbabilities?: number[];
  score: number;
}

/**
 * Reads result memes from IndexedDB (the popup shares the extension's origin) and keeps one
 * object URL per shown meme, revoking URLs of memes no longer shown.
 */
export function createShownMemeCache() {
  const cache = new Map<string, Omit<ShownMeme, 'score'>>();

  async function load(candidate: Candidate): Promise<Omit<ShownMeme, 'score'> | undefined> {
    const key = `${candidate.memeId}|${candidate.faceId}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const db = await memesDb();
    const [meme, face] = await Promise.all([db.get('memes', candidate.memeId), db.get('faces', candidate.faceId)]);
    if (!meme) return undefined;
    const shown = {
      memeId: meme.id,
      title: meme.title,
      mime: meme.mime,
      blob: meme.blob,
      imageUrl: URL.createObjectURL(pictureOf(meme)),
      faceProbabilities: face ? Array.from(face.probabilities) : undefined,
    };
    cache.set(key, shown);
    return shown;
  }

  return {
    async resolve(candidates: readonly Candidate[]): Promise<ShownMeme[]> {
      const loaded = await Promise.all(candidates.map(load));
      const keep = new Set(candidates.map((candidate) => `${candidate.memeId}|${candidate.faceId}`));
      for (const [key, shown] of cache) {
        if (!keep.has(key)) {
          URL.revokeObjectURL(shown.imageUrl);
          cache.delete(key);
        }
      }
      return loaded.flatMap((shown, i) => (shown ? [{ ...shown, score: candidates[i].score }] : []));
    },
    clear() {
      for (const shown of cache.values()) URL.revokeObjectURL(shown.imageUrl);
      cache.clear();
    },
  };
}
