import { expect, test } from 'vitest';
import { landmarkerCrop, LANDMARKER_CROP_SCALE } from '@/lib/vision/face-landmarker';

/** A 4x4 RGBA image whose red channel is the pixel's index, so a crop shows where it came from. */
const image = { width: 4, height: 4, data: Uint8ClampedArray.from({ length: 64 }, (_, i) => (i % 4 === 0 ? i / 4 : 255)) };
const red = (crop: { data: Uint8ClampedArray; width: number }) => Array.from({ length: crop.data.length / 4 }, (_, i) => crop.data[i * 4]);

test('the crop is a square twice the face box, centred on it', () => {
  const crop = landmarkerCrop(image, { x: 1, y: 1, width: 1, height: 1 });
  expect(LANDMARKER_CROP_SCALE).toBe(2);
  expect([crop.width, crop.height]).toEqual([2, 2]);
  // Centre (1.5, 1.5), side 2: pixels (1..2, 1..2).
  expect(red(crop)).toEqual([5, 6, 9, 10]);
});

test('outside the image the crop is mid-grey, so a face filling a small crop still gets a margin', () => {
  const crop = landmarkerCrop(image, { x: 0, y: 0, width: 4, height: 4 });
  expect([crop.width, crop.height]).toEqual([8, 8]);
  const values = red(crop);
  expect(values[0]).toBe(128);
  // The image sits in the middle: row 2, columns 2..5 hold pixels 0..3.
  expect(values.slice(2 * 8 + 2, 2 * 8 + 6)).toEqual([0, 1, 2, 3]);
  expect(values.filter((value) => value === 128)).toHaveLength(64 - 16);
  expect(crop.data.filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
});

test('a box partly outside the image copies only the part inside', () => {
  const crop = landmarkerCrop(image, { x: 3, y: -1, width: 2, height: 2 });
  expect([crop.width, crop.height]).toEqual([4, 4]);
  // Side 4 from (2, -2): rows -2..1, columns 2..5; inside: rows 0..1, columns 2..3.
  expect(red(crop)).toEqual([128, 128, 128, 128, 128, 128, 128, 128, 2, 3, 128, 128, 6, 7, 128, 128]);
});
