/**
 * MediaPipe's vision wasm glue (tasks-vision 1.1.0, vision_wasm_internal.js) sends every line its
 * native code writes to stderr to `console.error`, informational ones included: each model load
 * logs "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." as an error. The extension's
 * pages must log no error in normal use (tests/e2e/console-clean.test.ts), so the build routes
 * each line by the level it states (TFLite's "INFO:"/"WARNING:" and glog's "I…"/"W…" prefixes);
 * everything else, real errors included, still goes to `console.error`.
 */
const STDERR_SINK = 'var err = console.error.bind(console);';
const LEVELLED_SINK =
  'var err = (...args) => (/^(INFO:|I\\d{4} )/.test(String(args[0])) ? console.info : /^(WARNING:|W\\d{4} )/.test(String(args[0])) ? console.warn : console.error)(...args);';

export function patchMediapipeGlue(source: string): string {
  const at = source.indexOf(STDERR_SINK);
  if (at < 0 || source.indexOf(STDERR_SINK, at + 1) >= 0) {
    throw new Error('MediaPipe vision glue changed: cannot find exactly one stderr sink to patch');
  }
  return source.slice(0, at) + LEVELLED_SINK + source.slice(at + STDERR_SINK.length);
}
