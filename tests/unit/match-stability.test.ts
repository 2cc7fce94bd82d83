import { describe, expect, test } from 'vitest';
import { createEmbeddingSmoother } from '@/lib/match/embedding-smoother';
import { createResultStabilizer, type Candidate } from '@/lib/match/result-stabilizer';

const c = (memeId: string, score: number): Candidate => ({ memeId, faceId: `${memeId}#0`, score });
const ids = (list: Candidate[]) => list.map((item) => item.memeId);

describe('result stabilizer', () => {
  test('fills empty slots at once, in rank order', () => {
    const stabilizer = createResultStabilizer({ slots: 3, margin: 0.05, frames: 3 });
    expect(ids(stabilizer.update([c('a', 0.9), c('b', 0.8), c('c', 0.7), c('d', 0.6)]))).toEqual(['a', 'b', 'c']);
  });

  test('a newcomer that is only slightly better never replaces a shown meme (no flicker)', () => {
    const stabilizer = createResultStabilizer({ slots: 3, margin: 0.05, frames: 3 });
    stabilizer.update([c('a', 0.9), c('b', 0.8), c('c', 0.7)]);
    for (let i = 0; i < 10; i++) {
      expect(ids(stabilizer.update([c('a', 0.9), c('b', 0.8), c('d', 0.72), c('c', 0.7)]))).toEqual(['a', 'b', 'c']);
    }
  });

  test('a clearly better newcomer takes the weakest slot after the given number of frames', () => {
    const stabilizer = createResultStabilizer({ slots: 3, margin: 0.05, frames: 3 });
    stabilizer.update([c('a', 0.9), c('b', 0.8), c('c', 0.7)]);
    const frame = [c('d', 0.95), c('a', 0.9), c('b', 0.8), c('c', 0.7)];
    expect(ids(stabilizer.update(frame))).toEqual(['a', 'b', 'c']);
    expect(ids(stabilizer.update(frame))).toEqual(['a', 'b', 'c']);
    expect(ids(stabilizer.update(frame))).toEqual(['a', 'b', 'd']);
  });

  test('a streak broken by one frame starts again', () => {
    const stabilizer = createResultStabilizer({ slots: 3, margin: 0.05, frames: 2 });
    stabilizer.update([c('a', 0.9), c('b', 0.8), c('c', 0.7)]);
    stabilizer.update([c('d', 0.95), c('a', 0.9), c('b', 0.8), c('c', 0.7)]);
    stabilizer.update([c('a', 0.9), c('b', 0.8), c('c', 0.7)]);
    expect(ids(stabilizer.update([c('d', 0.95), c('a', 0.9), c('b', 0.8), c('c', 0.7)]))).toEqual(['a', 'b', 'c']);
    expect(ids(stabilizer.update([c('d', 0.95), c('a', 0.9), c('b', 0.8), c('c', 0.7)]))).toEqual(['a', 'b', 'd']);
  });

  test('shown scores follow the latest frame; a shown meme that dropped out scores at most the lowest candidate', () => {
    const stabilizer = createResultStabilizer({ slots: 2, margin: 0.05, frames: 3 });
    stabilizer.update([c('a', 0.9), c('b', 0.8)]);
    expect(stabilizer.update([c('a', 0.85), c('x', 0.6)])).toEqual([c('a', 0.85), c('b', 0.6)]);
  });
});

describe('embedding smoother', () => {
  const unit = (...values: number[]) => {
    const norm = Math.hypot(...values);
    return Float32Array.from(values.map((value) => value / norm));
  };

  test('the first frame passes through, later frames are averaged and re-normalised', () => {
    const smoother = createEmbeddingSmoother(0.5, 600);
    expect(Array.from(smoother.push(unit(1, 0), 0))).toEqual([1, 0]);
    const mixed = smoother.push(unit(0, 1), 100);
    expect(mixed[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(mixed[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  test('a gap longer than maxGapMs starts afresh', () => {
    const smoother = createEmbeddingSmoother(0.5, 600);
    smoother.push(unit(1, 0), 0);
    expect(Array.from(smoother.push(unit(0, 1), 1000))).toEqual([0, 1]);
  });
});
