import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { REPO_ROOT, launchExtension, type LaunchedExtension } from './fixtures';
import type { EmbeddedFaces } from '../../lib/bench/embed-aligned-faces';

// The same 20 faces and torch outputs as embedding-parity.test.ts, but through the built
// extension: its copy of the model and its patched tfjs-tflite glue (scripts/assets).
const fixtures = join(REPO_ROOT, 'tests/fixtures/parity');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as {
  count: number;
  size: number;
  /** 1e-4 for float activations; what int8 activations allow (training/publish.py). */
  tolerance: number;
  embedding: number[][];
  probabilities: number[][];
};

let extension: LaunchedExtension;
beforeAll(async () => {
  extension = await launchExtension();
});
afterAll(async () => extension?.close());

test(`the extension runtime computes what torch computed, within ${expected.tolerance}`, async () => {
  const page = await extension.context.newPage();
  await page.goto(extension.url('bench.html'));
  await page.waitForFunction(() => 'memeMirrorBench' in window);
  const outputs = await page.evaluate(
    ({ base64, count, size }) =>
      (window as unknown as { memeMirrorBench: { embedAlignedFaces(b: string, c: number, s: number): Promise<EmbeddedFaces> } }).memeMirrorBench.embedAlignedFaces(
        base64,
        count,
        size,
      ),
    { base64: readFileSync(join(fixtures, 'faces.u8')).toString('base64'), count: expected.count, size: expected.size },
  );
  const maxDiff = (actual: number[][], wanted: number[][]) =>
    Math.max(...wanted.flatMap((row, i) => row.map((value, j) => Math.abs(value - actual[i][j]))));
  expect(outputs.embedding).toHaveLength(expected.count);
  expect(maxDiff(outputs.embedding, expected.embedding)).toBeLessThanOrEqual(expected.tolerance);
  expect(maxDiff(outputs.probabilities, expected.probabilities)).toBeLessThanOrEqual(expected.tolerance);
});
