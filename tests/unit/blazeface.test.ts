import { describe, expect, test } from 'vitest';
import { anchorCenters, decodeFaces, facesInImage, FULL_RANGE, letterboxInput, letterboxOf, SHORT_RANGE, VALUES_PER_ANCHOR } from '@/lib/vision/blazeface';

/** Network outputs where only the listed anchors answer (raw score, box and keypoints in input pixels). */
function outputs(count: number, answers: { anchor: number; logit: number; values: number[] }[]) {
  const regressors = new Float32Array(count * VALUES_PER_ANCHOR);
  const scores = new Float32Array(count).fill(-20);
  for (const { anchor, logit, values } of answers) {
    scores[anchor] = logit;
    regressors.set(values, anchor * VALUES_PER_ANCHOR);
  }
  return { regressors, scores };
}

describe('anchorCenters', () => {
  test('as many anchors as each network has outputs: 896 short range, 2,304 full range', () => {
    expect(anchorCenters(SHORT_RANGE).length / 2).toBe(896);
    expect(anchorCenters(FULL_RANGE).length / 2).toBe(2304);
  });

  test('short range: two anchors on each stride-8 cell centre, then six on each stride-16 one', () => {
    const anchors = anchorCenters(SHORT_RANGE);
    expect([...anchors.slice(0, 4)]).toEqual([0.5 / 16, 0.5 / 16, 0.5 / 16, 0.5 / 16]);
    expect([anchors[4], anchors[5]]).toEqual([1.5 / 16, 0.5 / 16]);
    // The first stride-16 anchor follows the 512 of the finer map.
    expect([anchors[1024], anchors[1025]]).toEqual([0.5 / 8, 0.5 / 8]);
    expect([anchors[1024 + 12], anchors[1025 + 12]]).toEqual([1.5 / 8, 0.5 / 8]);
  });
});

describe('decodeFaces', () => {
  const anchors = anchorCenters(SHORT_RANGE);
  // Anchor 0 sits at (4, 4) input pixels; anchor 2 at (12, 4).
  const keypoints = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

  test('box and keypoints are offsets from the anchor, scaled by the input size; the score is a sigmoid', () => {
    const { regressors, scores } = outputs(896, [{ anchor: 0, logit: 2, values: [6, 2, 32, 16, ...keypoints] }]);
    const [face, ...rest] = decodeFaces(SHORT_RANGE, anchors, regressors, scores, 0.5);
    expect(rest).toEqual([]);
    expect(face.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(face.x * 128).toBeCloseTo(4 + 6 - 16, 4);
    expect(face.y * 128).toBeCloseTo(4 + 2 - 8, 4);
    expect(face.width * 128).toBeCloseTo(32, 4);
    expect(face.height * 128).toBeCloseTo(16, 4);
    expect(face.keypoints.map((value) => value * 128 - 4)).toEqual(keypoints.map((value) => expect.closeTo(value, 4)));
  });

  test('faces under the threshold are dropped; an unbounded logit does not overflow', () => {
    const { regressors, scores } = outputs(896, [
      { anchor: 0, logit: -0.1, values: [0, 0, 10, 10] },
      { anchor: 500, logit: 1e6, values: [0, 0, 10, 10] },
    ]);
    const faces = decodeFaces(SHORT_RANGE, anchors, regressors, scores, 0.5);
    expect(faces).toHaveLength(1);
    expect(faces[0].score).toBe(1);
  });

  test('overlapping answers become one face at their score-weighted mean, with the best score', () => {
    const { regressors, scores } = outputs(896, [
      // Both centred near (10, 4): anchor 0 at (4, 4) + 6, anchor 2 at (12, 4) - 2 + 0.
      { anchor: 0, logit: Math.log(3), values: [6, 0, 20, 20] },
      { anchor: 2, logit: Math.log(1 / 3), values: [0, 0, 20, 20] },
      // Far away: its own face.
      { anchor: 600, logit: 0.5, values: [0, 0, 10, 10] },
    ]);
    const faces = decodeFaces(SHORT_RANGE, anchors, regressors, scores, 0.2);
    expect(faces).toHaveLength(2);
    // Scores 0.75 and 0.25: the centre moves a quarter of the way from 10 to 12.
    expect((faces[0].x + faces[0].width / 2) * 128).toBeCloseTo(10.5, 4);
    expect(faces[0].score).toBeCloseTo(0.75, 6);
  });
});

describe('letterbox', () => {
  test('a wide image is centred with bands above and below', () => {
    expect(letterboxOf(200, 100, 128)).toEqual({ scale: 0.64, left: 0, top: 32 });
    expect(letterboxOf(100, 200, 128)).toEqual({ scale: 0.64, left: 32, top: 0 });
  });

  test('faces found in the square land back on the image pixels they were at', () => {
    const box = letterboxOf(200, 100, 128);
    // A face whose box is (50, 20, 40, 40) and whose first keypoint is (60, 30) in the image.
    const toSquare = (x: number, y: number) => [(x * box.scale + box.left) / 128, (y * box.scale + box.top) / 128];
    const [x, y] = toSquare(50, 20);
    const keypoints = Array.from({ length: 6 }, () => toSquare(60, 30)).flat();
    const [face] = facesInImage([{ x, y, width: (40 * box.scale) / 128, height: (40 * box.scale) / 128, score: 0.9, keypoints }], box, 128);
    expect(face.x).toBeCloseTo(50, 6);
    expect(face.y).toBeCloseTo(20, 6);
    expect(face.width).toBeCloseTo(40, 6);
    expect(face.keypoints[0].x).toBeCloseTo(60, 6);
    expect(face.keypoints[0].y).toBeCloseTo(30, 6);
  });

  test('the input is RGB in [-1, 1], black around the image, each input pixel the mean of the pixels it covers', () => {
    // 8x4 pixels into 4x4: scale 0.5, the image fills rows 1-2; each input pixel covers 2x2.
    const data = new Uint8ClampedArray(8 * 4 * 4);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 8; x++) data.set([x < 4 ? 255 : 0, 0, y < 2 ? 255 : 51, 255], (y * 8 + x) * 4);
    }
    const { input, box } = letterboxInput({ data, width: 8, height: 4 }, 4);
    expect(box).toEqual({ scale: 0.5, left: 0, top: 1 });
    const pixel = (u: number, v: number) => [...input.slice((v * 4 + u) * 3, (v * 4 + u) * 3 + 3)];
    expect(pixel(0, 0)).toEqual([-1, -1, -1]);
    expect(pixel(3, 3)).toEqual([-1, -1, -1]);
    expect(pixel(0, 1)).toEqual([1, -1, 1]);
    expect(pixel(3, 2)).toEqual([-1, -1, expect.closeTo(51 / 127.5 - 1, 6)]);
  });

  test('an image smaller than the square is enlarged smoothly, not in blocks', () => {
    const data = new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255]);
    const { input } = letterboxInput({ data, width: 2, height: 1 }, 8);
    const row = Array.from({ length: 8 }, (_, u) => input[(3 * 8 + u) * 3]);
    expect(row[0]).toBe(-1);
    expect(row[7]).toBe(1);
    for (let u = 1; u < 8; u++) expect(row[u]).toBeGreaterThanOrEqual(row[u - 1]);
    expect(row.filter((value) => value > -1 && value < 1).length).toBeGreaterThan(2);
  });
});
