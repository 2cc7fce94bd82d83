/**
 * What a match score means to a person: "how often a match this close shows the same
 * expression", read off a table that scripts/calibrate-match.ts measures on labelled dev sets.
 * The table depends on the embedding: regenerate it whenever the model changes.
 */

/** One step of the table: pairs scoring about `score` shared their expression at `rate`. */
export interface CalibrationPoint {
  score: number;
  rate: number;
}

export interface MatchCalibration {
  /** The embedding model the scores came from (models/expression-embedder.json `version`). */
  modelVersion: string;
  /** Rising scores, never-falling rates. */
  points: CalibrationPoint[];
}

/** A pair of faces: its score, and whether the two show the same expression. */
export interface ScoredPair {
  score: number;
  same: boolean;
}

/**
 * Bins pairs by score into `bins` groups of equal size, then makes the rates never fall as the
 * score rises (pool adjacent violators): a closer match must never read as less likely.
 */
export function fitCalibration(pairs: readonly ScoredPair[], bins: number): CalibrationPoint[] {
  if (pairs.length === 0) throw new Error('No pairs to calibrate on');
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  const groups: { scoreSum: number; same: number; count: number }[] = [];
  for (let bin = 0; bin < bins; bin++) {
    const slice = sorted.slice(Math.floor((bin * sorted.length) / bins), Math.floor(((bin + 1) * sorted.length) / bins));
    if (slice.length === 0) continue;
    groups.push({
      scoreSum: slice.reduce((sum, pair) => sum + pair.score, 0),
      same: slice.filter((pair) => pair.same).length,
      count: slice.length,
    });
  }
  const pooled: typeof groups = [];
  for (const group of groups) {
    pooled.push({ ...group });
    while (pooled.length > 1 && pooled.at(-2)!.same / pooled.at(-2)!.count > pooled.at(-1)!.same / pooled.at(-1)!.count) {
      const last = pooled.pop()!;
      const previous = pooled.at(-1)!;
      previous.scoreSum += last.scoreSum;
      previous.same += last.same;
      previous.count += last.count;
    }
  }
  return pooled.map((group) => ({ score: group.scoreSum / group.count, rate: group.same / group.count }));
}

/** The rate at `score`: linear between the table's points, flat beyond its ends. */
export function sameExpressionRate(points: readonly CalibrationPoint[], score: number): number {
  if (points.length === 0) throw new Error('Empty calibration table');
  if (score <= points[0].score) return points[0].rate;
  for (let i = 1; i < points.length; i++) {
    const [low, high] = [points[i - 1], points[i]];
    if (score <= high.score) return low.rate + ((score - low.score) / (high.score - low.score)) * (high.rate - low.rate);
  }
  return points.at(-1)!.rate;
}

/**
 * Expected calibration error on pairs the table was not fitted on: the mean gap between the
 * rate the table gives and the rate observed, over `bins` equal-size score bins.
 */
export function calibrationError(points: readonly CalibrationPoint[], pairs: readonly ScoredPair[], bins: number): number {
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  let gap = 0;
  for (let bin = 0; bin < bins; bin++) {
    const slice = sorted.slice(Math.floor((bin * sorted.length) / bins), Math.floor(((bin + 1) * sorted.length) / bins));
    if (slice.length === 0) continue;
    const predicted = slice.reduce((sum, pair) => sum + sameExpressionRate(points, pair.score), 0) / slice.length;
    const observed = slice.filter((pair) => pair.same).length / slice.length;
    gap += (Math.abs(predicted - observed) * slice.length) / sorted.length;
  }
  return gap;
}
