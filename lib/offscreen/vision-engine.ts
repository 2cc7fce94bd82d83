import createExpressionEmbedder, { type ExpressionEmbedder } from '../embedding/expression-embedder';
import { extensionAssetUrls } from '../extension-assets';
import { createFaceFinder, type FaceFinder } from '../vision/face-detector';
import type { AnalysisAssets } from '../messaging/analysis-protocol';

/** The two models the offscreen document keeps warm: face finder and expression embedder. */
export interface VisionEngine {
  finder: FaceFinder;
  embedder: ExpressionEmbedder;
}

let loading: Promise<VisionEngine> | undefined;

/** Where the analysis worker finds the models (it cannot ask the extension itself). */
export function analysisAssets(): AnalysisAssets {
  const { tfliteWasm, faceDetectorModel, faceDetectorFullRangeModel, expressionModel } = extensionAssetUrls();
  return { tfliteWasm, faceDetectorModel, faceDetectorFullRangeModel, expressionModel };
}

/** Loads both models once per document and shares them between live matching and ingest. */
export function visionEngine(): Promise<VisionEngine> {
  loading ??= (async () => {
    const assets = extensionAssetUrls();
    const [finder, embedder] = await Promise.all([
      createFaceFinder({
        wasmPath: assets.tfliteWasm,
        modelUrl: assets.faceDetectorModel,
        fullRangeModelUrl: assets.faceDetectorFullRangeModel,
      }),
      createExpressionEmbedder({ modelUrl: assets.expressionModel, wasmPath: assets.tfliteWasm }),
    ]);
    return { finder, embedder };
  })();
  loading.catch(() => {
    loading = undefined; // a failed load may succeed on the next request
  });
  return loading;
}

export async function closeVisionEngine(): Promise<void> {
  const engine = await loading?.catch(() => undefined);
  loading = undefined;
  engine?.finder.close();
  engine?.embedder.close();
}
