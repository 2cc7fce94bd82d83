import { describe, expect, test } from 'vitest';
import { fallbackCropFace, greyToRgba, isFaceCrop, padCrop, shiftFace } from '../../lib/eval/face-crop-padding';
import { pixelsEmbedding, PIXELS_SIDE } from '../../lib/eval/pixels-embedding';

describe('face crops', () => {
  test('48x48 is a crop, a 256x256 frame is not', () => {
    expect(isFaceCrop(48, 48)).toBe(true);
    expect(isFaceCrop(256, 256)).toBe(false);
  });

  test('padding centres the crop in mid-grey three times its size', () => {
    const crop = greyToRgba(Uint8Array.from([10, 20]), 2, 1);
    const { padded, offsetX, offsetY } = padCrop(crop);
    expect([padded.width, padded.height, offsetX, offsetY]).toEqual([6, 3, 2, 1]);
    const grey = Array.from({ length: 18 }, (_, i) => padded.data[i * 4]);
    expect(grey).toEqual([128, 128, 128, 128, 128, 128, 128, 128, 10, 20, 128, 128, 128, 128, 128, 128, 128, 128]);
  });

  test('a face found in the padded canvas maps back to the crop', () => {
    const face = { x: 50, y: 60, width: 40, height: 40, score: 0.9, keypoints: [{ x: 60, y: 70 }] };
    expect(shiftFace(face, -48, -48)).toEqual({ x: 2, y: 12, width: 40, height: 40, score: 0.9, keypoints: [{ x: 12, y: 22 }] });
  });

  test('the fallback face is the whole crop with the right eye on the image left', () => {
    const face = fallbackCropFace(48, 48);
    expect(face).toMatchObject({ x: 0, y: 0, width: 48, height: 48, score: 0 });
    expect(face.keypoints).toHaveLength(6);
    expect(face.keypoints[0].x).toBeLessThan(face.keypoints[1].x);
  });
});

describe('pixelsEmbedding', () => {
  test('left half bright, right half dark → ±1/32 after centring and unit norm', () => {
    const aligned = new Float32Array(64 * 64).map((_, i) => (i % 64 < 32 ? 1 : 0));
    const embedding = pixelsEmbedding(aligned, 64);
    expect(embedding).toHaveLength(PIXELS_SIDE * PIXELS_SIDE);
    expect(embedding[0]).toBeCloseTo(1 / 32, 6);
    expect(embedding[PIXELS_SIDE - 1]).toBeCloseTo(-1 / 32, 6);
  });
  test('a flat face embeds as zeros instead of dividing by zero', () => {
    expect(pixelsEmbedding(new Float32Array(64 * 64).fill(0.5), 64).every((value) => value === 0)).toBe(true);
  });
});
