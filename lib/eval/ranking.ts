/**
 * Rank statistics that stay fair when distances tie: every figure is the expected value over a
 * uniformly random order inside each group of equal distances, so neither the gallery's order
 * nor a degenerate embedding (all vectors equal) can earn credit.
 */

/** Gallery items at one distance from the query, in increasing distance order. */
export interface TieGroup {
  size: number;
  relevant: number;
}

/** Merges ascending distances of relevant and other gallery items into tie groups. */
export function tieGroups(relevant: ArrayLike<number>, others: ArrayLike<number>): TieGroup[] {
  const groups: TieGroup[] = [];
  let r = 0;
  let o = 0;
  while (r < relevant.length || o < others.length) {
    const distance = Math.min(r < relevant.length ? relevant[r] : Infinity, o < others.length ? others[o] : Infinity);
    const group = { size: 0, relevant: 0 };
    while (r < relevant.length && relevant[r] === distance) {
      r++;
      group.relevant++;
      group.size++;
    }
    while (o < others.length && others[o] === distance) {
      o++;
      group.size++;
    }
    groups.push(group);
  }
  return groups;
}

/** Expected share of relevant items among the first k (or the whole gallery when it is smaller). */
export function precisionAtK(groups: readonly TieGroup[], k: number): number {
  const total = groups.reduce((sum, group) => sum + group.size, 0);
  const slots = Math.min(k, total);
  if (slots === 0) return 0;
  let left = slots;
  let hits = 0;
  for (const group of groups) {
    if (left === 0) break;
    const taken = Math.min(left, group.size);
    hits += (taken * group.relevant) / group.size;
    left -= taken;
  }
  return hits / slots;
}

/**
 * Expected average precision (McSherry & Najork, ECIR 2008). Inside a group of n items with r
 * relevant, placed after s items of which R are relevant, position i holds a relevant item with
 * probability r/n, and then (i-1)(r-1)/(n-1) other relevant items of the group precede it.
 * Null when nothing in the gallery is relevant.
 */
export function averagePrecision(groups: readonly TieGroup[]): number | null {
  let before = 0;
  let relevantBefore = 0;
  let sum = 0;
  for (const { size, relevant } of groups) {
    if (relevant > 0) {
      for (let i = 1; i <= size; i++) {
        const relevantAhead = size > 1 ? ((i - 1) * (relevant - 1)) / (size - 1) : 0;
        sum += ((relevant / size) * (relevantBefore + 1 + relevantAhead)) / (before + i);
      }
    }
    before += size;
    relevantBefore += relevant;
  }
  return relevantBefore > 0 ? sum / relevantBefore : null;
}
