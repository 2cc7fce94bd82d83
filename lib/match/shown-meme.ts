import { pictureOf } from '../library/meme-thumbnail';
import { memesDb, readMemeFaces } from '../memes-db/memes-db';
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
  const keyOf = (candidate: Candidate) => `${candidate.memeId}|${candidate.faceId}`;
  // Opened now, while the camera starts, so that the first results wait only on their reads.
  void memesDb().catch(() => undefined);

  async function loadMissing(candidates: readonly Candidate[]): Promise<void> {
    const byKey = new Map<string, Candidate>();
    for (const candidate of candidates) if (!cache.has(keyOf(candidate))) byKey.set(keyOf(candidate), candidate);
    const missing = [...byKey.values()];
    const records = await readMemeFaces(missing);
    records.forEach(({ meme, face }, i) => {
      if (!meme) return;
      cache.set(keyOf(missing[i]), {
        memeId: meme.id,
        title: meme.title,
        mime: meme.mime,
        blob: meme.blob,
        imageUrl: URL.createObjectURL(pictureOf(meme)),
        faceProbabilities: face ? Array.from(face.probabilities) : undefined,
      });
    });
  }

  return {
    async resolve(candidates: readonly Candidate[]): Promise<ShownMeme[]> {
      await loadMissing(candidates);
      const keep = new Set(candidates.map(keyOf));
      for (const [key, shown] of cache) {
        if (!keep.has(key)) {
          URL.revokeObjectURL(shown.imageUrl);
          cache.delete(key);
        }
      }
      return candidates.flatMap((candidate) => {
        const shown = cache.get(keyOf(candidate));
        return shown ? [{ ...shown, score: candidate.score }] : [];
      });
    },
    clear() {
      for (const shown of cache.values()) URL.revokeObjectURL(shown.imageUrl);
      cache.clear();
    },
  };
}
