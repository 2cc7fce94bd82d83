/** Where the build (scripts/assets/build-assets.ts) puts the bytes the extension runs. */
export function extensionAssetUrls() {
  const url = (path: string) => browser.runtime.getURL(path as '/');
  return {
    mediapipeWasm: url('/generated/mediapipe'),
    faceDetectorModel: url('/generated/models/face-detector.tflite'),
    faceDetectorFullRangeModel: url('/generated/models/face-detector-full-range.tflite'),
    faceLandmarkerModel: url('/generated/models/face-landmarker.task'),
    // Root-relative on purpose: tfjs-tflite prefixes anything not starting with "http" or "/"
    // with the page's own folder, which would double a chrome-extension:// URL.
    tfliteWasm: '/generated/tflite/',
    expressionModel: url('/generated/models/expression-embedder.tflite'),
  };
}
