import { squaredDistance, type EmbeddingMatrix } from './embedding-distance';

/** Triplet (anchor, closer, farther): raters put `closer` clearly nearer the anchor than `farther`. */
export type VoteTriplet = [anchor: number, closer: number, farther: number];

export interface TripletSampling {
  count: number;
  /** Minimum gap in total-variation distance between the two pairs' vote vectors. */
  margin: number;
  seed: number;
}

/** Default sampling: 5,000 triplets whose vote gap is at least 0.2 of the votes, seed 1. */
export const DEFAULT_TRIPLET_SAMPLING: TripletSampling = { count: 5000, margin: 0.2, seed: 1 };

/** Total-variation distance between two vote distributions: the share of votes that would have to move. */
export function voteDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / 2;
}

/** mulberry32: a tiny seeded generator, so the same seed gives the same triplets on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws random triplets of three different subjects and keeps those in which the raters' votes
 * separate the pairs by at least `margin` (TV(anchor, farther) - TV(anchor, closer)). Gives up
 * after 50 draws per wanted triplet, so small or unanimous sets return fewer.
 */
export function sampleVoteTriplets(
  items: readonly { subject: string; votes: readonly number[] }[],
  { count, margin, seed }: TripletSampling,
): VoteTriplet[] {
  const random = seededRandom(seed);
  const pick = () => Math.floor(random() * items.length);
  const triplets: VoteTriplet[] = [];
  for (let attempt = 0; attempt < count * 50 && triplets.length < count && items.length >= 3; attempt++) {
    const [a, b, c] = [pick(), pick(), pick()];
    const subjects = new Set([items[a].subject, items[b].subject, items[c].subject]);
    if (subjects.size < 3) continue;
    const ab = voteDistance(items[a].votes, items[b].votes);
    const ac = voteDistance(items[a].votes, items[c].votes);
    if (ac - ab >= margin) triplets.push([a, b, c]);
    else if (ab - ac >= margin) triplets.push([a, c, b]);
  }
  return triplets;
}

/** Share of triplets the embedding orders as the raters did; an exact tie counts half. */
export function tripletAgreement(triplets: readonly VoteTriplet[], matrix: EmbeddingMatrix): number {
  if (triplets.length === 0) return 0;
  let agree = 0;
  for (const [anchor, closer, farther] of triplets) {
    const near = squaredDistance(matrix, anchor, closer);
    const far = squaredDistance(matrix, anchor, farther);
    agree += near < far ? 1 : near === far ? 0.5 : 0;
  }
  return agree / triplets.length;
}
