/** Side of the grey thumbnail the `pixels` baseline compares. */
export const PIXELS_SIDE = 32;

/**
 * The `pixels` baseline: the aligned face box-averaged down to PIXELS_SIDE², minus its mean,
 * scaled to unit length, so distances ignore overall brightness and contrast. `size` must be a
 * multiple of PIXELS_SIDE.
 */
export function pixelsEmbedding(aligned: Float32Array, size: number): Float32Array {
  const step = size / PIXELS_SIDE;
  if (!Number.isInteger(step) || aligned.length !== size * size) throw new Error(`pixels embedder needs a ${PIXELS_SIDE}k-square face, got ${size}`);
  const out = new Float32Array(PIXELS_SIDE * PIXELS_SIDE);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) out[Math.floor(y / step) * PIXELS_SIDE + Math.floor(x / step)] += aligned[y * size + x];
  }
  const mean = out.reduce((sum, value) => sum + value, 0) / out.length;
  let norm = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] -= mean;
    norm += out[i] * out[i];
  }
  norm = Math.sqrt(norm);
  // A flat grey face has no direction; leave it at zero rather than dividing by zero.
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}
