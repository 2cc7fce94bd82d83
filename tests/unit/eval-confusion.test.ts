import { describe, expect, test } from 'vitest';
import { nearestExpressionConfusion } from '@/lib/eval/confusion';
import type { RetrievalItem } from '@/lib/eval/retrieval';

describe('nearestExpressionConfusion', () => {
  test("counts the nearest other person's expression, never the query's own person, and splits ties", () => {
    const items: RetrievalItem[] = [
      { subject: 'a', expression: 'surprised' },
      { subject: 'a', expression: 'surprised' },
      { subject: 'b', expression: 'neutral' },
      { subject: 'c', expression: 'surprised' },
    ];
    // a's two faces are one point; b and c are equally near it, so each of a's queries is half a hit.
    const vectors = [[1, 0], [1, 0], [0, 1], [0, -1]].map((vector) => Float32Array.from(vector));
    const confusion = nearestExpressionConfusion(items, vectors);
    expect(confusion.surprised?.surprised).toBeCloseTo(2, 10);
    expect(confusion.surprised?.neutral).toBeCloseTo(1, 10);
    expect(confusion.neutral).toEqual({ surprised: 1 });
  });
});
