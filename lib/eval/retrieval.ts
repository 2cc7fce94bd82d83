import { squaredDistance, type EmbeddingMatrix } from './embedding-distance';
import type { Expression } from './expressions';
import { averagePrecision, precisionAtK, tieGroups, type TieGroup } from './ranking';

/** One scored image: row `i` of the embedding matrix belongs to items[i]. */
export interface RetrievalItem {
  subject: string;
  expression: Expression;
}

export interface RetrievalScores {
  /** Queries that had a non-empty gallery. */
  queries: number;
  p1: number;
  p3: number;
  /** Mean over queries with at least one same-expression image in their gallery. */
  mAP: number;
  /** Expected P@1 of a random embedding: the mean share of same-expression images in the gallery. */
  chanceP1: number;
  p1ByExpression: Partial<Record<Expression, { queries: number; p1: number }>>;
}

/**
 * Ranks `gallery` by distance to `query`, keeping only rows `accept` allows, and groups ties.
 * Distances of relevant and other rows are sorted apart (native typed-array sorts) and merged.
 */
function rankedGroups(
  matrix: EmbeddingMatrix,
  query: number,
  gallery: readonly number[],
  accept: (row: number) => boolean,
  isRelevant: (row: number) => boolean,
): TieGroup[] {
  const relevant = new Float64Array(gallery.length);
  const others = new Float64Array(gallery.length);
  let r = 0;
  let o = 0;
  for (const row of gallery) {
    if (row === query || !accept(row)) continue;
    const distance = squaredDistance(matrix, query, row);
    if (isRelevant(row)) relevant[r++] = distance;
    else others[o++] = distance;
  }
  return tieGroups(relevant.subarray(0, r).sort(), others.subarray(0, o).sort());
}

const allRows = (count: number) => Array.from({ length: count }, (_, i) => i);

/**
 * Cross-identity retrieval: each query's gallery holds only other subjects' images, and a hit is
 * an image with the query's expression. Queries and gallery default to every item.
 */
export function crossIdentityRetrieval(
  items: readonly RetrievalItem[],
  matrix: EmbeddingMatrix,
  queries: readonly number[] = allRows(items.length),
  gallery: readonly number[] = allRows(items.length),
): RetrievalScores {
  let scored = 0;
  let p1 = 0;
  let p3 = 0;
  let apSum = 0;
  let apCount = 0;
  let chance = 0;
  const byExpression: RetrievalScores['p1ByExpression'] = {};
  for (const query of queries) {
    const { subject, expression } = items[query];
    const groups = rankedGroups(
      matrix,
      query,
      gallery,
      (row) => items[row].subject !== subject,
      (row) => items[row].expression === expression,
    );
    if (groups.length === 0) continue;
    const first = precisionAtK(groups, 1);
    scored++;
    p1 += first;
    p3 += precisionAtK(groups, 3);
    chance += precisionAtK(groups, Infinity);
    const ap = averagePrecision(groups);
    if (ap !== null) {
      apSum += ap;
      apCount++;
    }
    const entry = (byExpression[expression] ??= { queries: 0, p1: 0 });
    entry.queries++;
    entry.p1 += first;
  }
  for (const entry of Object.values(byExpression)) entry.p1 /= entry.queries;
  return {
    queries: scored,
    p1: scored ? p1 / scored : 0,
    p3: scored ? p3 / scored : 0,
    mAP: apCount ? apSum / apCount : 0,
    chanceP1: scored ? chance / scored : 0,
    p1ByExpression: byExpression,
  };
}

/**
 * How often the nearest other image is the same person (gallery: every other image). Only
 * queries whose subject has another image can be confused, so only they are counted.
 */
export function identityConfusion(items: readonly RetrievalItem[], matrix: EmbeddingMatrix): { queries: number; rate: number } {
  const imagesPerSubject = new Map<string, number>();
  for (const item of items) imagesPerSubject.set(item.subject, (imagesPerSubject.get(item.subject) ?? 0) + 1);
  const rows = allRows(items.length);
  let queries = 0;
  let same = 0;
  for (const query of rows) {
    const { subject } = items[query];
    if ((imagesPerSubject.get(subject) ?? 0) < 2) continue;
    const groups = rankedGroups(matrix, query, rows, () => true, (row) => items[row].subject === subject);
    queries++;
    same += precisionAtK(groups, 1);
  }
  return { queries, rate: queries ? same / queries : 0 };
}

/**
 * k-nearest-neighbour classification of `queries` against `gallery` (FER+: test against train).
 * Neighbours at equal distance are taken in gallery order; a tied vote goes to the label whose
 * nearest member is closest, so the answer is deterministic.
 */
export function knnAccuracy(
  items: readonly RetrievalItem[],
  matrix: EmbeddingMatrix,
  queries: readonly number[],
  gallery: readonly number[],
  k: number,
): { queries: number; accuracy: number } {
  let correct = 0;
  for (const query of queries) {
    const nearest: { row: number; distance: number }[] = [];
    for (const row of gallery) {
      if (row === query) continue;
      const distance = squaredDistance(matrix, query, row);
      if (nearest.length === k && distance >= nearest[k - 1].distance) continue;
      let at = nearest.length;
      while (at > 0 && nearest[at - 1].distance > distance) at--;
      nearest.splice(at, 0, { row, distance });
      if (nearest.length > k) nearest.pop();
    }
    const votes = new Map<Expression, number>();
    for (const { row } of nearest) votes.set(items[row].expression, (votes.get(items[row].expression) ?? 0) + 1);
    const top = Math.max(0, ...votes.values());
    // `nearest` is in distance order, so the first label with the top count has the closest member.
    const predicted = nearest.find(({ row }) => votes.get(items[row].expression) === top);
    if (predicted && items[predicted.row].expression === items[query].expression) correct++;
  }
  return { queries: queries.length, accuracy: queries.length ? correct / queries.length : 0 };
}
