import type { Expression } from './expressions';
import type { RetrievalItem } from './retrieval';

/** counts[query expression][nearest other person's expression]; a tie for nearest splits one query. */
export type ConfusionMatrix = Partial<Record<Expression, Partial<Record<Expression, number>>>>;

/**
 * What the nearest face of another person shows, per query expression: the P@1 failures spelled
 * out, e.g. whether mild faces fall into neutral. Counted as `crossIdentityHits` (fusion-weight.ts)
 * counts P@1: dot products, the same gallery and ties, so each row's diagonal share is that
 * expression's P@1.
 */
export function nearestExpressionConfusion(items: readonly RetrievalItem[], vectors: readonly Float32Array[]): ConfusionMatrix {
  const counts: ConfusionMatrix = {};
  items.forEach((query, q) => {
    let best = -Infinity;
    let nearest: Expression[] = [];
    items.forEach((other, g) => {
      if (other.subject === query.subject) return;
      let similarity = 0;
      for (let i = 0; i < vectors[q].length; i++) similarity += vectors[q][i] * vectors[g][i];
      if (similarity > best + 1e-9) {
        best = similarity;
        nearest = [];
      }
      if (similarity >= best - 1e-9) nearest.push(other.expression);
    });
    if (nearest.length === 0) return;
    const row = (counts[query.expression] ??= {});
    for (const expression of nearest) row[expression] = (row[expression] ?? 0) + 1 / nearest.length;
  });
  return counts;
}
