// The worker's counterpart of public/single-threaded-wasm.js: tfjs-tflite picks its threaded wasm
// whenever SharedArrayBuffer exists, and that build starts its own workers from blob: URLs, which
// the extension's policy forbids. Imported first, so it runs before tfjs-tflite is evaluated.
delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
