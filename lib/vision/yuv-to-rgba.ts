/**
 * Camera frames come as YUV planes (I420 or NV12). The live loop wants RGBA at about 320 px, so
 * the planes are read as they are (`VideoFrame.copyTo`, a plain copy) and converted here while
 * they are shrunk: each output pixel averages a factor × factor block of luma and takes the chroma
 * sample at the block's centre. Reading the frame through a canvas did the conversion at full
 * size: 5.8-6.6 ms a frame here, against 1.4 ms for the copy (docs/benchmarks.md, "Reading camera
 * frames as VideoFrames").
 */

import type { RgbaImage } from './align-face';

/** The two chroma layouts webcams deliver: U and V planes of their own, or interleaved UV. */
export type YuvFormat = 'I420' | 'NV12';

export interface YuvPlanes {
  format: YuvFormat;
  /** The frame's visible size in pixels. */
  width: number;
  height: number;
  data: Uint8Array;
  /** Offset and stride of each plane in `data`: Y, U, V for I420; Y, UV for NV12. */
  layout: readonly { offset: number; stride: number }[];
}

/** How YUV maps to RGB: BT.601 (standard-definition and most webcams) or BT.709 (HD). */
export interface YuvColor {
  matrix: 'bt601' | 'bt709';
  /** Full-range (0-255) luma and chroma rather than video range (16-235, 16-240). */
  fullRange: boolean;
}

/** align-face's RgbaImage, its pixels in an ArrayBuffer of their own: the frame port transfers it. */
export type RgbaPixels = RgbaImage & { data: Uint8ClampedArray<ArrayBuffer> };

/**
 * The colour a frame's `VideoColorSpace` names, or undefined for one this module does not convert
 * (RGB matrices, BT.2020). A frame that names no matrix is taken as BT.601 video range, what a
 * webcam's YUV is unless it says otherwise.
 */
export function yuvColorOf(space: { matrix?: string | null; fullRange?: boolean | null } | undefined): YuvColor | undefined {
  const matrix = space?.matrix ?? 'smpte170m';
  const fullRange = space?.fullRange ?? false;
  if (matrix === 'smpte170m' || matrix === 'bt470bg') return { matrix: 'bt601', fullRange };
  if (matrix === 'bt709') return { matrix: 'bt709', fullRange };
  return undefined;
}

/** The whole-number shrink that brings the long side nearest `maxSide` without going under it (at least 1). */
export function shrinkFactor(width: number, height: number, maxSide: number): number {
  return Math.max(1, Math.floor(Math.max(width, height) / maxSide));
}

/** Red from V, green from U and V, blue from U, per unit of chroma (Kr, Kb of each matrix). */
const COEFFICIENTS = {
  bt601: { rv: 1.402, gu: -0.344136, gv: -0.714136, bu: 1.772 },
  bt709: { rv: 1.5748, gu: -0.187324, gv: -0.468124, bu: 1.8556 },
} as const;

/** RGBA at 1/`factor` of the frame's size (rounded down), alpha opaque. */
export function rgbaFromYuv(frame: YuvPlanes, color: YuvColor, factor: number): RgbaPixels {
  const width = Math.max(1, Math.floor(frame.width / factor));
  const height = Math.max(1, Math.floor(frame.height / factor));
  const out = new Uint8ClampedArray(width * height * 4);
  const { data, layout } = frame;
  const [yPlane, firstChroma, secondChroma] = layout;
  const interleaved = frame.format === 'NV12';
  const { rv, gu, gv, bu } = COEFFICIENTS[color.matrix];
  // Video range: luma 16-235 and chroma 16-240 stretched to 0-255.
  const lumaScale = color.fullRange ? 1 : 255 / 219;
  const lumaOffset = color.fullRange ? 0 : 16;
  const chromaScale = color.fullRange ? 1 : 255 / 224;
  const blockArea = factor * factor;
  const centre = factor >> 1;
  for (let row = 0; row < height; row++) {
    const top = row * factor;
    const chromaRow = (top + centre) >> 1;
    for (let column = 0; column < width; column++) {
      const left = column * factor;
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const start = yPlane.offset + (top + dy) * yPlane.stride + left;
        for (let dx = 0; dx < factor; dx++) sum += data[start + dx];
      }
      const chromaColumn = (left + centre) >> 1;
      let u: number;
      let v: number;
      if (interleaved) {
        const at = firstChroma.offset + chromaRow * firstChroma.stride + chromaColumn * 2;
        u = data[at];
        v = data[at + 1];
      } else {
        u = data[firstChroma.offset + chromaRow * firstChroma.stride + chromaColumn];
        v = data[secondChroma.offset + chromaRow * secondChroma.stride + chromaColumn];
      }
      const luma = (sum / blockArea - lumaOffset) * lumaScale;
      const cb = (u - 128) * chromaScale;
      const cr = (v - 128) * chromaScale;
      const at = (row * width + column) * 4;
      // Uint8ClampedArray rounds and clamps each channel.
      out[at] = luma + rv * cr;
      out[at + 1] = luma + gu * cb + gv * cr;
      out[at + 2] = luma + bu * cb;
      out[at + 3] = 255;
    }
  }
  return { width, height, data: out };
}
