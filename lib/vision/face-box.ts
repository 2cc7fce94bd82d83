/** A point in source-image pixels. */
export interface Point {
  x: number;
  y: number;
}

/**
 * A detected face in source-image pixels. `keypoints` follow MediaPipe BlazeFace's order:
 * right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion
 * (the person's right eye is on the image's left in an unmirrored image).
 */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  keypoints: Point[];
}

export type Box = Pick<FaceBox, 'x' | 'y' | 'width' | 'height'>;

export function boxArea(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

/** Intersection over union of two boxes; 0 when either is empty. */
export function iou(a: Box, b: Box): number {
  const left = Math.max(a.x, b.x);
  const top = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  const intersection = Math.max(0, right - left) * Math.max(0, bottom - top);
  const union = boxArea(a) + boxArea(b) - intersection;
  return union > 0 ? intersection / union : 0;
}

/** The face the product matches on when several are in view: the largest one. */
export function largestFace<T extends Box>(faces: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const face of faces) if (!best || boxArea(face) > boxArea(best)) best = face;
  return best;
}

/** Mirrors a box horizontally inside a frame, as a selfie preview shows it. */
export function mirrorBox<T extends Box>(box: T, frameWidth: number): T {
  return { ...box, x: frameWidth - box.x - box.width };
}

/**
 * Maps a box from frame pixels to an element that shows the frame centred with `object-fit:
 * cover` (scaled to fill, overflow cropped) or `contain` (scaled to fit), optionally mirrored.
 */
export function frameBoxToElement(
  box: Box,
  frame: { width: number; height: number },
  element: { width: number; height: number },
  mirrored: boolean,
  fit: 'cover' | 'contain' = 'cover',
): Box {
  const pick = fit === 'cover' ? Math.max : Math.min;
  const scale = pick(element.width / frame.width, element.height / frame.height);
  const offsetX = (element.width - frame.width * scale) / 2;
  const offsetY = (element.height - frame.height * scale) / 2;
  const source = mirrored ? mirrorBox(box, frame.width) : box;
  return {
    x: source.x * scale + offsetX,
    y: source.y * scale + offsetY,
    width: source.width * scale,
    height: source.height * scale,
  };
}
