import { describe, expect, test } from 'vitest';
import { averagePrecision, precisionAtK, tieGroups } from '../../lib/eval/ranking';

describe('tieGroups', () => {
  test('merges equal distances of relevant and other items into one group', () => {
    expect(tieGroups([1, 2], [1, 3])).toEqual([
      { size: 2, relevant: 1 },
      { size: 1, relevant: 1 },
      { size: 1, relevant: 0 },
    ]);
  });
  test('an empty gallery has no groups', () => {
    expect(tieGroups([], [])).toEqual([]);
  });
});

describe('precisionAtK', () => {
  const groups = [
    { size: 2, relevant: 1 },
    { size: 1, relevant: 1 },
    { size: 1, relevant: 0 },
  ];
  test.each([
    [1, 0.5], // a coin flip inside the tied first pair
    [2, 0.5],
    [3, 2 / 3], // one expected hit from the pair, one certain hit third
    [10, 0.5], // k beyond the gallery: the whole gallery, 2 relevant of 4
  ])('k=%i → %f', (k, expected) => {
    expect(precisionAtK(groups, k)).toBeCloseTo(expected, 10);
  });
  test('is 0 on an empty gallery', () => {
    expect(precisionAtK([], 3)).toBe(0);
  });
});

describe('averagePrecision', () => {
  test('without ties: relevant at ranks 1 and 3 → (1 + 2/3) / 2', () => {
    const groups = [
      { size: 1, relevant: 1 },
      { size: 1, relevant: 0 },
      { size: 1, relevant: 1 },
    ];
    expect(averagePrecision(groups)).toBeCloseTo(5 / 6, 10);
  });
  test('one relevant tied with one other: the mean of AP 1 and AP 1/2', () => {
    expect(averagePrecision([{ size: 2, relevant: 1 }])).toBeCloseTo(0.75, 10);
  });
  test('2 relevant among 4 all tied: the mean over the 6 placements', () => {
    // (1,2)→1, (1,3)→5/6, (1,4)→3/4, (2,3)→7/12, (2,4)→1/2, (3,4)→5/12; mean 49/72.
    expect(averagePrecision([{ size: 4, relevant: 2 }])).toBeCloseTo(49 / 72, 10);
  });
  test('is null when nothing is relevant', () => {
    expect(averagePrecision([{ size: 3, relevant: 0 }])).toBeNull();
  });
});
