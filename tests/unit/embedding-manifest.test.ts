import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import faceAlignment from '../../lib/vision/face-alignment.json';
import manifest from '../../models/expression-embedder.json';

// CI never trains: this pins the committed model file to the manifest that training/publish.py
// wrote beside it, so a model swapped without its manifest (or the reverse) fails here.
const model = readFileSync(new URL('../../models/expression-embedder.tflite', import.meta.url));

test('committed .tflite has the bytes and sha256 its manifest records', () => {
  expect(model.length).toBe(manifest.bytes);
  expect(createHash('sha256').update(model).digest('hex')).toBe(manifest.sha256);
});

test('committed .tflite is a TFLite FlatBuffer within the size budget', () => {
  expect(model.subarray(4, 8).toString('latin1')).toBe('TFL3');
  expect(model.length).toBeLessThanOrEqual(5 * 1024 * 1024);
});

test('manifest input matches the alignment contract the runtime crops with', () => {
  expect(manifest.input.shape).toEqual([1, faceAlignment.size, faceAlignment.size, 1]);
  expect(manifest.input.alignmentVersion).toBe(faceAlignment.version);
  expect(manifest.outputs.probabilities.shape).toEqual([1, manifest.classes.length]);
  expect(manifest.version).toMatch(/^expr-v2-[0-9a-f]{7,}$/);
  // Two nets side by side (training/model.py EmbedderPair): one 64-d block each.
  expect(manifest.outputs.embedding.shape).toEqual([1, 64 * manifest.outputs.embedding.blocks]);
});

test('model card names the committed model', () => {
  const card = readFileSync(new URL('../../models/README.md', import.meta.url), 'utf8');
  expect(card).toContain(manifest.sha256);
  expect(card).toContain(manifest.version);
});
