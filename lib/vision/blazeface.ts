import { iou } from './face-box';
import type { FaceBox } from './face-box';
import type { RgbaImage } from './align-face';

/**
 * How one BlazeFace network reads its square input and lays out its 16-number answers, as
 * MediaPipe's face detection graphs configure them (SSD anchors with a fixed size, so only their
 * centres matter; box and six keypoints as offsets from the anchor, in input pixels).
 */
export interface BlazeFaceSpec {
  /** Side of the square RGB input, values in [-1, 1]. */
  inputSize: number;
  /** Feature maps: each cell of a map `stride` input pixels wide carries `perCell` anchors. */
  layers: readonly { stride: number; perCell: number }[];
}

/** face_detection_short_range.tflite: 128 px, 512 anchors at stride 8 and 384 at stride 16. */
export const SHORT_RANGE: BlazeFaceSpec = { inputSize: 128, layers: [{ stride: 8, perCell: 2 }, { stride: 16, perCell: 6 }] };

/** face_detection_full_range.tflite: 192 px, one anchor per cell of a stride-4 map (2,304). */
export const FULL_RANGE: BlazeFaceSpec = { inputSize: 192, layers: [{ stride: 4, perCell: 1 }] };

/** Values per anchor in the regressor output: box centre and size, then six (x, y) keypoints. */
export const VALUES_PER_ANCHOR = 16;
const KEYPOINTS = 6;
/** Raw scores are clipped before the sigmoid, as MediaPipe does, so exp() cannot overflow. */
const SCORE_CLIP = 100;
/** Boxes overlapping more than this (IoU) are one face and are averaged (weighted NMS). */
export const SAME_FACE_IOU = 0.3;

/** Anchor centres, (x, y) pairs in [0, 1], in the order the network's outputs follow. */
export function anchorCenters(spec: BlazeFaceSpec): Float32Array {
  const count = spec.layers.reduce((sum, layer) => sum + Math.ceil(spec.inputSize / layer.stride) ** 2 * layer.perCell, 0);
  const centers = new Float32Array(count * 2);
  let next = 0;
  for (const { stride, perCell } of spec.layers) {
    const cells = Math.ceil(spec.inputSize / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let k = 0; k < perCell; k++) {
          centers[next++] = (x + 0.5) / cells;
          centers[next++] = (y + 0.5) / cells;
        }
      }
    }
  }
  return centers;
}

/** A face in the network's input square, coordinates in [0, 1]. */
interface Candidate {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  keypoints: number[];
}

/**
 * Turns the network's outputs into faces in its input square: every anchor scoring at least
 * `minScore`, then overlapping ones merged into their score-weighted mean (MediaPipe's weighted
 * non-max suppression, which steadies the eyes the crop is aligned on).
 */
export function decodeFaces(spec: BlazeFaceSpec, anchors: Float32Array, regressors: Float32Array, scores: Float32Array, minScore: number): Candidate[] {
  const size = spec.inputSize;
  const found: Candidate[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = 1 / (1 + Math.exp(-Math.min(SCORE_CLIP, Math.max(-SCORE_CLIP, scores[i]))));
    if (score < minScore) continue;
    const at = i * VALUES_PER_ANCHOR;
    const anchorX = anchors[2 * i];
    const anchorY = anchors[2 * i + 1];
    const width = regressors[at + 2] / size;
    const height = regressors[at + 3] / size;
    const keypoints: number[] = [];
    for (let k = 0; k < KEYPOINTS; k++) {
      keypoints.push(regressors[at + 4 + 2 * k] / size + anchorX, regressors[at + 5 + 2 * k] / size + anchorY);
    }
    found.push({ x: regressors[at] / size + anchorX - width / 2, y: regressors[at + 1] / size + anchorY - height / 2, width, height, score, keypoints });
  }
  return weightedSuppression(found);
}

function weightedSuppression(candidates: Candidate[]): Candidate[] {
  let remaining = [...candidates].sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  while (remaining.length > 0) {
    const best = remaining[0];
    const same = remaining.filter((other) => iou(best, other) > SAME_FACE_IOU);
    remaining = remaining.filter((other) => iou(best, other) <= SAME_FACE_IOU);
    const total = same.reduce((sum, face) => sum + face.score, 0);
    const mean = (value: (face: Candidate) => number) => same.reduce((sum, face) => sum + value(face) * face.score, 0) / total;
    kept.push({
      x: mean((face) => face.x),
      y: mean((face) => face.y),
      width: mean((face) => face.width),
      height: mean((face) => face.height),
      score: best.score,
      keypoints: best.keypoints.map((_, k) => mean((face) => face.keypoints[k])),
    });
  }
  return kept;
}

/** Where an image sits in the square input: scaled to fit, centred, the rest left black. */
export interface Letterbox {
  scale: number;
  left: number;
  top: number;
}

export function letterboxOf(width: number, height: number, size: number): Letterbox {
  const scale = size / Math.max(width, height);
  return { scale, left: (size - width * scale) / 2, top: (size - height * scale) / 2 };
}

/** Faces from the input square back in the image's pixels. */
export function facesInImage(candidates: readonly Candidate[], box: Letterbox, size: number): FaceBox[] {
  const x = (value: number) => (value * size - box.left) / box.scale;
  const y = (value: number) => (value * size - box.top) / box.scale;
  return candidates.map((face) => ({
    x: x(face.x),
    y: y(face.y),
    width: (face.width * size) / box.scale,
    height: (face.height * size) / box.scale,
    score: face.score,
    keypoints: Array.from({ length: KEYPOINTS }, (_, k) => ({ x: x(face.keypoints[2 * k]), y: y(face.keypoints[2 * k + 1]) })),
  }));
}

/**
 * The network's input: the image letterboxed into a size x size square, RGB scaled to [-1, 1],
 * black (-1) around it. Each input pixel averages the image pixels its square covers (a box
 * filter), so a 640 px photo shrunk to 128 does not alias into noise; the image is never enlarged
 * past its own pixels' detail (bilinear when it is smaller than the square).
 */
export function letterboxInput(image: RgbaImage, size: number): { input: Float32Array; box: Letterbox } {
  const box = letterboxOf(image.width, image.height, size);
  const input = new Float32Array(size * size * 3).fill(-1);
  const { data, width, height } = image;
  const footprint = 1 / box.scale;
  const x0 = Math.max(0, Math.floor(box.left));
  const x1 = Math.min(size, Math.ceil(box.left + width * box.scale));
  const y0 = Math.max(0, Math.floor(box.top));
  const y1 = Math.min(size, Math.ceil(box.top + height * box.scale));
  for (let v = y0; v < y1; v++) {
    const sy = (v + 0.5 - box.top) * footprint;
    for (let u = x0; u < x1; u++) {
      const sx = (u + 0.5 - box.left) * footprint;
      const out = (v * size + u) * 3;
      let r = 0;
      let g = 0;
      let b = 0;
      if (footprint > 1) {
        // The image pixels whose centres fall in this input pixel's footprint.
        const left = Math.max(0, Math.round(sx - footprint / 2));
        const right = Math.min(width, Math.max(left + 1, Math.round(sx + footprint / 2)));
        const top = Math.max(0, Math.round(sy - footprint / 2));
        const bottom = Math.min(height, Math.max(top + 1, Math.round(sy + footprint / 2)));
        for (let py = top; py < bottom; py++) {
          for (let px = left; px < right; px++) {
            const i = (py * width + px) * 4;
            r += data[i];
            g += data[i + 1];
            b += data[i + 2];
          }
        }
        const count = (right - left) * (bottom - top);
        r /= count;
        g /= count;
        b /= count;
      } else {
        const fx = Math.min(width - 1, Math.max(0, sx - 0.5));
        const fy = Math.min(height - 1, Math.max(0, sy - 0.5));
        const ix = Math.floor(fx);
        const iy = Math.floor(fy);
        const ax = fx - ix;
        const ay = fy - iy;
        const jx = Math.min(width - 1, ix + 1);
        const jy = Math.min(height - 1, iy + 1);
        const at = (px: number, py: number, c: number) => data[(py * width + px) * 4 + c];
        const sample = (c: number) =>
          (at(ix, iy, c) * (1 - ax) + at(jx, iy, c) * ax) * (1 - ay) + (at(ix, jy, c) * (1 - ax) + at(jx, jy, c) * ax) * ay;
        r = sample(0);
        g = sample(1);
        b = sample(2);
      }
      input[out] = r / 127.5 - 1;
      input[out + 1] = g / 127.5 - 1;
      input[out + 2] = b / 127.5 - 1;
    }
  }
  return { input, box };
}
