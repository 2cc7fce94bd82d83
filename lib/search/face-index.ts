import { createDotKernel, KERNEL_DIMENSION, type DotKernel } from './dot-kernel';

/**
 * All face embeddings as one contiguous row-major Float32Array, so that a search is one pass
 * over memory. Rows are added and removed in place (removal moves the last row into the hole);
 * the capacity doubles as it fills. No browser APIs: the offscreen document owns one instance.
 */
export interface FaceIndex {
  readonly dimension: number;
  /** Number of rows in use. */
  size: number;
  /** capacity * dimension values; rows [0, size) are live. */
  embeddings: Float32Array;
  /** Per row: which meme (an ordinal into memeIds) the face belongs to. */
  memeOrdinals: Int32Array;
  /** Per row: the face's id. */
  faceIds: string[];
  /** Ordinal → meme id; ordinals are never reused within one index. */
  memeIds: string[];
  memeOrdinalOf: Map<string, number>;
  /** Face id → row, so a re-embedded face replaces its row. */
  rowOfFace: Map<string, number>;
  /** When set, `embeddings` lives in its WebAssembly memory and searches use its SIMD kernel. */
  kernel?: DotKernel;
}

export interface IndexedFace {
  id: string;
  memeId: string;
  embedding: Float32Array;
}

/**
 * An empty index. Embeddings of the shipped model's size (KERNEL_DIMENSION) go into WebAssembly memory for the SIMD
 * kernel, unless `useKernel` is false or wasm is unavailable; other sizes use plain JS.
 */
export function createFaceIndex(dimension: number, initialCapacity = 1024, useKernel = true): FaceIndex {
  const kernel = useKernel && dimension === KERNEL_DIMENSION ? createDotKernel(Math.max(1, initialCapacity)) : undefined;
  return {
    dimension,
    size: 0,
    ...(kernel ? { kernel } : {}),
    embeddings: kernel ? kernel.rows() : new Float32Array(Math.max(1, initialCapacity) * dimension),
    memeOrdinals: new Int32Array(Math.max(1, initialCapacity)),
    faceIds: [],
    memeIds: [],
    memeOrdinalOf: new Map(),
    rowOfFace: new Map(),
  };
}

function ensureCapacity(index: FaceIndex, rows: number): void {
  const capacity = index.memeOrdinals.length;
  if (rows <= capacity) return;
  let next = capacity;
  while (next < rows) next *= 2;
  if (index.kernel) {
    index.kernel.reserve(next); // rows stay where they are in wasm memory
    index.embeddings = index.kernel.rows();
  } else {
    const embeddings = new Float32Array(next * index.dimension);
    embeddings.set(index.embeddings.subarray(0, index.size * index.dimension));
    index.embeddings = embeddings;
  }
  const ordinals = new Int32Array(next);
  ordinals.set(index.memeOrdinals.subarray(0, index.size));
  index.memeOrdinals = ordinals;
}

function removeRow(index: FaceIndex, row: number): void {
  const last = index.size - 1;
  const d = index.dimension;
  index.rowOfFace.delete(index.faceIds[row]);
  if (row !== last) {
    index.embeddings.copyWithin(row * d, last * d, (last + 1) * d);
    index.memeOrdinals[row] = index.memeOrdinals[last];
    index.faceIds[row] = index.faceIds[last];
    index.rowOfFace.set(index.faceIds[row], row);
  }
  index.faceIds.pop();
  index.size = last;
}

/** Adds faces, replacing any row that already holds the same face id (a re-embedded face). */
export function addFaces(index: FaceIndex, faces: readonly IndexedFace[]): void {
  ensureCapacity(index, index.size + faces.length);
  const d = index.dimension;
  for (const face of faces) {
    if (face.embedding.length !== d) throw new Error(`Face ${face.id}: embedding has ${face.embedding.length} values, index takes ${d}`);
    let ordinal = index.memeOrdinalOf.get(face.memeId);
    if (ordinal === undefined) {
      ordinal = index.memeIds.push(face.memeId) - 1;
      index.memeOrdinalOf.set(face.memeId, ordinal);
    }
    const row = index.rowOfFace.get(face.id) ?? index.size++;
    index.embeddings.set(face.embedding, row * d);
    index.memeOrdinals[row] = ordinal;
    index.faceIds[row] = face.id;
    index.rowOfFace.set(face.id, row);
  }
}

/** Removes every face of the given memes; returns how many rows went. */
export function removeMemes(index: FaceIndex, memeIds: Iterable<string>): number {
  const ordinals = new Set<number>();
  for (const memeId of memeIds) {
    const ordinal = index.memeOrdinalOf.get(memeId);
    if (ordinal !== undefined) ordinals.add(ordinal);
    index.memeOrdinalOf.delete(memeId);
  }
  if (ordinals.size === 0) return 0;
  let removed = 0;
  for (let row = index.size - 1; row >= 0; row--) {
    if (ordinals.has(index.memeOrdinals[row])) {
      removeRow(index, row);
      removed++;
    }
  }
  return removed;
}

/** Bytes the index holds for its live rows (embeddings + ordinals), not counting id strings. */
export function faceIndexBytes(index: FaceIndex): number {
  return index.embeddings.byteLength + index.memeOrdinals.byteLength;
}
