import createExpressionEmbedder from '../../../embedding/expression-embedder';
import { fuseExpression } from '../../../embedding/expression-fusion';
import { FUSION_PARAMETERS } from '../../../embedding/fusion-parameters';
import { createFaceGeometryReader, landmarkerCrop } from '../../../vision/face-landmarker';
import type { EvalEmbedder } from './eval-embedder';

/**
 * Our embedding fused with the landmarker's z-scored blendshapes
 * (lib/embedding/expression-fusion.ts), with the committed statistics and weight (models/expression-fusion.json) unless `weight`
 * overrides the latter (the eval's `fusion:W`).
 */
export async function createFusionEmbedder(
  assets: { tfliteWasm: string; expressionModel: string; mediapipeWasm: string; faceLandmarkerModel: string },
  weight: number | null,
): Promise<EvalEmbedder> {
  const [embedder, reader] = await Promise.all([
    createExpressionEmbedder({ modelUrl: assets.expressionModel, wasmPath: assets.tfliteWasm }),
    createFaceGeometryReader({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceLandmarkerModel, mode: 'IMAGE' }),
  ]);
  const fusion = weight === null ? FUSION_PARAMETERS : { ...FUSION_PARAMETERS, weight };
  return {
    version: weight === null ? fusion.version : `${embedder.modelVersion}+bs-w${weight}`,
    embed({ image, face, aligned }) {
      const appearance = embedder.embed(aligned).embedding;
      return { embedding: fuseExpression(appearance, reader.blendshapes(landmarkerCrop(image, face)), fusion) };
    },
    close() {
      embedder.close();
      reader.close();
    },
  };
}
