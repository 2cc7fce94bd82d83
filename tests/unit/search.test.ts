import { describe, expect, test } from 'vitest';
import { addFaces, createFaceIndex, removeMemes, type IndexedFace } from '@/lib/search/face-index';
import { nearestMemes, type MemeMatch } from '@/lib/search/nearest-memes';
import { KERNEL_DIMENSION } from '@/lib/search/dot-kernel';

/** The shipped model's embedding size, the one the wasm kernel is built for. */
const D = KERNEL_DIMENSION;

/** Deterministic pseudo-random generator, so every table row is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function unitVector(next: () => number, dimension: number): Float32Array {
  const v = Float32Array.from({ length: dimension }, () => next() * 2 - 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function randomFaces(seed: number, memes: number, maxFacesPerMeme: number, dimension: number): IndexedFace[] {
  const next = random(seed);
  const faces: IndexedFace[] = [];
  for (let m = 0; m < memes; m++) {
    const count = 1 + Math.floor(next() * maxFacesPerMeme);
    for (let f = 0; f < count; f++) faces.push({ id: `m${m}#${f}`, memeId: `m${m}`, embedding: unitVector(next, dimension) });
  }
  return faces;
}

/** The obvious implementation: score every face, keep each meme's best, sort. */
function bruteForce(query: Float32Array, faces: readonly IndexedFace[], k: number): MemeMatch[] {
  const best = new Map<string, MemeMatch>();
  for (const face of faces) {
    const score = face.embedding.reduce((sum, x, i) => sum + x * query[i], 0);
    const current = best.get(face.memeId);
    if (!current || score > current.score) best.set(face.memeId, { memeId: face.memeId, faceId: face.id, score });
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, k);
}

function expectSameMatches(actual: MemeMatch[], expected: MemeMatch[]): void {
  expect(actual.map((m) => [m.memeId, m.faceId])).toEqual(expected.map((m) => [m.memeId, m.faceId]));
  actual.forEach((m, i) => expect(m.score).toBeCloseTo(expected[i].score, 5));
}

describe('nearestMemes agrees with brute force', () => {
  test.each([
    { name: 'empty index', memes: 0, maxFaces: 1, dimension: D, k: 3 },
    { name: 'fewer memes than k', memes: 2, maxFaces: 3, dimension: D, k: 3 },
    { name: 'one face per meme', memes: 200, maxFaces: 1, dimension: D, k: 3 },
    { name: 'many faces per meme', memes: 100, maxFaces: 6, dimension: D, k: 3 },
    { name: 'k = 1', memes: 100, maxFaces: 4, dimension: D, k: 1 },
    { name: 'k larger than usual', memes: 300, maxFaces: 3, dimension: D, k: 25 },
    { name: 'odd dimension (loop tail)', memes: 50, maxFaces: 3, dimension: 7, k: 3 },
    { name: 'k = 0', memes: 10, maxFaces: 2, dimension: D, k: 0 },
    { name: 'model-sized without the wasm kernel (plain JS)', memes: 150, maxFaces: 3, dimension: D, k: 3, useKernel: false },
  ])('$name', ({ memes, maxFaces, dimension, k, useKernel = true }) => {
    const faces = randomFaces(memes * 31 + dimension, memes, maxFaces, dimension);
    const index = createFaceIndex(dimension, 4, useKernel); // small capacity: exercises growth
    expect(Boolean(index.kernel)).toBe(useKernel && dimension === D);
    addFaces(index, faces);
    const next = random(7);
    for (let q = 0; q < 20; q++) {
      const query = unitVector(next, dimension);
      expectSameMatches(nearestMemes(query, index, k), bruteForce(query, faces, k));
    }
  });

  test('a meme appears once, with its best face', () => {
    const index = createFaceIndex(2);
    addFaces(index, [
      { id: 'a#0', memeId: 'a', embedding: new Float32Array([1, 0]) },
      { id: 'a#1', memeId: 'a', embedding: new Float32Array([0.99, 0.141]) },
      { id: 'b#0', memeId: 'b', embedding: new Float32Array([0, 1]) },
    ]);
    expect(nearestMemes(new Float32Array([1, 0]), index, 3).map((m) => m.faceId)).toEqual(['a#0', 'b#0']);
  });

  test.each([16, D])('removing memes and re-adding faces keeps the index equal to brute force over what is left (%i-d)', (dimension) => {
    const faces = randomFaces(11, 120, 4, dimension);
    const index = createFaceIndex(dimension, 8);
    addFaces(index, faces);
    const removed = new Set(['m3', 'm50', 'm119', 'm0']);
    const removedRows = faces.filter((f) => removed.has(f.memeId)).length;
    expect(removeMemes(index, removed)).toBe(removedRows);
    // A re-embedded face replaces its own row instead of adding one.
    const next = random(99);
    const reembedded = faces.filter((f) => f.memeId === 'm7').map((f) => ({ ...f, embedding: unitVector(next, dimension) }));
    addFaces(index, reembedded);
    const left = faces.filter((f) => !removed.has(f.memeId)).map((f) => reembedded.find((r) => r.id === f.id) ?? f);
    expect(index.size).toBe(left.length);
    for (let q = 0; q < 20; q++) {
      const query = unitVector(next, dimension);
      expectSameMatches(nearestMemes(query, index, 5), bruteForce(query, left, 5));
    }
  });

  test('a query of the wrong size is refused', () => {
    const index = createFaceIndex(4);
    expect(() => nearestMemes(new Float32Array(3), index, 3)).toThrow(/3 values/);
  });
});
