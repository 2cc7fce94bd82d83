import { DOT_KERNEL_WASM_BASE64 } from './dot-kernel-wasm';

/**
 * Embedding size the SIMD kernel is unrolled for: the shipped model's (two nets, 64 values each;
 * tests/unit/search-kernel.test.ts checks it against models/expression-embedder.json). A constant,
 * not read from the manifest, so that Node scripts importing the search need no JSON import.
 */
export const KERNEL_DIMENSION = 128;
const ROW_BYTES = KERNEL_DIMENSION * 4;
const PAGE_BYTES = 65_536;

/**
 * A face matrix living in WebAssembly memory, scored by a wasm SIMD kernel (lib/search/
 * dot-kernel.build.ts). Layout: query (one row) at byte 0, rows from byte ROW_BYTES, then one
 * f32 score per row. Growing the memory keeps rows in place; only the views are rebuilt.
 */
export interface DotKernel {
  /** capacity rows of KERNEL_DIMENSION values, a view that is replaced when the memory grows. */
  rows(): Float32Array;
  capacity(): number;
  /** Makes room for `capacity` rows; existing rows keep their values. */
  reserve(capacity: number): void;
  /** Dot product of `query` with each of the first `count` rows. */
  score(query: Float32Array, count: number): Float32Array;
}

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = Uint8Array.from(atob(DOT_KERNEL_WASM_BASE64), (c) => c.charCodeAt(0));
      // 562 bytes: small enough for a synchronous compile on any thread.
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null; // no wasm SIMD (or wasm blocked): callers fall back to plain JS
    }
  }
  return compiled;
}

export function createDotKernel(initialCapacity: number): DotKernel | undefined {
  const module = kernelModule();
  if (!module) return undefined;
  const instance = new WebAssembly.Instance(module);
  const memory = instance.exports.memory as WebAssembly.Memory;
  const scores = instance.exports.scores as (rows: number, matrix: number, out: number) => void;
  let capacity = 0;
  let rowsView = new Float32Array(0);

  const reserve = (wanted: number) => {
    if (wanted <= capacity) return;
    const next = Math.max(wanted, capacity * 2, 16);
    const bytes = ROW_BYTES + next * ROW_BYTES + next * 4;
    const pages = Math.ceil(bytes / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) memory.grow(pages);
    capacity = next;
    rowsView = new Float32Array(memory.buffer, ROW_BYTES, capacity * KERNEL_DIMENSION);
  };
  reserve(initialCapacity);

  return {
    rows: () => rowsView,
    capacity: () => capacity,
    reserve,
    score(query, count) {
      new Float32Array(memory.buffer, 0, KERNEL_DIMENSION).set(query);
      const out = ROW_BYTES + capacity * ROW_BYTES;
      scores(count, ROW_BYTES, out);
      return new Float32Array(memory.buffer, out, count);
    },
  };
}
