import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import alignFace, {ALIGNED_FACE_SIZE} from '../../lib/vision/align-face';
import faceAlignment from '../../lib/vision/face-alignment.json';

interface AlignCase {
  name: string;
  width: number;
  height: number;
  rgba: number[];
  leftEye: {x: number; y: number};
  rightEye: {x: number; y: number};
  expected: number[];
}

// Written by training/make_align_fixture.py from training/align.py, the crop the model trained on.
const {cases} = JSON.parse(
  readFileSync(new URL('../fixtures/parity/align-cases.json', import.meta.url), 'utf8'),
) as {cases: AlignCase[]};

describe('alignFace matches training/align.py', () => {
  test.each(cases)('$name', (alignCase) => {
    const image = {
      data: new Uint8ClampedArray(alignCase.rgba),
      width: alignCase.width,
      height: alignCase.height,
    };
    const crop = alignFace(image, alignCase.leftEye, alignCase.rightEye);
    expect(crop.length).toBe(ALIGNED_FACE_SIZE * ALIGNED_FACE_SIZE);
    const maxDiff = crop.reduce((max, value, i) => Math.max(max, Math.abs(value - alignCase.expected[i])), 0);
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
  });
});

test('alignFace puts the eye midpoint at the contract position', () => {
  // A single bright pixel centred on the eye midpoint must land within a pixel of eyeMid * size.
  const width = 100;
  const height = 100;
  const data = new Uint8ClampedArray(width * height * 4);
  const mid = {x: 50, y: 40};
  const i = (mid.y * width + mid.x) * 4;
  data.fill(255, i, i + 3);
  const crop = alignFace({data, width, height}, {x: 40.5, y: 40.5}, {x: 60.5, y: 40.5});
  const brightest = crop.indexOf(Math.max(...crop));
  const column = (brightest % ALIGNED_FACE_SIZE) + 0.5;
  const row = Math.floor(brightest / ALIGNED_FACE_SIZE) + 0.5;
  expect(Math.abs(column - faceAlignment.eyeMid[0] * ALIGNED_FACE_SIZE)).toBeLessThanOrEqual(1);
  expect(Math.abs(row - faceAlignment.eyeMid[1] * ALIGNED_FACE_SIZE)).toBeLessThanOrEqual(1);
});
