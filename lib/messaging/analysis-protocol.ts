import * as v from 'valibot';
import { MEME_MIMES } from '../library/image-format';
import { PointSchema } from './schemas';

/**
 * Offscreen document ↔ analysis worker (lib/offscreen/analysis-worker.ts). The worker has no
 * extension APIs, so the document tells it where the shipped models are; then each image goes in
 * as a Blob (shared, not copied) and comes back as its size and faces. Both ends validate.
 */
export const AnalysisAssetsSchema = v.object({
  tfliteWasm: v.string(),
  faceDetectorModel: v.string(),
  faceDetectorFullRangeModel: v.string(),
  expressionModel: v.string(),
});
export type AnalysisAssets = v.InferOutput<typeof AnalysisAssetsSchema>;

export const AnalysisRequestSchema = v.variant('type', [
  v.object({ type: v.literal('load'), assets: AnalysisAssetsSchema }),
  v.object({ type: v.literal('analyse'), id: v.number(), blob: v.instance(Blob), mime: v.picklist(MEME_MIMES) }),
]);
export type AnalysisRequest = v.InferOutput<typeof AnalysisRequestSchema>;

const Float32Schema = v.custom<Float32Array>((value) => value instanceof Float32Array, 'expected a Float32Array');

const AnalysedFaceSchema = v.object({
  box: v.object({ x: v.number(), y: v.number(), width: v.number(), height: v.number(), score: v.number() }),
  keypoints: v.array(PointSchema),
  embedding: Float32Schema,
  probabilities: Float32Schema,
});

export const ImageAnalysisSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), width: v.number(), height: v.number(), faces: v.array(AnalysedFaceSchema), thumbnail: v.optional(v.nullable(v.instance(Blob))) }),
  v.object({ ok: v.literal(false), reason: v.literal('decode-failed'), detail: v.string() }),
]);

export const AnalysisReplySchema = v.variant('type', [
  v.object({ type: v.literal('loaded'), modelVersion: v.string() }),
  v.object({ type: v.literal('load-failed'), error: v.string() }),
  v.object({ type: v.literal('analysed'), id: v.number(), analysis: ImageAnalysisSchema }),
  /** The image broke something other than its decoding (a model error): the job fails, the worker lives on. */
  v.object({ type: v.literal('failed'), id: v.number(), error: v.string() }),
]);
export type AnalysisReply = v.InferOutput<typeof AnalysisReplySchema>;
