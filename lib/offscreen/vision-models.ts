import createExpressionEmbedder, { type ExpressionEmbedder } from '../embedding/expression-embedder';
import type { AnalysisAssets } from '../messaging/analysis-protocol';
import { createFaceFinder, type FaceFinder } from '../vision/face-detector';

/** The two models: face finder and expression embedder. */
export interface VisionEngine {
  finder: FaceFinder;
  embedder: ExpressionEmbedder;
}

/**
 * Loads both models from the shipped files: for the offscreen document (the full-range detector
 * on its first library image) and for the analysis worker (every model at once, before its network
 * is closed).
 */
export async function loadVisionModels(assets: AnalysisAssets, options: { loadFullRangeNow?: boolean } = {}): Promise<VisionEngine> {
  const [finder, embedder] = await Promise.all([
    createFaceFinder({
      wasmPath: assets.tfliteWasm,
      modelUrl: assets.faceDetectorModel,
      fullRangeModelUrl: assets.faceDetectorFullRangeModel,
      loadFullRangeNow: options.loadFullRangeNow,
    }),
    createExpressionEmbedder({ modelUrl: assets.expressionModel, wasmPath: assets.tfliteWasm }),
  ]);
  return { finder, embedder };
}
