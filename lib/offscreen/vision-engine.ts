import { extensionAssetUrls } from '../extension-assets';
import type { AnalysisAssets } from '../messaging/analysis-protocol';
import { loadVisionModels, type VisionEngine } from './vision-models';

export type { VisionEngine } from './vision-models';

let loading: Promise<VisionEngine> | undefined;

/** Where the models are, as the analysis worker is told (it cannot ask the extension itself). */
export function analysisAssets(): AnalysisAssets {
  const { tfliteWasm, faceDetectorModel, faceDetectorFullRangeModel, expressionModel } = extensionAssetUrls();
  return { tfliteWasm, faceDetectorModel, faceDetectorFullRangeModel, expressionModel };
}

/** Loads both models once per document and shares them between live matching and ingest. */
export function visionEngine(): Promise<VisionEngine> {
  loading ??= loadVisionModels(analysisAssets());
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
