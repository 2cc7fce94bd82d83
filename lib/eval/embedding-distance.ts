/** Embeddings stored row-major in one flat array, so distance loops touch contiguous memory. */
export interface EmbeddingMatrix {
  rows: number;
  dimension: number;
  values: Float32Array;
}

export function toMatrix(vectors: readonly ArrayLike<number>[]): EmbeddingMatrix {
  const dimension = vectors[0]?.length ?? 0;
  const values = new Float32Array(vectors.length * dimension);
  vectors.forEach((vector, row) => {
    if (vector.length !== dimension) throw new Error(`embedding ${row} has ${vector.length} values, expected ${dimension}`);
    for (let i = 0; i < dimension; i++) values[row * dimension + i] = vector[i];
  });
  return { rows: vectors.length, dimension, values };
}

/**
 * Squared Euclidean distance between two rows. Every embedder is compared this way: for unit-norm
 * vectors (pixels, and most learned embeddings) it ranks exactly as cosine distance does.
 */
export function squaredDistance(matrix: EmbeddingMatrix, a: number, b: number): number {
  const { dimension, values } = matrix;
  let sum = 0;
  for (let i = 0, x = a * dimension, y = b * dimension; i < dimension; i++, x++, y++) {
    const diff = values[x] - values[y];
    sum += diff * diff;
  }
  return sum;
}
