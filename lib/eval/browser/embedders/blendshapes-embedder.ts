import { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';
import type { EvalEmbedder } from './eval-embedder';

/**
 * Baseline: MediaPipe FaceLandmarker's 52 blendshape scores, square-rooted (measured to retrieve
 * better than the raw scores). The landmarker runs its own face detector on the image our detector
 * saw; its model is served by the eval CLI and never ships in the extension.
 */
export async function createBlendshapesEmbedder(wasmBaseUrl: string, modelUrl: string): Promise<EvalEmbedder> {
  const [fileset, model] = await Promise.all([
    FilesetResolver.forVisionTasks(wasmBaseUrl),
    fetch(modelUrl).then(async (response) => {
      if (!response.ok) throw new Error(`Landmarker model missing: ${modelUrl} (${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    }),
  ]);
  const landmarker = await FaceLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
    runningMode: 'IMAGE',
    numFaces: 1,
    outputFaceBlendshapes: true,
  });
  return {
    version: null,
    embed({ detectionImage }) {
      const image = new ImageData(detectionImage.data, detectionImage.width, detectionImage.height);
      const scores = landmarker.detect(image).faceBlendshapes[0]?.categories;
      if (!scores) return { error: 'the landmarker found no face' };
      const embedding = new Float32Array(scores.length);
      for (const category of scores) embedding[category.index] = Math.sqrt(Math.max(0, category.score));
      return { embedding };
    },
    close() {
      landmarker.close();
    },
  };
}
