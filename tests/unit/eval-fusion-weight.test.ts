import { describe, expect, test } from 'vitest';
import { blendshapeStatistics, chooseFusionWeight, crossIdentityHits, type FusionValidationSet } from '@/lib/eval/fusion-weight';
import type { Expression } from '@/lib/eval/expressions';
import { BLENDSHAPE_COUNT } from '@/lib/vision/face-landmarker';

const GRID = [0, 0.5, 1];
const BOOTSTRAP = { resamples: 200, level: 0.95, seed: 1 };
const statistics = { mean: Array(BLENDSHAPE_COUNT).fill(0), std: Array(BLENDSHAPE_COUNT).fill(1) };

/** A 52-value score vector that points along one blendshape: a clean geometric signal. */
const along = (index: number) => Float32Array.from({ length: BLENDSHAPE_COUNT }, (_, i) => (i === index ? 1 : 0));
const unit = (angle: number) => Float32Array.of(Math.cos(angle), Math.sin(angle));

/**
 * 30 people making happy and sad. `geometryInformative` decides which half carries the expression:
 * the other half carries only the person, as identity leaks into an appearance embedding.
 */
function people(geometryInformative: boolean): FusionValidationSet {
  const set: FusionValidationSet = { name: 'synthetic', items: [], appearance: [], blendshapes: [] };
  for (let p = 0; p < 30; p++) {
    (['happy', 'sad'] as Expression[]).forEach((expression, e) => {
      set.items.push({ subject: `p${p}`, expression });
      set.appearance.push(geometryInformative ? unit(p * 0.2) : unit(e * Math.PI * 0.5 + p * 0.001));
      set.blendshapes.push(geometryInformative ? along(e) : along(2 + (p % 40)));
    });
  }
  return set;
}

describe('chooseFusionWeight', () => {
  test('geometry that reads the expression wins a weight below 1 and ships, with a gain clear of zero', () => {
    const choice = chooseFusionWeight([people(true)], statistics, GRID, BOOTSTRAP);
    expect(choice.weight).toBeLessThan(1);
    expect(choice.gainOverOurs.value).toBeGreaterThan(0.3);
    expect(choice.gainOverOurs.interval.low).toBeGreaterThan(0);
    expect(choice.ships).toBe(true);
    expect(choice.rows.map((row) => row.weight)).toEqual(GRID);
  });

  test('geometry that reads only the person leaves ours alone, which never ships as a fusion', () => {
    const choice = chooseFusionWeight([people(false)], statistics, GRID, BOOTSTRAP);
    expect(choice.weight).toBe(1);
    expect(choice.gainOverOurs.value).toBe(0);
    expect(choice.ships).toBe(false);
    expect(choice.rows.find((row) => row.weight === 1)?.perSet.synthetic.p1).toBe(1);
  });

  test('a grid without weight 1 has nothing to compare with and is refused', () => {
    expect(() => chooseFusionWeight([people(true)], statistics, [0, 0.5], BOOTSTRAP)).toThrow(/weight 1/);
  });
});

describe('crossIdentityHits', () => {
  test('skips the query’s own person and splits a tie for nearest', () => {
    const items = [
      { subject: 'a', expression: 'happy' as const },
      { subject: 'a', expression: 'happy' as const },
      { subject: 'b', expression: 'happy' as const },
      { subject: 'c', expression: 'sad' as const },
    ];
    const vectors = [unit(0), unit(0), unit(0.5), unit(-0.5)];
    expect(crossIdentityHits(items, vectors)[0]).toEqual({ subject: 'a', value: 0.5 });
  });
});

describe('blendshapeStatistics', () => {
  test('population mean and deviation per blendshape, with the deviation floored', () => {
    const rows = [Float32Array.of(0, 1, 0.5), Float32Array.of(0, 3, 0.5)];
    expect(blendshapeStatistics(rows)).toEqual({ mean: [0, 2, 0.5], std: [0.01, 1, 0.01] });
  });
});
