// Loaded as a classic script before any module of the page, so it runs before
// @tensorflow/tfjs-tflite is evaluated. tfjs-tflite picks its multi-threaded wasm whenever
// SharedArrayBuffer exists (it does in extension pages) and caches that choice; the threaded build
// starts pthread workers from blob: URLs, which the extension's CSP forbids, and would add 3.6 MB.
// Without SharedArrayBuffer it loads the single-threaded SIMD build the extension ships. Nothing
// else in these pages uses SharedArrayBuffer (MediaPipe's vision wasm is single-threaded).
delete globalThis.SharedArrayBuffer;
