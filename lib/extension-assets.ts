/** Where the build (scripts/assets/build-assets.ts) puts the bytes the extension runs. */
export function extensionAssetUrls() {
  const url = (path: string) => browser.runtime.getURL(path as '/');
  return {
    mediapipeWasm: url('/generated/mediapipe'),
    faceDetectorModel: url('/generated/models/face-detector.tflite'),
    tfliteWasm: url('/generated/tflite/'),
    expressionModel: url('/generated/models/expression-embedder.tflite'),
  };
}
