/**
 * Smooths a face's embedding over recent frames (exponential moving average, re-normalised),
 * so that camera noise does not move the results. A gap in the stream (face lost, popup frozen)
 * starts afresh: an old face must not leak into a new one.
 */
export interface EmbeddingSmoother {
  push(embedding: Float32Array, atMs: number): Float32Array;
  reset(): void;
}

export function createEmbeddingSmoother(weightOfNew = 0.5, maxGapMs = 600): EmbeddingSmoother {
  let state: Float32Array | undefined;
  let lastAt = -Infinity;
  return {
    push(embedding, atMs) {
      if (!state || state.length !== embedding.length || atMs - lastAt > maxGapMs) {
        state = Float32Array.from(embedding);
      } else {
        let norm = 0;
        for (let i = 0; i < state.length; i++) {
          state[i] = (1 - weightOfNew) * state[i] + weightOfNew * embedding[i];
          norm += state[i] * state[i];
        }
        norm = Math.sqrt(norm) || 1;
        for (let i = 0; i < state.length; i++) state[i] /= norm;
      }
      lastAt = atMs;
      return Float32Array.from(state);
    },
    reset() {
      state = undefined;
      lastAt = -Infinity;
    },
  };
}
