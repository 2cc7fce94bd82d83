/**
 * Search benchmark: top-3 memes over N faces with nearestMemes (lib/search), the function the
 * offscreen document runs per camera frame, and the memory one index of N faces holds.
 * Run: npx tsx benchmarks/search.ts  → benchmarks/results/search.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { addFaces, createFaceIndex, faceIndexBytes, type IndexedFace } from '../lib/search/face-index';
import { KERNEL_DIMENSION } from '../lib/search/dot-kernel';
import { nearestMemes } from '../lib/search/nearest-memes';

/** The shipped model's embedding size (two nets, 64 values each), the one the product indexes. */
const DIMENSION = KERNEL_DIMENSION;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function unitVector(next: () => number): Float32Array {
  const v = Float32Array.from({ length: DIMENSION }, () => next() * 2 - 1);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}

/** N faces spread over memes of 1-3 faces, as a real library has (ids shaped like the real ones). */
function syntheticFaces(count: number, seed: number): IndexedFace[] {
  const next = random(seed);
  const faces: IndexedFace[] = [];
  let meme = 0;
  while (faces.length < count) {
    const memeId = `${crypto.randomUUID()}`;
    const perMeme = 1 + Math.floor(next() * 3);
    for (let f = 0; f < perMeme && faces.length < count; f++) faces.push({ id: `${memeId}#${f}`, memeId, embedding: unitVector(next) });
    meme++;
  }
  return faces;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

export interface SearchBenchmarkRow {
  faces: number;
  memes: number;
  k: number;
  queries: number;
  medianMs: number;
  p95Ms: number;
  /** CPU time this process spent per query (mean): less sensitive than wall time to other work on a shared machine. */
  meanCpuMs: number;
  goalMs: number;
  meetsGoal: boolean;
  /** Typed arrays of the index (matrix in wasm memory + meme ordinals). */
  indexBytes: number;
  /** Everything else the index holds on the JS heap (face id strings, maps), per face. */
  heapBytesPerFace: number;
  /** Both together, per face. */
  bytesPerFace: number;
  kernel: 'wasm-simd' | 'js';
}

export function measureSearch(faceCount: number, goalMs: number, queries = 400): SearchBenchmarkRow {
  const faces = syntheticFaces(faceCount, faceCount);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage();
  const index = createFaceIndex(DIMENSION, faceCount);
  addFaces(index, faces);
  globalThis.gc?.();
  const heapAfter = process.memoryUsage();
  const next = random(42);
  const queryVectors = Array.from({ length: queries }, () => unitVector(next));
  for (let i = 0; i < 50; i++) nearestMemes(queryVectors[i % queries], index, 3); // warm up the JIT
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (const query of queryVectors) {
    const started = performance.now();
    nearestMemes(query, index, 3);
    times.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const medianMs = median(times);
  const heapDelta = heapAfter.heapUsed - heapBefore.heapUsed;
  return {
    faces: faceCount,
    memes: index.memeOrdinalOf.size,
    k: 3,
    queries,
    medianMs: Number(medianMs.toFixed(4)),
    p95Ms: Number(percentile(times, 0.95).toFixed(4)),
    meanCpuMs: Number(((cpu.user + cpu.system) / 1000 / queries).toFixed(4)),
    goalMs,
    meetsGoal: medianMs <= goalMs,
    indexBytes: faceIndexBytes(index),
    heapBytesPerFace: Math.round(heapDelta / faceCount),
    bytesPerFace: Math.round((faceIndexBytes(index) + heapDelta) / faceCount),
    kernel: index.kernel ? 'wasm-simd' : 'js',
  };
}

export interface SearchBenchmark {
  benchmark: 'search';
  runtime: string;
  cpu: string;
  /** 1-minute load average at the start: other work on the machine slows every figure. */
  loadAverage: number;
  rows: SearchBenchmarkRow[];
  /** Index memory for 10k faces: the matrix alone, and everything the index holds (ids, maps). */
  memoryPer10kFaces: { matrixBytes: number; totalBytes: number };
}

export function runSearchBenchmark(): SearchBenchmark {
  const loadAverage = Number(loadavg()[0].toFixed(2));
  const rows = [measureSearch(10_000, 0.5), measureSearch(100_000, 3)];
  const tenK = rows[0];
  return {
    benchmark: 'search',
    runtime: `node ${process.version} (V8, same engine as Chromium), ${globalThis.gc ? 'with' : 'without'} --expose-gc`,
    cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
    loadAverage,
    rows,
    memoryPer10kFaces: { matrixBytes: 10_000 * DIMENSION * 4, totalBytes: tenK.bytesPerFace * 10_000 },
  };
}

if (process.argv[1]?.endsWith('search.ts')) {
  const result = runSearchBenchmark();
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'search.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
