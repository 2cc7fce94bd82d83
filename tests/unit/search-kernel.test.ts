import { expect, test } from 'vitest';
import { compileDotKernel } from '@/lib/search/dot-kernel.build';
import { DOT_KERNEL_WASM_BASE64 } from '@/lib/search/dot-kernel-wasm';
import { createDotKernel } from '@/lib/search/dot-kernel';

test('the committed kernel bytes are what its WebAssembly text compiles to', async () => {
  expect(Buffer.from(await compileDotKernel()).toString('base64')).toBe(DOT_KERNEL_WASM_BASE64);
});

test('the kernel scores every row and keeps rows in place when its memory grows', () => {
  const kernel = createDotKernel(2)!;
  const row = (value: number) => new Float32Array(64).fill(value);
  kernel.rows().set(row(1), 0);
  kernel.rows().set(row(2), 64);
  kernel.reserve(5000); // grows the wasm memory: the old views are gone, the rows are not
  kernel.rows().set(row(-1), 4999 * 64);
  const scores = kernel.score(row(0.5), 5000);
  expect([scores[0], scores[1], scores[2], scores[4999]]).toEqual([32, 64, 0, -32]);
});
