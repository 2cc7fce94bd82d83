/**
 * The same two BlazeFace networks run by MediaPipe's Tasks FaceDetector: what the product used
 * before its own runner (lib/vision/face-detector.ts), kept as the baseline the bench and the
 * detector parity test compare with.
 */
import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import type { FaceBox } from './face-box';
import type { FaceFinder } from './face-detector';
import { mergeFaceBoxes } from './merge-face-boxes';
import type { RgbaImage } from './align-face';

type WasmFileset = Awaited<ReturnType<typeof FilesetResolver.forVisionTasks>>;

export type DetectorInput = ImageData | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLImageElement | RgbaImage;

/** MediaPipe takes DOM image types; plain RGBA pixels (as alignFace takes them) become ImageData. */
function asTaskImage(image: DetectorInput): Exclude<DetectorInput, RgbaImage> | ImageData {
  if ('data' in image && !(image instanceof ImageData)) {
    return new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
  }
  return image;
}

/** An image's own pixel size (an <img> element's natural one, not its layout size). */
function pixelSize(image: ReturnType<typeof asTaskImage>): { width: number; height: number } {
  return 'naturalWidth' in image ? { width: image.naturalWidth, height: image.naturalHeight } : { width: image.width, height: image.height };
}

/**
 * Long side of the copy library images are searched in, by both models. They see 128 px (short
 * range) and 192 px (full range) squares, so a larger copy adds no detail, only the cost of
 * MediaPipe's own scaling: on the memegen folder (docs/ingest-detection.md) a 320 px copy found
 * as many images with a face and as many faces as the 640 px one for under half the time.
 */
export const LIBRARY_DETECTION_SIDE = 320;

/** The input as the models should see it for library detection, and the factor back to its pixels. */
async function libraryCopy(input: DetectorInput): Promise<{ image: ReturnType<typeof asTaskImage>; back: number; close(): void }> {
  const image = asTaskImage(input);
  const { width, height } = pixelSize(image);
  const scale = LIBRARY_DETECTION_SIDE / Math.max(width, height);
  if (scale >= 1) return { image, back: 1, close: () => undefined };
  const copy = await createImageBitmap(image, { resizeWidth: Math.max(1, Math.round(width * scale)), resizeHeight: Math.max(1, Math.round(height * scale)) });
  return { image: copy, back: width / copy.width, close: () => copy.close() };
}

function scaleFace(face: FaceBox, factor: number): FaceBox {
  if (factor === 1) return face;
  return {
    ...face,
    x: face.x * factor,
    y: face.y * factor,
    width: face.width * factor,
    height: face.height * factor,
    keypoints: face.keypoints.map((point) => ({ x: point.x * factor, y: point.y * factor })),
  };
}

export interface MediapipeFaceFinderOptions {
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

async function loadDetector(fileset: WasmFileset, model: Uint8Array, options: MediapipeFaceFinderOptions): Promise<FaceDetector> {
  return FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: model, delegate: options.delegate ?? 'CPU' },
    runningMode: 'IMAGE',
    minDetectionConfidence: options.minDetectionConfidence ?? 0.5,
  });
}

function facesFound(detector: FaceDetector, input: DetectorInput): FaceBox[] {
  const image = asTaskImage(input);
  const { width, height } = pixelSize(image);
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
export async function createMediapipeFaceFinder(options: MediapipeFaceFinderOptions): Promise<FaceFinder> {
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
      const wide = options.fullRangeModelUrl ? await fullRangeDetector(options.fullRangeModelUrl) : undefined;
      const copy = await libraryCopy(input);
      try {
        if (closed) throw new Error('The face finder was closed');
        const faces = wide ? mergeFaceBoxes(facesFound(detector, copy.image), facesFound(wide, copy.image)) : facesFound(detector, copy.image);
        return faces.map((face) => scaleFace(face, copy.back));
      } finally {
        copy.close();
      }
    },
    close() {
      closed = true;
      detector.close();
      void fullRange?.then((wide) => wide.close(), () => undefined);
    },
  };
}
