import { expect, test } from 'vitest';
import { compileDotKernel } from '@/lib/search/dot-kernel.build';
import { DOT_KERNEL_WASM_BASE64 } from '@/lib/search/dot-kernel-wasm';
import { createDotKernel, KERNEL_DIMENSION } from '@/lib/search/dot-kernel';
import manifest from '@/models/expression-embedder.json';

test('the kernel is built for the shipped model\'s embedding size', () => {
  expect(KERNEL_DIMENSION).toBe(manifest.outputs.embedding.shape[1]);
});

test('the committed kernel bytes are what its WebAssembly text compiles to', async () => {
  expect(Buffer.from(await compileDotKernel(KERNEL_DIMENSION)).toString('base64')).toBe(DOT_KERNEL_WASM_BASE64);
});

test('the kernel scores every row and keeps rows in place when its memory grows', () => {
  const kernel = createDotKernel(2)!;
  const d = KERNEL_DIMENSION;
  const row = (value: number) => new Float32Array(d).fill(value);
  kernel.rows().set(row(1), 0);
  kernel.rows().set(row(2), d);
  kernel.reserve(5000); // grows the wasm memory: the old views are gone, the rows are not
  kernel.rows().set(row(-1), 4999 * d);
  const scores = kernel.score(row(0.5), 5000);
  expect([scores[0], scores[1], scores[2], scores[4999]]).toEqual([d / 2, d, 0, -d / 2]);
});
