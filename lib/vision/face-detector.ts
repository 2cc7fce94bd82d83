import '@tensorflow/tfjs-backend-cpu';
import { tensor4d, type Tensor } from '@tensorflow/tfjs-core';
import { loadTFLiteModel, setWasmPath, type TFLiteModel } from '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js';
import type { RgbaImage } from './align-face';
import { anchorCenters, decodeFaces, facesInImage, FULL_RANGE, letterboxInput, SHORT_RANGE, VALUES_PER_ANCHOR, type BlazeFaceSpec } from './blazeface';
import type { FaceBox } from './face-box';
import { mergeFaceBoxes } from './merge-face-boxes';

export interface FaceFinder {
  /** Every face in the image, in its pixels, as the short-range model sees them (live frames). */
  detect(image: RgbaImage): FaceBox[];
  /**
   * The short-range faces plus those only the full-range model finds: faces small in the frame
   * (wide shots, multi-panel strips). For images added to the library, not for live frames. Loads
   * the full-range model on first use; without one it is the short-range model alone.
   */
  detectAllSizes(image: RgbaImage): Promise<FaceBox[]>;
  close(): void;
}

export interface FaceFinderOptions {
  /** BlazeFace short range, built into the extension by scripts/assets. */
  modelUrl: string;
  /** BlazeFace full range, built the same way; used by detectAllSizes. */
  fullRangeModelUrl?: string;
  /** Folder of the tfjs-tflite wasm files shipped with the extension (as the embedder takes it). */
  wasmPath: string;
  /** Load the full-range network with the short-range one instead of on the first library image. */
  loadFullRangeNow?: boolean;
  minDetectionConfidence?: number;
}

/** MediaPipe's default for its face detector, kept so detections match what was evaluated. */
const MIN_DETECTION_CONFIDENCE = 0.5;

interface BlazeFaceNetwork {
  find(image: RgbaImage, minScore: number): FaceBox[];
  close(): void;
}

function releaseInterpreter(model: TFLiteModel): void {
  (model as unknown as { modelRunner: { cleanUp(): void } }).modelRunner.cleanUp();
}

/** The regressor (16 values an anchor) and score outputs, told apart by their last dimension. */
function outputsOf(result: ReturnType<TFLiteModel['predict']>): { regressors: Tensor; scores: Tensor } {
  const tensors = Array.isArray(result) ? result : 'dataSync' in result ? [result as Tensor] : Object.values(result);
  const regressors = tensors.find((tensor) => tensor.shape.at(-1) === VALUES_PER_ANCHOR);
  const scores = tensors.find((tensor) => tensor.shape.at(-1) === 1);
  if (!regressors || !scores) {
    tensors.forEach((tensor) => tensor.dispose());
    throw new Error('The face model does not answer as BlazeFace does');
  }
  return { regressors, scores };
}

async function loadNetwork(url: string, spec: BlazeFaceSpec): Promise<BlazeFaceNetwork> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Face model missing: ${url} (${response.status})`);
  const model = await loadTFLiteModel(await response.arrayBuffer(), { numThreads: 1 });
  const anchors = anchorCenters(spec);
  return {
    find(image, minScore) {
      const { input, box } = letterboxInput(image, spec.inputSize);
      const tensor = tensor4d(input, [1, spec.inputSize, spec.inputSize, 3]);
      try {
        const { regressors, scores } = outputsOf(model.predict(tensor));
        const regressorValues = regressors.dataSync() as Float32Array;
        const scoreValues = scores.dataSync() as Float32Array;
        regressors.dispose();
        scores.dispose();
        if (scoreValues.length * 2 !== anchors.length) throw new Error(`The face model answers for ${scoreValues.length} anchors, not ${anchors.length / 2}`);
        return facesInImage(decodeFaces(spec, anchors, regressorValues, scoreValues, minScore), box, spec.inputSize);
      } finally {
        tensor.dispose();
      }
    },
    close() {
      releaseInterpreter(model);
    },
  };
}

/**
 * BlazeFace short range (and full range for library images) run by tfjs-tflite, the runtime the
 * expression model already loads: MediaPipe's web API would route every image through a WebGL
 * texture and back, which on a machine without a GPU is SwiftShader on the CPU (docs/design.md).
 * The full-range network loads on the first library image, so live matching never waits for it.
 * The caller owns the result and must close() it.
 */
export async function createFaceFinder(options: FaceFinderOptions): Promise<FaceFinder> {
  setWasmPath(options.wasmPath);
  let fullRange: Promise<BlazeFaceNetwork> | undefined;
  let closed = false;

  const fullRangeNetwork = (url: string) => {
    fullRange ??= loadNetwork(url, FULL_RANGE);
    fullRange.catch(() => {
      fullRange = undefined; // a failed load may succeed on the next image
    });
    return fullRange;
  };

  const shortRange = await loadNetwork(options.modelUrl, SHORT_RANGE);
  if (options.loadFullRangeNow && options.fullRangeModelUrl) await fullRangeNetwork(options.fullRangeModelUrl);
  const minScore = options.minDetectionConfidence ?? MIN_DETECTION_CONFIDENCE;
  return {
    detect(image) {
      if (closed) throw new Error('The face finder was closed');
      return shortRange.find(image, minScore);
    },
    async detectAllSizes(image) {
      const wide = options.fullRangeModelUrl ? await fullRangeNetwork(options.fullRangeModelUrl) : undefined;
      if (closed) throw new Error('The face finder was closed');
      const faces = shortRange.find(image, minScore);
      return wide ? mergeFaceBoxes(faces, wide.find(image, minScore)) : faces;
    },
    close() {
      closed = true;
      shortRange.close();
      void fullRange?.then((network) => network.close(), () => undefined);
    },
  };
}
