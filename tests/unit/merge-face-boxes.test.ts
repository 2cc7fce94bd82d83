import { describe, expect, test } from 'vitest';
import { mergeFaceBoxes, overlapOfSmaller } from '@/lib/vision/merge-face-boxes';

const box = (x: number, y: number, width: number, height: number, score = 0.9) => ({ x, y, width, height, score });

describe('overlapOfSmaller', () => {
  test.each([
    [box(0, 0, 10, 10), box(0, 0, 10, 10), 1],
    [box(0, 0, 10, 10), box(10, 0, 10, 10), 0],
    // A small box inside a large one is the same face however different their sizes.
    [box(0, 0, 100, 100), box(10, 10, 20, 20), 1],
    [box(0, 0, 10, 10), box(5, 0, 10, 10), 0.5],
    [box(0, 0, 0, 0), box(0, 0, 10, 10), 0],
  ])('%o vs %o = %d', (a, b, expected) => {
    expect(overlapOfSmaller(a, b)).toBeCloseTo(expected, 10);
  });
});

describe('mergeFaceBoxes', () => {
  test('keeps every primary face and adds only the extra faces it lacks', () => {
    const primary = [box(0, 0, 50, 50), box(200, 0, 50, 50)];
    // The first is primary's first face drawn taller; the other two are faces primary missed.
    const extra = [box(2, -5, 48, 60, 0.6), box(400, 300, 20, 20, 0.8), box(100, 300, 20, 20, 0.7)];
    expect(mergeFaceBoxes(primary, extra)).toEqual([...primary, extra[1], extra[2]]);
  });

  test('a face the extra detector finds twice is kept once', () => {
    expect(mergeFaceBoxes([], [box(0, 0, 20, 20), box(1, 1, 20, 20)])).toEqual([box(0, 0, 20, 20)]);
  });

  test('the primary box wins over an overlapping extra one, even a higher-scoring one', () => {
    expect(mergeFaceBoxes([box(0, 0, 20, 20, 0.5)], [box(0, 0, 22, 22, 0.99)])).toEqual([box(0, 0, 20, 20, 0.5)]);
  });
});
