import { describe, expect, test } from 'vitest';
import { toMatrix } from '../../lib/eval/embedding-distance';
import { sampleVoteTriplets, tripletAgreement, voteDistance } from '../../lib/eval/vote-triplets';

describe('voteDistance', () => {
  test('is the share of votes that must move', () => {
    expect(voteDistance([1, 0], [0, 1])).toBe(1);
    expect(voteDistance([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(voteDistance([0.2, 0.8], [0.2, 0.8])).toBe(0);
  });
});

describe('sampleVoteTriplets', () => {
  const items = [
    { subject: 'A', votes: [1, 0, 0] },
    { subject: 'B', votes: [0.9, 0.1, 0] },
    { subject: 'C', votes: [0, 0, 1] },
    { subject: 'D', votes: [0, 0.5, 0.5] },
    { subject: 'E', votes: [0.5, 0.5, 0] },
  ];
  const sampling = { count: 50, margin: 0.3, seed: 7 };

  test('keeps only triplets of three people whose votes clearly order the pairs', () => {
    const triplets = sampleVoteTriplets(items, sampling);
    expect(triplets.length).toBe(50);
    for (const [a, b, c] of triplets) {
      expect(new Set([items[a].subject, items[b].subject, items[c].subject]).size).toBe(3);
      expect(voteDistance(items[a].votes, items[c].votes) - voteDistance(items[a].votes, items[b].votes)).toBeGreaterThanOrEqual(0.3);
    }
  });
  test('the same seed gives the same triplets', () => {
    expect(sampleVoteTriplets(items, sampling)).toEqual(sampleVoteTriplets(items, sampling));
  });
  test('fewer than three subjects give no triplets', () => {
    expect(sampleVoteTriplets(items.slice(0, 2), sampling)).toEqual([]);
  });
});

describe('tripletAgreement', () => {
  const matrix = toMatrix([[0], [1], [5], [-1]]);
  test('counts triplets ordered as the raters did, ties as half', () => {
    expect(tripletAgreement([[0, 1, 2]], matrix)).toBe(1);
    expect(tripletAgreement([[0, 2, 1]], matrix)).toBe(0);
    expect(tripletAgreement([[0, 1, 3]], matrix)).toBe(0.5);
    expect(tripletAgreement([[0, 1, 2], [0, 2, 1], [0, 1, 3], [0, 3, 2]], matrix)).toBe(2.5 / 4);
  });
});
