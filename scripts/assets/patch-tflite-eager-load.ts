/**
 * @tensorflow/tfjs-tflite 0.0.1-alpha.10 (dist/tf-tflite.fesm.js) starts loading its wasm glue
 * the moment the module is evaluated, before `setWasmPath` can be called: from the page's own
 * folder, where the extension has no such file. The load fails quietly in the library, but the
 * browser logs a failed resource in the offscreen document each time. The real load, from the
 * path set by `setWasmPath`, is unaffected; the build drops only the eager one.
 */
const EAGER_LOAD = "\\n').load(!0);";
const WITHOUT_LOAD = "\\n');";

export function patchTfliteEagerLoad(source: string): string {
  const at = source.indexOf(EAGER_LOAD);
  if (at < 0 || source.indexOf(EAGER_LOAD, at + 1) >= 0 || !source.slice(at - 20_000, at).includes('EmscriptenModuleLoader.getInstance("","tflite_web_api",')) {
    throw new Error('tfjs-tflite bundle changed: cannot find exactly one eager glue load to remove');
  }
  return source.slice(0, at) + WITHOUT_LOAD + source.slice(at + EAGER_LOAD.length);
}
