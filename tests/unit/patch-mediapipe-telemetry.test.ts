import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { patchMediapipeTelemetry, TELEMETRY_MARKERS } from '@/scripts/assets/patch-mediapipe-telemetry';

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
