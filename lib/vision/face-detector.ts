import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import type { FaceBox } from './face-box';

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
  /** Every face in the image, in its pixel coordinates. */
  detect(image: DetectorInput): FaceBox[];
  close(): void;
}

export interface FaceFinderOptions {
  /** Folder holding vision_wasm_internal.{js,wasm}, shipped inside the extension. */
  wasmBaseUrl: string;
  /** BlazeFace short range with TFLite metadata, built by scripts/assets. */
  modelUrl: string;
  minDetectionConfidence?: number;
  /** CPU (wasm) by default: measured faster than WebGL on machines without a GPU (benchmarks/). */
  delegate?: 'CPU' | 'GPU';
}

/** Loads MediaPipe's BlazeFace once; the caller owns the result and must close() it. */
export async function createFaceFinder(options: FaceFinderOptions): Promise<FaceFinder> {
  const [fileset, model] = await Promise.all([
    FilesetResolver.forVisionTasks(options.wasmBaseUrl),
    fetch(options.modelUrl).then(async (response) => {
      if (!response.ok) throw new Error(`Face model missing: ${options.modelUrl} (${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    }),
  ]);
  const detector = await FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: model, delegate: options.delegate ?? 'CPU' },
    runningMode: 'IMAGE',
    minDetectionConfidence: options.minDetectionConfidence ?? 0.5,
  });

  return {
    detect(input) {
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
    },
    close() {
      detector.close();
    },
  };
}
