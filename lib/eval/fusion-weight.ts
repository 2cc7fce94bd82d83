import { fuseExpression, type ExpressionFusion } from '../embedding/expression-fusion';
import { bootstrapOverPeople, pairedGain, pooledMean, type BootstrapInterval, type BootstrapOptions, type QueryScore } from './bootstrap';
import type { RetrievalItem } from './retrieval';

/** Below this a blendshape's deviation is taken as this: a movement no training face made must not dominate z. */
export const MIN_BLENDSHAPE_STD = 0.01;

export function blendshapeStatistics(rows: readonly Float32Array[], minStd = MIN_BLENDSHAPE_STD): { mean: number[]; std: number[] } {
  if (rows.length === 0) throw new Error('no blendshape rows to take statistics from');
  const width = rows[0].length;
  const mean = Array.from({ length: width }, (_, i) => rows.reduce((sum, row) => sum + row[i], 0) / rows.length);
  const std = mean.map((centre, i) => Math.max(minStd, Math.sqrt(rows.reduce((sum, row) => sum + (row[i] - centre) ** 2, 0) / rows.length)));
  return { mean, std };
}

/**
 * Each face's P@1 against every other person's faces, by dot product (the fused vectors are
 * compared as cosines); faces tied for nearest share the hit, as lib/eval/retrieval.ts does.
 */
export function crossIdentityHits(items: readonly RetrievalItem[], vectors: readonly Float32Array[]): QueryScore[] {
  const hits: QueryScore[] = [];
  items.forEach((query, q) => {
    let best = -Infinity;
    let tied = 0;
    let relevant = 0;
    items.forEach((other, g) => {
      if (other.subject === query.subject) return;
      let similarity = 0;
      const a = vectors[q];
      const b = vectors[g];
      for (let i = 0; i < a.length; i++) similarity += a[i] * b[i];
      if (similarity > best + 1e-9) {
        best = similarity;
        tied = 0;
        relevant = 0;
      }
      if (similarity >= best - 1e-9) {
        tied++;
        if (other.expression === query.expression) relevant++;
      }
    });
    if (tied > 0) hits.push({ subject: query.subject, value: relevant / tied });
  });
  return hits;
}

/** One validation set: the faces both the expression model and the landmarker were asked about. */
export interface FusionValidationSet {
  name: string;
  items: RetrievalItem[];
  appearance: Float32Array[];
  /** null where the landmarker found no face: the fused vector keeps a zero geometry half. */
  blendshapes: (Float32Array | null)[];
}

export interface WeightRow {
  weight: number;
  pooledP1: number;
  pooledInterval: BootstrapInterval;
  perSet: Record<string, { p1: number; interval: BootstrapInterval; queries: number }>;
}

export interface FusionWeightChoice {
  rows: WeightRow[];
  weight: number;
  /** Pooled P@1 of the chosen weight minus that of weight 1 (ours alone), with its paired interval. */
  gainOverOurs: { value: number; interval: BootstrapInterval };
  ships: boolean;
}

/**
 * The rule in training/README.md ("Late fusion"): the grid weight with the highest pooled P@1
 * (the mean of the sets' P@1; a tie goes to the larger weight), shipped only if its gain over ours
 * alone has a bootstrap interval over people entirely above zero.
 */
export function chooseFusionWeight(
  sets: readonly FusionValidationSet[],
  statistics: { mean: number[]; std: number[] },
  grid: readonly number[],
  bootstrap: BootstrapOptions,
): FusionWeightChoice {
  if (!grid.includes(1)) throw new Error('the grid must hold weight 1 (ours alone), the figure fusion has to beat');
  const hitsByWeight = new Map<number, QueryScore[][]>();
  const rows = grid.map((weight): WeightRow => {
    const fusion: ExpressionFusion = { version: 'choosing', weight, blendshapeMean: statistics.mean, blendshapeStd: statistics.std };
    const hits = sets.map((set) =>
      crossIdentityHits(
        set.items,
        set.appearance.map((appearance, i) => fuseExpression(appearance, set.blendshapes[i], fusion)),
      ),
    );
    hitsByWeight.set(weight, hits);
    const perSet = Object.fromEntries(
      sets.map((set, i) => [set.name, { p1: pooledMean([hits[i]]), interval: bootstrapOverPeople([hits[i]], bootstrap), queries: hits[i].length }]),
    );
    return { weight, pooledP1: pooledMean(hits), pooledInterval: bootstrapOverPeople(hits, bootstrap), perSet };
  });
  const chosen = rows.reduce((best, row) => (row.pooledP1 > best.pooledP1 || (row.pooledP1 === best.pooledP1 && row.weight > best.weight) ? row : best));
  const ours = hitsByWeight.get(1) ?? [];
  const fused = hitsByWeight.get(chosen.weight) ?? [];
  const gainOverOurs = pairedGain(fused, ours, bootstrap);
  return { rows, weight: chosen.weight, gainOverOurs, ships: chosen.weight !== 1 && gainOverOurs.interval.low > 0 };
}
