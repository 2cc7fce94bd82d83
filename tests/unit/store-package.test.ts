import { statSync } from 'node:fs';
import { expect, test } from 'vitest';
import { isDevOnlyFile as devOnly } from '@/scripts/assets/dev-only-files';

test('the store package leaves out the eval and bench pages and only what they load', () => {
  expect(devOnly('eval.html') && devOnly('bench.html')).toBe(true);
  expect(devOnly('generated/mediapipe/vision_wasm_internal.wasm')).toBe(true);
  expect(devOnly('generated/models/face-landmarker.task')).toBe(true);
  for (const kept of ['popup.html', 'offscreen.html', 'options.html', 'generated/tflite/tflite_web_api_cc_simd.wasm']) {
    expect(devOnly(kept)).toBe(false);
  }
});

test('every model the product loads is in the store package, within 6 MB together', () => {
  const productModels = ['face-detector.tflite', 'face-detector-full-range.tflite', 'expression-embedder.tflite'];
  for (const file of productModels) expect(devOnly(`generated/models/${file}`)).toBe(false);
  // The build copies these bytes (scripts/assets/build-assets.ts; the detectors gain only their
  // TFLite metadata, under 2 kB each).
  const sizes = [
    statSync(new URL('../../models/expression-embedder.tflite', import.meta.url)).size,
    statSync(new URL('../../node_modules/@mediapipe/face_detection/face_detection_short_range.tflite', import.meta.url)).size,
    statSync(new URL('../../node_modules/@mediapipe/face_detection/face_detection_full_range.tflite', import.meta.url)).size,
  ];
  expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(6_000_000 - 10_000);
});
