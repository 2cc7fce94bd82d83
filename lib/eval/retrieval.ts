import { bootstrapOverPeople, type BootstrapInterval, type QueryScore } from './bootstrap';
import { squaredDistance, type EmbeddingMatrix } from './embedding-distance';
import type { Expression } from './expressions';
import { averagePrecision, precisionAtK, tieGroups, type TieGroup } from './ranking';

/** One scored image: row `i` of the embedding matrix belongs to items[i]. */
export interface RetrievalItem {
  subject: string;
  expression: Expression;
  /** A subset the dataset names (tcce-dev's performance type), reported apart. */
  group?: string;
}

export interface GroupP1 {
  queries: number;
  p1: number;
  p1Interval: BootstrapInterval;
}

export interface RetrievalScores {
  /** Queries that had a non-empty gallery. */
  queries: number;
  p1: number;
  /** P@1's 95 % interval when people are resampled (lib/eval/bootstrap.ts). */
  p1Interval: BootstrapInterval;
  p3: number;
  /** Mean over queries with at least one same-expression image in their gallery. */
  mAP: number;
  /** Expected P@1 of a random embedding: the mean share of same-expression images in the gallery. */
  chanceP1: number;
  p1ByExpression: Partial<Record<Expression, { queries: number; p1: number }>>;
  /** Per group of items that carry one; empty when none does. */
  p1ByGroup: Record<string, GroupP1>;
}

export interface KnnScores {
  k: number;
  queries: number;
  accuracy: number;
}

const allRows = (count: number) => Array.from({ length: count }, (_, i) => i);

/** Distances from one query to every gallery row (NaN for the query itself), computed once per query. */
function distancesFrom(matrix: EmbeddingMatrix, query: number, gallery: readonly number[]): Float64Array {
  const distances = new Float64Array(gallery.length);
  gallery.forEach((row, i) => {
    distances[i] = row === query ? NaN : squaredDistance(matrix, query, row);
  });
  return distances;
}

/**
 * Groups ties among the gallery rows `accept` allows. Relevant and other distances are sorted
 * apart (native typed-array sorts, fast enough for FER+'s 28k gallery) and merged.
 */
function rankedGroups(
  distances: Float64Array,
  gallery: readonly number[],
  accept: (row: number) => boolean,
  isRelevant: (row: number) => boolean,
): TieGroup[] {
  const relevant = new Float64Array(gallery.length);
  const others = new Float64Array(gallery.length);
  let r = 0;
  let o = 0;
  gallery.forEach((row, i) => {
    if (Number.isNaN(distances[i]) || !accept(row)) return;
    if (isRelevant(row)) relevant[r++] = distances[i];
    else others[o++] = distances[i];
  });
  return tieGroups(relevant.subarray(0, r).sort(), others.subarray(0, o).sort());
}

/**
 * The label of the k nearest gallery rows by majority. Rows at equal distance are taken in
 * gallery order; a tied vote goes to the label whose nearest member is closest.
 */
function knnLabel(items: readonly RetrievalItem[], distances: Float64Array, gallery: readonly number[], k: number): Expression | undefined {
  const nearest: { row: number; distance: number }[] = [];
  gallery.forEach((row, i) => {
    const distance = distances[i];
    if (Number.isNaN(distance) || (nearest.length === k && distance >= nearest[k - 1].distance)) return;
    let at = nearest.length;
    while (at > 0 && nearest[at - 1].distance > distance) at--;
    nearest.splice(at, 0, { row, distance });
    if (nearest.length > k) nearest.pop();
  });
  const votes = new Map<Expression, number>();
  for (const { row } of nearest) votes.set(items[row].expression, (votes.get(items[row].expression) ?? 0) + 1);
  const top = Math.max(0, ...votes.values());
  // `nearest` is in distance order, so the first label with the top count has the closest member.
  const winner = nearest.find(({ row }) => votes.get(items[row].expression) === top);
  return winner && items[winner.row].expression;
}

/**
 * Cross-identity retrieval: each query's gallery holds only other subjects' images, and a hit is
 * an image with the query's expression. With `knnK`, also classifies each query by its k nearest
 * gallery images (FER+: test against train), reusing the same distances.
 */
export function crossIdentityRetrieval(
  items: readonly RetrievalItem[],
  matrix: EmbeddingMatrix,
  queries: readonly number[] = allRows(items.length),
  gallery: readonly number[] = allRows(items.length),
  knnK?: number,
): RetrievalScores & { knn?: KnnScores } {
  let scored = 0;
  let p1 = 0;
  let p3 = 0;
  let apSum = 0;
  let apCount = 0;
  let chance = 0;
  let knnCorrect = 0;
  const byExpression: RetrievalScores['p1ByExpression'] = {};
  const hits: (QueryScore & { group?: string })[] = [];
  for (const query of queries) {
    const { subject, expression } = items[query];
    const distances = distancesFrom(matrix, query, gallery);
    if (knnK !== undefined && knnLabel(items, distances, gallery, knnK) === expression) knnCorrect++;
    const groups = rankedGroups(
      distances,
      gallery,
      (row) => items[row].subject !== subject,
      (row) => items[row].expression === expression,
    );
    if (groups.length === 0) continue;
    const first = precisionAtK(groups, 1);
    scored++;
    p1 += first;
    hits.push({ subject, value: first, group: items[query].group });
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
    p1Interval: bootstrapOverPeople([hits]),
    p3: scored ? p3 / scored : 0,
    mAP: apCount ? apSum / apCount : 0,
    chanceP1: scored ? chance / scored : 0,
    p1ByExpression: byExpression,
    p1ByGroup: p1ByGroup(hits),
    ...(knnK === undefined ? {} : { knn: { k: knnK, queries: queries.length, accuracy: queries.length ? knnCorrect / queries.length : 0 } }),
  };
}

function p1ByGroup(hits: readonly (QueryScore & { group?: string })[]): Record<string, GroupP1> {
  const groups = new Map<string, QueryScore[]>();
  for (const hit of hits) if (hit.group !== undefined) groups.set(hit.group, [...(groups.get(hit.group) ?? []), hit]);
  return Object.fromEntries(
    [...groups].map(([group, scores]) => [
      group,
      { queries: scores.length, p1: scores.reduce((sum, score) => sum + score.value, 0) / scores.length, p1Interval: bootstrapOverPeople([scores]) },
    ]),
  );
}

/**
 * How often the nearest other image is the same person (gallery: every other image), and how
 * often it is the same person making a different expression (identity beat expression; the
 * figure training/evaluate.py calls identity_confusion). Only queries whose subject has another
 * image can be confused, so only they are counted.
 */
export function identityConfusion(
  items: readonly RetrievalItem[],
  matrix: EmbeddingMatrix,
): { queries: number; rate: number; otherExpressionRate: number } {
  const imagesPerSubject = new Map<string, number>();
  for (const item of items) imagesPerSubject.set(item.subject, (imagesPerSubject.get(item.subject) ?? 0) + 1);
  const rows = allRows(items.length);
  let queries = 0;
  let same = 0;
  let sameOtherExpression = 0;
  for (const query of rows) {
    const { subject, expression } = items[query];
    if ((imagesPerSubject.get(subject) ?? 0) < 2) continue;
    const distances = distancesFrom(matrix, query, rows);
    queries++;
    same += precisionAtK(rankedGroups(distances, rows, () => true, (row) => items[row].subject === subject), 1);
    sameOtherExpression += precisionAtK(
      rankedGroups(distances, rows, () => true, (row) => items[row].subject === subject && items[row].expression !== expression),
      1,
    );
  }
  return { queries, rate: queries ? same / queries : 0, otherExpressionRate: queries ? sameOtherExpression / queries : 0 };
}
