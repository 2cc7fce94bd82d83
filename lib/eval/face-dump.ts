import type { EvalDataset, EvalImage } from './dataset';
import type { FaceMethod, ImageOutcome } from './page-protocol';
import { CANONICAL_CROP_KEYPOINTS, CROP_PAD_FACTOR, FACE_CROP_MAX_SIDE } from './face-crop-padding';

/** One face in a dump: box and the six BlazeFace keypoints as [x, y], in source pixels. */
export interface DumpedFace {
  box: [x: number, y: number, width: number, height: number];
  score: number;
  keypoints: [number, number][];
}

export type DumpedImage =
  | { id: string; error: string }
  | { id: string; width: number; height: number; method: FaceMethod; largest: number | null; faces: DumpedFace[] };

/** What `npm run eval -- --dump-faces FILE` writes: the faces training aligns on (training/.cache/faces/). */
export interface FaceDump {
  dataset: string;
  detector: { file: string; sha256: string; minDetectionConfidence: number };
  keypointOrder: string[];
  cropRule: string;
  summary: Record<FaceMethod | 'decodeFailures' | 'images', number>;
  images: DumpedImage[];
}

const round = (value: number) => Math.round(value * 100) / 100;

export function buildFaceDump(
  dataset: EvalDataset,
  images: EvalImage[],
  outcomes: ImageOutcome[],
  detector: FaceDump['detector'],
): FaceDump {
  const summary: FaceDump['summary'] = { images: images.length, decodeFailures: 0, detected: 0, 'padded-detected': 0, fallback: 0, none: 0 };
  const dumped = images.map((image, i): DumpedImage => {
    const outcome = outcomes[i];
    if (!outcome.ok) {
      summary.decodeFailures++;
      return { id: image.id, error: outcome.error };
    }
    summary[outcome.method]++;
    return {
      id: image.id,
      width: outcome.width,
      height: outcome.height,
      method: outcome.method,
      largest: outcome.largest,
      faces: outcome.faces.map((face) => ({
        box: [round(face.x), round(face.y), round(face.width), round(face.height)],
        score: round(face.score),
        keypoints: face.keypoints.map((point): [number, number] => [round(point.x), round(point.y)]),
      })),
    };
  });
  return {
    dataset: dataset.name,
    detector,
    keypointOrder: ['right eye', 'left eye', 'nose tip', 'mouth centre', 'right ear tragion', 'left ear tragion'],
    cropRule:
      `images no larger than ${FACE_CROP_MAX_SIDE}px are face crops: padded to ${CROP_PAD_FACTOR}x with grey 128 before detection ` +
      `(coordinates mapped back to the crop); with no detection the whole crop is the face (score 0) with keypoints at ` +
      JSON.stringify(CANONICAL_CROP_KEYPOINTS.map((point) => [point.x, point.y])) + ' of its size',
    summary,
    images: dumped,
  };
}
