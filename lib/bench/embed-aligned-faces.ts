import createExpressionEmbedder from '../embedding/expression-embedder';
import { extensionAssetUrls } from '../extension-assets';

export interface EmbeddedFaces {
  modelVersion: string;
  embedding: number[][];
  probabilities: number[][];
  msPerFace: number;
}

/**
 * Runs the shipped expression model, through the shipped (patched) TFLite runtime, on aligned
 * faces given as grey bytes (size*size each): what the offscreen document computes, for the
 * parity test against torch and for timing.
 */
export async function embedAlignedFaces(base64: string, count: number, size: number): Promise<EmbeddedFaces> {
  const assets = extensionAssetUrls();
  const embedder = await createExpressionEmbedder({ modelUrl: assets.expressionModel, wasmPath: assets.tfliteWasm });
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const faces = Array.from({ length: count }, (_, i) => Float32Array.from(bytes.subarray(i * size * size, (i + 1) * size * size), (v) => v / 255));
    embedder.embed(faces[0]); // warm-up: the first call allocates the interpreter's tensors
    const started = performance.now();
    const results = faces.map((face) => embedder.embed(face));
    return {
      modelVersion: embedder.modelVersion,
      embedding: results.map((result) => Array.from(result.embedding)),
      probabilities: results.map((result) => Array.from(result.probabilities)),
      msPerFace: (performance.now() - started) / count,
    };
  } finally {
    embedder.close();
  }
}
