import { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';
import type { RgbaImage } from './align-face';
import type { Box } from './face-box';

/** FaceLandmarker's blendshape count: `_neutral` then 51 movements, in the model's category order. */
export const BLENDSHAPE_COUNT = 52;

/** The crop side as a multiple of the detector box: the landmarker's own detector wants the whole head. */
export const LANDMARKER_CROP_SCALE = 2;
const MID_GREY = 128;

/**
 * The square around one detected face that the landmarker reads at ingest, so that in a meme with
 * several faces it scores the face our detector chose. Outside the image is mid-grey, which also
 * gives a face that fills a small crop (FER+'s 48x48) the margin the landmarker's detector needs.
 */
export function landmarkerCrop(image: RgbaImage, face: Box): RgbaImage {
  const side = Math.max(1, Math.round(Math.max(face.width, face.height) * LANDMARKER_CROP_SCALE));
  const left = Math.round(face.x + face.width / 2 - side / 2);
  const top = Math.round(face.y + face.height / 2 - side / 2);
  const data = new Uint8ClampedArray(side * side * 4).fill(MID_GREY);
  // Opaque: a translucent margin could be blended towards black wherever the image is drawn.
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  const fromX = Math.max(0, left);
  const toX = Math.min(image.width, left + side);
  for (let y = Math.max(0, top); y < Math.min(image.height, top + side); y++) {
    if (toX <= fromX) break;
    const source = (y * image.width + fromX) * 4;
    data.set(image.data.subarray(source, source + (toX - fromX) * 4), ((y - top) * side + (fromX - left)) * 4);
  }
  return { data, width: side, height: side };
}

export type LandmarkerMode = 'IMAGE' | 'VIDEO';

type TaskImage = ImageData | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLVideoElement;
export type LandmarkerInput = TaskImage | RgbaImage;

export interface FaceGeometryReader {
  readonly mode: LandmarkerMode;
  /**
   * The 52 blendshape scores (index = category index) of the first face the landmarker finds,
   * or null when it finds none. VIDEO mode needs increasing timestamps; IMAGE mode ignores them.
   */
  blendshapes(image: LandmarkerInput, timestampMs?: number): Float32Array | null;
  close(): void;
}

export interface FaceGeometryOptions {
  /** Folder holding vision_wasm_internal.{js,wasm}, shipped inside the extension. */
  wasmBaseUrl: string;
  /** face_landmarker.task, copied into the build after its sha256 check (scripts/assets). */
  modelUrl: string;
  /** IMAGE for stills (ingest, eval); VIDEO for live frames, where the mesh is tracked frame to frame. */
  mode: LandmarkerMode;
  delegate?: 'CPU' | 'GPU';
}

/** MediaPipe takes DOM image types; plain RGBA pixels (as landmarkerCrop returns them) become ImageData. */
function asTaskImage(image: LandmarkerInput): TaskImage {
  if ('data' in image && !(image instanceof ImageData)) {
    return new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
  }
  return image;
}

/** Loads MediaPipe's FaceLandmarker once; the caller owns the result and must close() it. */
export async function createFaceGeometryReader(options: FaceGeometryOptions): Promise<FaceGeometryReader> {
  const [fileset, model] = await Promise.all([
    FilesetResolver.forVisionTasks(options.wasmBaseUrl),
    fetch(options.modelUrl).then(async (response) => {
      if (!response.ok) throw new Error(`Landmarker model missing: ${options.modelUrl} (${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    }),
  ]);
  const landmarker = await FaceLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: model, delegate: options.delegate ?? 'CPU' },
    runningMode: options.mode,
    numFaces: 1,
    outputFaceBlendshapes: true,
  });
  let lastTimestampMs = -1;

  return {
    mode: options.mode,
    blendshapes(input, timestampMs = performance.now()) {
      const image = asTaskImage(input);
      let result;
      if (options.mode === 'VIDEO') {
        // detectForVideo rejects a timestamp that does not increase, which two frames within 1 ms would give.
        lastTimestampMs = Math.max(timestampMs, lastTimestampMs + 1);
        result = landmarker.detectForVideo(image, lastTimestampMs);
      } else {
        result = landmarker.detect(image);
      }
      const categories = result.faceBlendshapes[0]?.categories;
      if (!categories) return null;
      const scores = new Float32Array(BLENDSHAPE_COUNT);
      for (const category of categories) {
        if (category.index < BLENDSHAPE_COUNT) scores[category.index] = category.score;
      }
      return scores;
    },
    close() {
      landmarker.close();
    },
  };
}
