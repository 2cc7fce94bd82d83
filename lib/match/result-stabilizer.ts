export interface Candidate {
  memeId: string;
  faceId: string;
  score: number;
}

export interface StabilizerOptions {
  slots: number;
  /** How much better than the weakest shown result a newcomer must score to count as "clearly". */
  margin: number;
  /** For how many consecutive frames it must stay that much better before it is shown. */
  frames: number;
}

/**
 * Keeps the shown results still unless a new one is clearly better for several frames in a row.
 * Shown memes keep their slot (a slot changes only when its meme is replaced), and their scores
 * follow the latest frame, so the figures stay honest while the pictures stay put.
 */
export function createResultStabilizer({ slots, margin, frames }: StabilizerOptions) {
  let shown: Candidate[] = [];
  const streaks = new Map<string, number>();

  return {
    update(candidates: readonly Candidate[]): Candidate[] {
      const latest = new Map(candidates.map((candidate) => [candidate.memeId, candidate]));
      // A shown meme that is not among this frame's candidates scores below all of them.
      const floor = candidates.length ? Math.min(...candidates.map((candidate) => candidate.score)) : -1;
      shown = shown.map((item) => latest.get(item.memeId) ?? { ...item, score: Math.min(item.score, floor) });

      if (shown.length < slots) {
        for (const candidate of candidates) {
          if (shown.length >= slots) break;
          if (!shown.some((item) => item.memeId === candidate.memeId)) shown.push(candidate);
        }
        streaks.clear();
        return [...shown];
      }

      const seen = new Set<string>();
      for (const candidate of candidates) {
        if (shown.some((item) => item.memeId === candidate.memeId)) continue;
        const weakest = shown.reduce((low, item, i) => (item.score < shown[low].score ? i : low), 0);
        if (candidate.score < shown[weakest].score + margin) continue;
        seen.add(candidate.memeId);
        const streak = (streaks.get(candidate.memeId) ?? 0) + 1;
        streaks.set(candidate.memeId, streak);
        if (streak >= frames) {
          shown[weakest] = candidate;
          streaks.delete(candidate.memeId);
        }
      }
      for (const memeId of streaks.keys()) if (!seen.has(memeId)) streaks.delete(memeId);
      return [...shown];
    },
    reset() {
      shown = [];
      streaks.clear();
    },
  };
}
