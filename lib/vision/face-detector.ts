import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';

type WasmFileset = Awaited<ReturnType<typeof FilesetResolver.forVisionTasks>>;
import type { FaceBox } from './face-box';
import { mergeFaceBoxes } from './merge-face-boxes';

import type { RgbaImage } from './align-face';

export type DetectorInput = ImageData | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLImageElement | RgbaImage;

/** MediaPipe takes DOM image types; plain RGBA pixels (as alignFace takes them) become ImageData. */
function asTaskImage(image: DetectorInput): Exclude<DetectorInput, RgbaImage> | ImageData {
  if ('data' in image && !(image instanceof ImageData)) {
    return new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
  }
  return image;
}

export interface FaceFinder {
  /** Every face in the image, in its pixel coordinates, as the short-range model sees them. */
  detect(image: DetectorInput): FaceBox[];
  /**
   * `detect` plus the faces only the full-range model finds: faces small in the frame (wide
   * shots, multi-panel strips). About twice the cost, so for images added to the library, not
   * for live frames. Loads the full-range model on first use; without one it is `detect`.
   */
  detectAllSizes(image: DetectorInput): Promise<FaceBox[]>;
  close(): void;
}

export interface FaceFinderOptions {
  /** Folder holding vision_wasm_internal.{js,wasm}, shipped inside the extension. */
  wasmBaseUrl: string;
  /** BlazeFace short range with TFLite metadata, built by scripts/assets. */
  modelUrl: string;
  /** BlazeFace full range with TFLite metadata, built by scripts/assets; used by detectAllSizes. */
  fullRangeModelUrl?: string;
  minDetectionConfidence?: number;
  /** CPU (wasm) by default: measured faster than WebGL on machines without a GPU (benchmarks/). */
  delegate?: 'CPU' | 'GPU';
}

async function fetchModel(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Face model missing: ${url} (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function loadDetector(fileset: WasmFileset, model: Uint8Array, options: FaceFinderOptions): Promise<FaceDetector> {
  return FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: model, delegate: options.delegate ?? 'CPU' },
    runningMode: 'IMAGE',
    minDetectionConfidence: options.minDetectionConfidence ?? 0.5,
  });
}

function facesFound(detector: FaceDetector, input: DetectorInput): FaceBox[] {
  const image = asTaskImage(input);
  const width = 'naturalWidth' in image ? image.naturalWidth : image.width;
  const height = 'naturalHeight' in image ? image.naturalHeight : image.height;
  return detector.detect(image).detections.flatMap((detection) => {
    const box = detection.boundingBox;
    if (!box) return [];
    return [
      {
        x: box.originX,
        y: box.originY,
        width: box.width,
        height: box.height,
        score: detection.categories[0]?.score ?? 0,
        // Tasks returns keypoints normalised to the image size.
        keypoints: detection.keypoints.map((point) => ({ x: point.x * width, y: point.y * height })),
      },
    ];
  });
}

/**
 * Loads MediaPipe's BlazeFace short range once (the full range only when first needed, so live
 * matching never waits for it); the caller owns the result and must close() it.
 */
export async function createFaceFinder(options: FaceFinderOptions): Promise<FaceFinder> {
  const [fileset, model] = await Promise.all([FilesetResolver.forVisionTasks(options.wasmBaseUrl), fetchModel(options.modelUrl)]);
  const detector = await loadDetector(fileset, model, options);
  let fullRange: Promise<FaceDetector> | undefined;
  let closed = false;

  const fullRangeDetector = (url: string) => {
    fullRange ??= fetchModel(url).then((bytes) => loadDetector(fileset, bytes, options));
    fullRange.catch(() => {
      fullRange = undefined; // a failed load may succeed on the next image
    });
    return fullRange;
  };

  return {
    detect(input) {
      return facesFound(detector, input);
    },
    async detectAllSizes(input) {
      if (!options.fullRangeModelUrl) return facesFound(detector, input);
      const wide = await fullRangeDetector(options.fullRangeModelUrl);
      if (closed) throw new Error('The face finder was closed');
      return mergeFaceBoxes(facesFound(detector, input), facesFound(wide, input));
    },
    close() {
      closed = true;
      detector.close();
      void fullRange?.then((wide) => wide.close(), () => undefined);
    },
  };
}
