import { describe, expect, test } from 'vitest';
import { frameBoxToElement, iou, largestFace, mirrorBox } from '@/lib/vision/face-box';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('iou', () => {
  test.each([
    [box(0, 0, 10, 10), box(0, 0, 10, 10), 1],
    [box(0, 0, 10, 10), box(10, 0, 10, 10), 0],
    [box(0, 0, 10, 10), box(5, 0, 10, 10), 50 / 150],
    [box(0, 0, 10, 10), box(2, 2, 5, 5), 25 / 100],
    [box(0, 0, 0, 0), box(0, 0, 0, 0), 0],
  ])('%o vs %o = %d', (a, b, expected) => {
    expect(iou(a, b)).toBeCloseTo(expected, 10);
  });
});

test('largestFace picks the biggest area, undefined for none', () => {
  expect(largestFace([box(0, 0, 10, 10), box(0, 0, 30, 4), box(0, 0, 12, 12)])).toEqual(box(0, 0, 12, 12));
  expect(largestFace([])).toBeUndefined();
});

test('mirrorBox flips x inside the frame and keeps the rest', () => {
  expect(mirrorBox({ ...box(10, 20, 100, 50), score: 0.9 }, 640)).toEqual({ ...box(530, 20, 100, 50), score: 0.9 });
  expect(mirrorBox(mirrorBox(box(3, 4, 5, 6), 640), 640)).toEqual(box(3, 4, 5, 6));
});

describe('frameBoxToElement (object-fit: cover)', () => {
  test('same aspect ratio scales only', () => {
    expect(frameBoxToElement(box(64, 48, 64, 48), { width: 640, height: 480 }, { width: 320, height: 240 }, false)).toEqual(
      box(32, 24, 32, 24),
    );
  });
  test('mirrored preview puts a face on the left of the frame on the right of the view', () => {
    expect(frameBoxToElement(box(0, 0, 64, 48), { width: 640, height: 480 }, { width: 320, height: 240 }, true)).toEqual(
      box(288, 0, 32, 24),
    );
  });
  test('contain fits the whole frame and centres it', () => {
    // 640x480 into 320x320: scale 0.5, 240 high, offset 40 from the top.
    expect(frameBoxToElement(box(0, 0, 640, 480), { width: 640, height: 480 }, { width: 320, height: 320 }, false, 'contain')).toEqual(
      box(0, 40, 320, 240),
    );
  });
  test('a wider view crops the frame top and bottom, centred', () => {
    // 640x480 into 320x160: scale 0.5, frame height 240 overflows by 80 → offset -40.
    expect(frameBoxToElement(box(0, 80, 640, 320), { width: 640, height: 480 }, { width: 320, height: 160 }, false)).toEqual(
      box(0, 0, 320, 160),
    );
  });
});
