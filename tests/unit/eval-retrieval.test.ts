import { describe, expect, test } from 'vitest';
import { toMatrix } from '../../lib/eval/embedding-distance';
import type { Expression } from '../../lib/eval/expressions';
import { crossIdentityRetrieval, identityConfusion } from '../../lib/eval/retrieval';

const item = (subject: string, expression: Expression) => ({ subject, expression });

describe('crossIdentityRetrieval', () => {
  // One-dimensional embeddings, so every distance can be checked by hand. C has one image only.
  const items = [item('A', 'happy'), item('A', 'sad'), item('B', 'happy'), item('B', 'sad'), item('C', 'sad')];
  const matrix = toMatrix([[0], [10], [1], [9], [5]]);
  const scores = crossIdentityRetrieval(items, matrix);

  test('never lets a subject match itself, and splits ties evenly', () => {
    // A/B queries find their other-subject twin first; C's query sits 4 from both B images and
    // 5 from both A images, one of each pair sharing its expression: P@1 = 1/2.
    expect(scores.queries).toBe(5);
    expect(scores.p1).toBeCloseTo((1 + 1 + 1 + 1 + 0.5) / 5, 10);
  });
  test('P@3 is the share of the top three with the query expression', () => {
    expect(scores.p3).toBeCloseTo((1 / 3 + 2 / 3 + 1 / 3 + 2 / 3 + 0.5) / 5, 10);
  });
  test('mAP uses the tie-aware expectation', () => {
    // C: relevant items at rank 1-or-2 and 3-or-4 → mean of 5/6, 3/4, 7/12, 1/2 = 2/3.
    expect(scores.mAP).toBeCloseTo((4 + 2 / 3) / 5, 10);
  });
  test('chance P@1 is the share of same-expression images in each gallery', () => {
    expect(scores.chanceP1).toBeCloseTo((1 / 3 + 2 / 3 + 1 / 3 + 2 / 3 + 2 / 4) / 5, 10);
  });
  test('P@1 per expression', () => {
    expect(scores.p1ByExpression.happy).toEqual({ queries: 2, p1: 1 });
    expect(scores.p1ByExpression.sad?.queries).toBe(3);
    expect(scores.p1ByExpression.sad?.p1).toBeCloseTo(2.5 / 3, 10);
  });
  test('P@1 comes with an interval over people, and per group where items name one', () => {
    expect(scores.p1Interval.low).toBeLessThanOrEqual(scores.p1);
    expect(scores.p1Interval.high).toBe(1);
    expect(scores.p1ByGroup).toEqual({});
    const grouped = items.map((entry, i) => ({ ...entry, group: i < 2 ? 'posed' : 'personal event' }));
    const byGroup = crossIdentityRetrieval(grouped, matrix).p1ByGroup;
    expect(byGroup.posed).toMatchObject({ queries: 2, p1: 1, p1Interval: { low: 1, high: 1 } });
    expect(byGroup['personal event'].queries).toBe(3);
    expect(byGroup['personal event'].p1).toBeCloseTo(2.5 / 3, 10);
  });
  test('restricted queries and gallery (FER+: test against train)', () => {
    const restricted = crossIdentityRetrieval(items, matrix, [4], [0, 2]);
    expect(restricted).toMatchObject({ queries: 1, p1: 0, mAP: 0, chanceP1: 0 });
  });
  test('a single-subject set has no cross-identity queries', () => {
    const alone = crossIdentityRetrieval([item('A', 'happy'), item('A', 'sad')], toMatrix([[0], [1]]));
    expect(alone).toMatchObject({ queries: 0, p1: 0, p3: 0, mAP: 0 });
  });
});

describe('identityConfusion', () => {
  test('counts queries whose nearest other image is the same person', () => {
    const items = [item('A', 'happy'), item('A', 'sad'), item('B', 'happy'), item('B', 'sad')];
    expect(identityConfusion(items, toMatrix([[0], [1], [10], [11]]))).toEqual({ queries: 4, rate: 1, otherExpressionRate: 1 });
    expect(identityConfusion(items, toMatrix([[0], [10], [1], [11]]))).toEqual({ queries: 4, rate: 0, otherExpressionRate: 0 });
  });
  test('skips single-image subjects and halves a tie between self and other', () => {
    // A's two images: the second is 1 from the first and 1 from B; C has one image, so no query.
    const items = [item('A', 'happy'), item('A', 'sad'), item('B', 'sad'), item('C', 'sad')];
    const result = identityConfusion(items, toMatrix([[5], [4], [6], [100]]));
    expect(result.queries).toBe(2);
    expect(result.rate).toBeCloseTo((0.5 + 1) / 2, 10);
    // Both same-person neighbours show the other expression, so the stricter figure is the same.
    expect(result.otherExpressionRate).toBeCloseTo((0.5 + 1) / 2, 10);
  });
  test('a same-person neighbour with the same expression is not counted as identity beating expression', () => {
    const items = [item('A', 'happy'), item('A', 'happy'), item('B', 'sad'), item('B', 'happy')];
    const result = identityConfusion(items, toMatrix([[0], [1], [10], [12]]));
    expect(result).toEqual({ queries: 4, rate: 1, otherExpressionRate: 0.5 });
  });
});

describe('k-nearest-neighbour accuracy', () => {
  const gallery = [item('g0', 'happy'), item('g1', 'happy'), item('g2', 'sad'), item('g3', 'sad'), item('g4', 'angry')];
  const galleryValues = [[0], [1], [2], [3], [2.5]];
  const run = (expression: Expression, value: number, k: number) =>
    crossIdentityRetrieval([...gallery, item('q', expression)], toMatrix([...galleryValues, [value]]), [5], [0, 1, 2, 3, 4], k).knn?.accuracy;

  test('majority of the k nearest', () => {
    expect(run('sad', 2.2, 3)).toBe(1); // sad, angry, sad
    expect(run('angry', 2.2, 3)).toBe(0);
  });
  test('a tied vote goes to the label with the closest member', () => {
    expect(run('sad', 2.2, 2)).toBe(1); // sad 0.2 away, angry 0.3 away
  });
  test('equidistant neighbours are taken in gallery order', () => {
    expect(run('happy', 1.5, 1)).toBe(1); // g1 (happy) and g2 (sad) both 0.5 away
  });
});
