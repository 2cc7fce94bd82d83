import { squaredDistance, type EmbeddingMatrix } from './embedding-distance';
import type { Expression } from './expressions';
import type { RetrievalItem } from './retrieval';

/** counts[query expression][nearest other person's expression]; a tie for nearest splits one query. */
export type ConfusionMatrix = Partial<Record<Expression, Partial<Record<Expression, number>>>>;

/**
 * What the nearest face of another person shows, per query expression: the P@1 failures spelled
 * out, e.g. whether mild faces fall into neutral. Counted over the same cross-identity gallery
 * as P@1, so each row's diagonal share is that expression's P@1.
 */
export function nearestExpressionConfusion(items: readonly RetrievalItem[], matrix: EmbeddingMatrix): ConfusionMatrix {
  const counts: ConfusionMatrix = {};
  items.forEach((query, q) => {
    let best = Infinity;
    let nearest: Expression[] = [];
    items.forEach((other, g) => {
      if (other.subject === query.subject) return;
      const distance = squaredDistance(matrix, q, g);
      if (distance < best - 1e-9) {
        best = distance;
        nearest = [];
      }
      if (distance <= best + 1e-9) nearest.push(other.expression);
    });
    if (nearest.length === 0) return;
    const row = (counts[query.expression] ??= {});
    for (const expression of nearest) row[expression] = (row[expression] ?? 0) + 1 / nearest.length;
  });
  return counts;
}
