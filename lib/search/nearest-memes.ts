import type { FaceIndex } from './face-index';

/** A meme that matches the query, through its best-matching face. */
export interface MemeMatch {
  memeId: string;
  faceId: string;
  /** Cosine similarity of the query and the face (both L2-normalised), in [-1, 1]. */
  score: number;
}

/**
 * The k memes whose best face is nearest the query (highest dot product), best first; a meme
 * appears once, with its best face. One pass over the index's contiguous rows: the wasm SIMD
 * kernel scores them when the index has one, plain JS otherwise.
 */
export function nearestMemes(query: Float32Array, index: FaceIndex, k = 3): MemeMatch[] {
  const d = index.dimension;
  if (query.length !== d) throw new Error(`Query has ${query.length} values, index takes ${d}`);
  if (k <= 0 || index.size === 0) return [];
  const { embeddings, memeOrdinals, size } = index;

  // Top-k memes so far, best first: ordinals, scores and rows in parallel arrays.
  const topOrdinals = new Int32Array(k).fill(-1);
  const topScores = new Float64Array(k).fill(-Infinity);
  const topRows = new Int32Array(k);
  let filled = 0;
  let threshold = -Infinity;

  const scores = index.kernel ? index.kernel.score(query, size) : undefined;
  for (let row = 0, offset = 0; row < size; row++, offset += d) {
    let score: number;
    if (scores) {
      score = scores[row];
    } else {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j + 3 < d; j += 4) {
        s0 += query[j] * embeddings[offset + j];
        s1 += query[j + 1] * embeddings[offset + j + 1];
        s2 += query[j + 2] * embeddings[offset + j + 2];
        s3 += query[j + 3] * embeddings[offset + j + 3];
      }
      for (; j < d; j++) s0 += query[j] * embeddings[offset + j];
      score = s0 + s1 + s2 + s3;
    }
    if (filled === k && score <= threshold) continue;

    const ordinal = memeOrdinals[row];
    let at = -1;
    for (let i = 0; i < filled; i++) {
      if (topOrdinals[i] === ordinal) {
        at = i;
        break;
      }
    }
    if (at >= 0) {
      if (score <= topScores[at]) continue;
    } else {
      at = filled < k ? filled++ : k - 1; // a new meme takes the last place
    }
    // Move the entry at `at` up to keep the list sorted.
    while (at > 0 && topScores[at - 1] < score) {
      topOrdinals[at] = topOrdinals[at - 1];
      topScores[at] = topScores[at - 1];
      topRows[at] = topRows[at - 1];
      at--;
    }
    topOrdinals[at] = ordinal;
    topScores[at] = score;
    topRows[at] = row;
    if (filled === k) threshold = topScores[k - 1];
  }

  const matches: MemeMatch[] = [];
  for (let i = 0; i < filled; i++) {
    matches.push({ memeId: index.memeIds[topOrdinals[i]], faceId: index.faceIds[topRows[i]], score: topScores[i] });
  }
  return matches;
}
