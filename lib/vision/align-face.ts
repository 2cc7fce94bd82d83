import faceAlignment from './face-alignment.json';

/** A point in source-image pixel coordinates. */
export interface EyePoint {
  x: number;
  y: number;
}

/** RGBA pixels as ImageData holds them, without depending on the DOM type. */
export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Side of the square crop the expression model takes. */
export const ALIGNED_FACE_SIZE: number = faceAlignment.size;

/**
 * Crops the face the way training did (training/align.py follows the same contract,
 * lib/vision/face-alignment.json): grey, eyes level, fixed inter-ocular distance.
 * Returns size*size values of grey/255, row-major, ready as the model's NHWC [1,size,size,1] input.
 */
export default function alignFace(image: RgbaImage, eyeA: EyePoint, eyeB: EyePoint): Float32Array {
  // The eye with the smaller x is "left", so a mirrored selfie never turns the crop upside down.
  const swap = eyeA.x > eyeB.x || (eyeA.x === eyeB.x && eyeA.y > eyeB.y);
  const left = swap ? eyeB : eyeA;
  const right = swap ? eyeA : eyeB;
  const {size, eyeMid, eyeDistance, fill, greyWeights} = faceAlignment;

  const dx = right.x - left.x;
  const dy = right.y - left.y;
  const distance = Math.max(Math.hypot(dx, dy), 1e-6);
  const cos = dx / distance;
  const sin = dy / distance;
  const inverseScale = distance / (eyeDistance * size);
  const midX = (left.x + right.x) / 2;
  const midY = (left.y + right.y) / 2;

  const {data, width, height} = image;
  const greyAt = (x: number, y: number): number => {
    if (x < 0 || y < 0 || x >= width || y >= height) return fill;
    const i = (y * width + x) * 4;
    return data[i] * greyWeights[0] + data[i + 1] * greyWeights[1] + data[i + 2] * greyWeights[2];
  };

  const out = new Float32Array(size * size);
  for (let v = 0; v < size; v++) {
    const dv = v + 0.5 - eyeMid[1] * size;
    for (let u = 0; u < size; u++) {
      const du = u + 0.5 - eyeMid[0] * size;
      // Pixel centres sit at integer + 0.5, hence the shift before bilinear weights.
      const fx = midX + inverseScale * (cos * du - sin * dv) - 0.5;
      const fy = midY + inverseScale * (sin * du + cos * dv) - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      const top = greyAt(x0, y0) * (1 - ax) + greyAt(x0 + 1, y0) * ax;
      const bottom = greyAt(x0, y0 + 1) * (1 - ax) + greyAt(x0 + 1, y0 + 1) * ax;
      out[v * size + u] = (top * (1 - ay) + bottom * ay) / 255;
    }
  }
  return out;
}
