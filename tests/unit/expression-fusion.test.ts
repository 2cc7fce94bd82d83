import { describe, expect, test } from 'vitest';
import { fuseExpression, fusedDimension, parseExpressionFusion, type ExpressionFusion } from '@/lib/embedding/expression-fusion';
import { BLENDSHAPE_COUNT } from '@/lib/vision/face-landmarker';

const fusion = (weight: number): ExpressionFusion => ({
  version: 'test',
  weight,
  blendshapeMean: Array.from({ length: BLENDSHAPE_COUNT }, (_, i) => i / 100),
  blendshapeStd: Array.from({ length: BLENDSHAPE_COUNT }, (_, i) => 0.1 + i / 200),
});
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i], 0);
const norm = (a: ArrayLike<number>) => Math.hypot(...Array.from(a));
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => dot(Float32Array.from(a), Float32Array.from(b)) / (norm(a) * norm(b));
const scores = (seed: number) => Float32Array.from({ length: BLENDSHAPE_COUNT }, (_, i) => Math.abs(Math.sin(seed * 7 + i)));
const appearance = (seed: number) => Float32Array.from({ length: 64 }, (_, i) => Math.cos(seed * 3 + i * 0.7));

describe('fuseExpression', () => {
  test('the fused dot product is w·cos(appearance) + (1−w)·cos(z-scored blendshapes)', () => {
    const params = fusion(0.6);
    const z = (s: Float32Array) => Array.from(s, (score, i) => (score - params.blendshapeMean[i]) / params.blendshapeStd[i]);
    const a = fuseExpression(appearance(1), scores(1), params);
    const b = fuseExpression(appearance(2), scores(2), params);
    const expected = 0.6 * cosine(appearance(1), appearance(2)) + 0.4 * cosine(z(scores(1)), z(scores(2)));
    expect(dot(a, b)).toBeCloseTo(expected, 5);
    expect(norm(a)).toBeCloseTo(1, 5);
    expect(a.length).toBe(fusedDimension(64));
    expect(a.length % 4).toBe(0);
  });

  test('weight 1 ranks by appearance alone and weight 0 by geometry alone', () => {
    expect(dot(fuseExpression(appearance(1), scores(1), fusion(1)), fuseExpression(appearance(2), scores(1), fusion(1)))).toBeCloseTo(
      cosine(appearance(1), appearance(2)),
      5,
    );
    expect(dot(fuseExpression(appearance(1), scores(3), fusion(0)), fuseExpression(appearance(2), scores(3), fusion(0)))).toBeCloseTo(1, 5);
  });

  test('a face the landmarker missed keeps its appearance half and a zero geometry half', () => {
    const fused = fuseExpression(appearance(1), null, fusion(0.5));
    expect(norm(fused.subarray(0, 64))).toBeCloseTo(Math.sqrt(0.5), 5);
    expect(fused.subarray(64).every((value) => value === 0)).toBe(true);
  });
});

describe('parseExpressionFusion', () => {
  test('accepts the shape training writes and refuses a zero deviation or a weight outside [0, 1]', () => {
    expect(parseExpressionFusion(fusion(0.5)).weight).toBe(0.5);
    expect(() => parseExpressionFusion({ ...fusion(1.5) })).toThrow();
    expect(() => parseExpressionFusion({ ...fusion(0.5), blendshapeStd: Array(BLENDSHAPE_COUNT).fill(0) })).toThrow(/positive/);
    expect(() => parseExpressionFusion({ ...fusion(0.5), blendshapeMean: [0] })).toThrow();
  });
});
