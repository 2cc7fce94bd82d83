import {loadTfliteRunner} from './tflite-runner';
import manifest from '../../models/expression-embedder.json';

/** What the model says about one aligned face (averaged with its mirror image). */
export interface ExpressionEmbedding {
  /** L2-normalised; compare two faces by dot product (cosine similarity). */
  embedding: Float32Array;
  /** One probability per entry of EXPRESSION_CLASSES, summing to 1. */
  probabilities: Float32Array;
}

/**
 * Which views of a face to run the model on: both (the face and its mirror image, averaged: the
 * default) or one of them, half the cost, for a live loop that has fallen behind the camera.
 */
export type FaceViews = 'both' | 'face' | 'mirror';

export interface ExpressionEmbedder {
  /** face: the output of alignFace (size*size grey/255 values). */
  embed(face: Float32Array, views?: FaceViews): ExpressionEmbedding;
  readonly modelVersion: string;
  close(): void;
}

export interface ExpressionEmbedderOptions {
  /** URL of models/expression-embedder.tflite as shipped (e.g. from browser.runtime.getURL). */
  modelUrl: string;
  /** Folder URL, ending in '/', holding the tfjs-tflite wasm files shipped with the extension. */
  wasmPath: string;
}

export const EXPRESSION_CLASSES: readonly string[] = manifest.classes;
export const EXPRESSION_MODEL_VERSION: string = manifest.version;
/** Length of an embedding: the model's nets' 64 values each, side by side. */
export const EXPRESSION_EMBEDDING_DIMENSION: number = manifest.outputs.embedding.shape[1];

const [, faceSize] = manifest.input.shape;
/** One block per net of the model (training/model.py EmbedderPair), each a unit vector / sqrt(blocks). */
const embeddingBlocks: number = manifest.outputs.embedding.blocks;

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

// TFLiteModel keeps its wasm interpreter private and has no dispose(); cleanUp() on the runner
// is what frees the interpreter's heap.
function outputData(outputs: Record<string, Float32Array>, name: string): Float32Array {
  const output = outputs[name];
  if (!output) throw new Error(`Expression model has no output named "${name}"`);
  return output;
}

function mirrorFace(face: Float32Array): Float32Array {
  const mirrored = new Float32Array(face.length);
  for (let row = 0; row < faceSize; row++) {
    for (let column = 0; column < faceSize; column++) {
      mirrored[row * faceSize + column] = face[row * faceSize + faceSize - 1 - column];
    }
  }
  return mirrored;
}

/** Block by block, as training/evaluate.py's embed() does: each net's own views are averaged. */
function averageViews(a: ExpressionEmbedding, b: ExpressionEmbedding): ExpressionEmbedding {
  const embedding = a.embedding.map((value, i) => value + b.embedding[i]);
  const width = embedding.length / embeddingBlocks;
  for (let start = 0; start < embedding.length; start += width) {
    const block = embedding.subarray(start, start + width);
    const scale = 1 / (Math.hypot(...block) * Math.sqrt(embeddingBlocks));
    for (let i = 0; i < width; i++) block[i] *= scale;
  }
  return {
    embedding,
    probabilities: a.probabilities.map((value, i) => (value + b.probabilities[i]) / 2),
  };
}

/**
 * Loads the expression model once; keep the result and call embed() per face.
 * Refuses a model file whose bytes differ from models/expression-embedder.json, so the
 * browser always runs exactly the model that training/ evaluated.
 */
export default async function createExpressionEmbedder(
  {modelUrl, wasmPath}: ExpressionEmbedderOptions,
): Promise<ExpressionEmbedder> {
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`Expression model fetch failed: ${response.status} ${modelUrl}`);
  const bytes = await response.arrayBuffer();
  const digest = await sha256Hex(bytes);
  if (digest !== manifest.sha256) {
    throw new Error(`Expression model at ${modelUrl} is not ${manifest.version} (sha256 ${digest})`);
  }
  const runner = await loadTfliteRunner(bytes, wasmPath);

  const infer = (face: Float32Array): ExpressionEmbedding => {
    const outputs = runner.run(face);
    return {
      embedding: outputData(outputs, manifest.outputs.embedding.name),
      probabilities: outputData(outputs, manifest.outputs.probabilities.name),
    };
  };

  return {
    modelVersion: manifest.version,
    embed(face, views = 'both') {
      if (face.length !== faceSize * faceSize) {
        throw new Error(`Expected a ${faceSize}x${faceSize} aligned face, got ${face.length} values`);
      }
      if (views === 'face') return infer(face);
      if (views === 'mirror') return infer(mirrorFace(face));
      // A face and its mirror image make the same expression; averaging both views removed
      // left/right bias (training/README.md: +0.03 P@1 on unseen people), as training/evaluate.py does.
      return averageViews(infer(face), infer(mirrorFace(face)));
    },
    close() {
      runner.close();
    },
  };
}
