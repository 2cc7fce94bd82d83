import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { patchMediapipeGlue } from '@/scripts/assets/patch-mediapipe-glue';
import { patchMediapipeTelemetry, TELEMETRY_MARKERS } from '@/scripts/assets/patch-mediapipe-telemetry';
import { patchTfliteEagerLoad } from '@/scripts/assets/patch-tflite-eager-load';

const bundle = readFileSync('node_modules/@mediapipe/tasks-vision/vision_bundle.mjs', 'utf8');

test('the shipped tasks-vision bundle has its usage logger removed, and still loads', async () => {
  for (const marker of TELEMETRY_MARKERS) expect(bundle).toContain(marker);
  expect(bundle).toMatch(/setInterval\(\(\)=>\{this\.flush\(\)\},6e4\)/);

  const patched = patchMediapipeTelemetry(bundle);
  for (const marker of TELEMETRY_MARKERS) expect(patched).not.toContain(marker);
  expect(patched).not.toMatch(/6e4\)/);
  // Nothing else moved: the patch removes about a kilobyte and leaves the tasks in place.
  expect(bundle.length - patched.length).toBeGreaterThan(500);
  expect(bundle.length - patched.length).toBeLessThan(1500);

  const file = join(mkdtempSync(join(tmpdir(), 'tasks-vision-')), 'vision_bundle.mjs');
  writeFileSync(file, patched);
  const tasks = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  expect(typeof tasks.FaceDetector).toBe('function');
  expect(typeof tasks.FaceLandmarker).toBe('function');
  expect(typeof tasks.FilesetResolver).toBe('function');
});

test('any other bundle is refused, not half-patched', () => {
  expect(() => patchMediapipeTelemetry(bundle.replace('6e4', '3e4'))).toThrow(/not the file the telemetry patch was written for/);
});

test("MediaPipe's glue logs its native INFO and WARNING lines at their own level, real errors still as errors", () => {
  const glue = readFileSync('node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_internal.js', 'utf8');
  const patched = patchMediapipeGlue(glue);
  const sink = patched.match(/^var err = (.*);$/m)?.[1];
  expect(sink).toBeDefined();
  const calls: string[] = [];
  const console = {
    info: (line: string) => calls.push(`info ${line}`),
    warn: (line: string) => calls.push(`warn ${line}`),
    error: (line: string) => calls.push(`error ${line}`),
  };
  const err = new Function('console', `return ${sink!};`)(console) as (line: string) => void;
  err('INFO: Created TensorFlow Lite XNNPACK delegate for CPU.');
  err('W0000 00:00:1765000000.000000    1 face_landmarker_graph.cc:174] Sets FaceBlendshapesGraph acceleration to xnnpack by default.');
  err('Aborted(Assertion failed)');
  expect(calls).toEqual([
    'info INFO: Created TensorFlow Lite XNNPACK delegate for CPU.',
    expect.stringMatching(/^warn W0000 /),
    'error Aborted(Assertion failed)',
  ]);
  expect(() => patchMediapipeGlue(patched)).toThrow(/cannot find exactly one stderr sink/);
});

test("tfjs-tflite no longer loads its glue from the page's folder at import, and still loads it on demand", () => {
  const bundle = readFileSync('node_modules/@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js', 'utf8');
  const patched = patchTfliteEagerLoad(bundle);
  expect(bundle.length - patched.length).toBe('.load(!0)'.length);
  expect(patched).not.toContain("\\n').load(!0);");
  // setWasmPath + loadTFLiteModel still go through the loader's load().
  expect(patched).toContain('.load()');
  expect(() => patchTfliteEagerLoad(patched)).toThrow(/cannot find exactly one eager glue load/);
});
