import { loadTfliteRunner } from '../embedding/tflite-runner';
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

async function loadNetwork(url: string, spec: BlazeFaceSpec, wasmPath: string): Promise<BlazeFaceNetwork> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Face model missing: ${url} (${response.status})`);
  const runner = await loadTfliteRunner(await response.arrayBuffer(), wasmPath);
  const anchors = anchorCenters(spec);
  const count = anchors.length / 2;
  if (runner.inputSize !== spec.inputSize * spec.inputSize * 3) throw new Error(`The face model does not take ${spec.inputSize}x${spec.inputSize} RGB`);
  return {
    find(image, minScore) {
      const { input, box } = letterboxInput(image, spec.inputSize);
      // The regressors (16 values an anchor) and the scores, told apart by their sizes.
      const outputs = Object.values(runner.run(input));
      const regressors = outputs.find((values) => values.length === count * VALUES_PER_ANCHOR);
      const scores = outputs.find((values) => values.length === count);
      if (!regressors || !scores) throw new Error(`The face model does not answer for ${count} anchors as BlazeFace does`);
      return facesInImage(decodeFaces(spec, anchors, regressors, scores, minScore), box, spec.inputSize);
    },
    close() {
      runner.close();
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
  let fullRange: Promise<BlazeFaceNetwork> | undefined;
  let closed = false;

  const fullRangeNetwork = (url: string) => {
    fullRange ??= loadNetwork(url, FULL_RANGE, options.wasmPath);
    fullRange.catch(() => {
      fullRange = undefined; // a failed load may succeed on the next image
    });
    return fullRange;
  };

  const shortRange = await loadNetwork(options.modelUrl, SHORT_RANGE, options.wasmPath);
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
