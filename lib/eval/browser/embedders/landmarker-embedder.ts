import { createFaceGeometryReader, landmarkerCrop } from '../../../vision/face-landmarker';
import type { EvalEmbedder } from './eval-embedder';

/**
 * The product's FaceLandmarker (IMAGE mode) on the product's crop around the detected face: its 52
 * raw blendshape scores. The fusion statistics are computed from these dumps, so training data and
 * run time see the same numbers.
 */
export async function createLandmarkerEmbedder(wasmBaseUrl: string, modelUrl: string): Promise<EvalEmbedder> {
  const reader = await createFaceGeometryReader({ wasmBaseUrl, modelUrl, mode: 'IMAGE' });
  return {
    version: null,
    embed({ image, face }) {
      const scores = reader.blendshapes(landmarkerCrop(image, face));
      return scores ? { embedding: scores } : { error: 'the landmarker found no face' };
    },
    close: () => reader.close(),
  };
}
