import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { patchTfliteGlue } from '@/scripts/assets/patch-tflite-glue';

const glue = readFileSync('node_modules/@tensorflow/tfjs-tflite/wasm/tflite_web_api_cc_simd.js', 'utf8');

test('the shipped tfjs-tflite glue generates no code at run time once patched', () => {
  expect(glue).toMatch(/new Function/);
  const patched = patchTfliteGlue(glue);
  expect(patched).not.toMatch(/new Function|new_\(Function|\beval\(/);
  // Still a script that defines the module factory tfjs-tflite looks for.
  expect(patched).toMatch(/^\s*var tflite_web_api_ModuleFactory/);
  expect(() => new Function(patched)).not.toThrow();
});

test('a glue that is not the one the patch was written for is refused, not half-patched', () => {
  expect(() => patchTfliteGlue(glue.replace('function craftEmvalAllocator(argCount){', 'function craftEmvalAllocator(n){'))).toThrow(
    /cannot find exactly one craftEmvalAllocator/,
  );
});
