import picomatch from 'picomatch';

/**
 * Files the build makes for `npm run eval` and `npm run bench` only: their pages, and what only
 * those pages load (MediaPipe's Tasks wasm, run by the blendshape and landmarker baselines and the
 * detector comparison, and face_landmarker.task). The product runs our own BlazeFace runner and
 * expression model on tfjs-tflite and never loads them, so the store package (`npm run zip`)
 * leaves them out: 3.8 MB of model and 13 MB of wasm a user would download for nothing.
 * Globs relative to the built extension's folder, as WXT's `zip.exclude` reads them.
 */
export const DEV_ONLY_FILES = ['eval.html', 'bench.html', 'generated/mediapipe/**', 'generated/models/face-landmarker.task'];

/** Whether a path in the built extension's folder ('generated/models/x.tflite') is one of them. */
export const isDevOnlyFile: (path: string) => boolean = picomatch(DEV_ONLY_FILES);
