import * as v from 'valibot';
import { BLENDSHAPE_COUNT } from '../vision/face-landmarker';

const blendshapeValues = v.pipe(v.array(v.pipe(v.number(), v.finite())), v.length(BLENDSHAPE_COUNT));

/** models/expression-fusion.json as training/fusion-weight.ts writes it. */
export const ExpressionFusionSchema = v.object({
  version: v.pipe(v.string(), v.minLength(1)),
  /** The share of the fused cosine that comes from our embedding; the rest is blendshape geometry. */
  weight: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  /** Per blendshape, over the training faces: the z-score's centre and scale. */
  blendshapeMean: blendshapeValues,
  blendshapeStd: v.pipe(blendshapeValues, v.check((values) => values.every((value) => value > 0), 'every std must be positive')),
});

export type ExpressionFusion = v.InferOutput<typeof ExpressionFusionSchema>;

export function parseExpressionFusion(value: unknown): ExpressionFusion {
  return v.parse(ExpressionFusionSchema, value);
}

/** Our embedding's length plus the 52 blendshapes (128 + 52 = 180 with the two-net model). */
export function fusedDimension(appearanceDimension: number): number {
  return appearanceDimension + BLENDSHAPE_COUNT;
}

/**
 * [√w · a/|a|, √(1−w) · z/|z|] with z the blendshape scores z-scored by the training statistics,
 * so the dot product of two fused vectors is w·cos(appearance) + (1−w)·cos(z): a late fusion that
 * the existing cosine search ranks by without knowing it is one. When the landmarker saw no face the
 * geometry half is zero and that face ranks by appearance alone.
 */
export function fuseExpression(appearance: Float32Array, blendshapes: Float32Array | null, fusion: ExpressionFusion): Float32Array {
  const fused = new Float32Array(fusedDimension(appearance.length));
  const appearanceScale = Math.sqrt(fusion.weight) / (Math.hypot(...appearance) || 1);
  for (let i = 0; i < appearance.length; i++) fused[i] = appearance[i] * appearanceScale;
  if (!blendshapes) return fused;
  if (blendshapes.length !== BLENDSHAPE_COUNT) throw new Error(`${blendshapes.length} blendshape scores, expected ${BLENDSHAPE_COUNT}`);
  const z = blendshapes.map((score, i) => (score - fusion.blendshapeMean[i]) / fusion.blendshapeStd[i]);
  const geometryScale = Math.sqrt(1 - fusion.weight) / (Math.hypot(...z) || 1);
  for (let i = 0; i < BLENDSHAPE_COUNT; i++) fused[appearance.length + i] = z[i] * geometryScale;
  return fused;
}
