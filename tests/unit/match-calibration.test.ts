import { describe, expect, test } from 'vitest';
import { calibrationError, fitCalibration, sameExpressionRate, type ScoredPair } from '@/lib/match/match-calibration';
import { sameExpressionPercent } from '@/lib/match/expression-words';

const pairs = (score: number, same: number, different: number): ScoredPair[] => [
  ...Array.from({ length: same }, () => ({ score, same: true })),
  ...Array.from({ length: different }, () => ({ score, same: false })),
];

describe('fitCalibration', () => {
  test('equal-size score bins give each bin its observed rate', () => {
    const points = fitCalibration([...pairs(0.1, 1, 9), ...pairs(0.5, 5, 5), ...pairs(0.9, 9, 1)], 3);
    const rounded = points.map((point) => ({ score: Number(point.score.toFixed(9)), rate: point.rate }));
    expect(rounded).toEqual([
      { score: 0.1, rate: 0.1 },
      { score: 0.5, rate: 0.5 },
      { score: 0.9, rate: 0.9 },
    ]);
  });

  test('a bin whose rate falls below the one before is pooled with it: closer never reads as less likely', () => {
    const points = fitCalibration([...pairs(0.1, 2, 8), ...pairs(0.5, 6, 4), ...pairs(0.7, 4, 6), ...pairs(0.9, 9, 1)], 4);
    expect(points.map((point) => point.rate)).toEqual([0.2, 0.5, 0.9]);
    expect(points[1].score).toBeCloseTo(0.6, 10);
  });

  test('no pairs is an error, not an empty table', () => {
    expect(() => fitCalibration([], 10)).toThrow(/No pairs/);
  });
});

describe('sameExpressionRate', () => {
  const points = [
    { score: 0.2, rate: 0.1 },
    { score: 0.6, rate: 0.5 },
  ];
  test.each([
    [0, 0.1],
    [0.2, 0.1],
    [0.4, 0.3],
    [0.6, 0.5],
    [1, 0.5],
  ])('score %d → %d', (score, rate) => {
    expect(sameExpressionRate(points, score)).toBeCloseTo(rate, 10);
  });
});

test('calibrationError is 0 for a table that matches the pairs and grows with the gap', () => {
  const data = [...pairs(0.1, 1, 9), ...pairs(0.9, 9, 1)];
  expect(calibrationError(fitCalibration(data, 2), data, 2)).toBeCloseTo(0, 10);
  const optimistic = [
    { score: 0.1, rate: 0.3 },
    { score: 0.9, rate: 1 },
  ];
  expect(calibrationError(optimistic, data, 2)).toBeCloseTo(0.15, 10);
});

describe('sameExpressionPercent (the figure a result card shows)', () => {
  const table = { modelVersion: 'model-a', points: [{ score: 0.5, rate: 0.1 }, { score: 0.9, rate: 0.7 }] };
  test('reads the measured table, in whole percent', () => {
    expect(sameExpressionPercent(0.7, table, 'model-a')).toBe(40);
  });
  test('a table measured on another model gives no figure rather than a wrong one', () => {
    expect(sameExpressionPercent(0.7, table, 'model-b')).toBeUndefined();
  });
  test('the shipped table was measured on the shipped model, and a closer match never reads lower', () => {
    const scores = [0, 0.3, 0.6, 0.8, 0.9, 0.95, 1];
    const percents = scores.map((score) => sameExpressionPercent(score));
    expect(percents.every((percent) => percent !== undefined)).toBe(true);
    expect(percents).toEqual([...percents].sort((a, b) => a! - b!));
  });
});
