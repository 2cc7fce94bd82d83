// The package's ESM entry (dist/index.js) imports a file it does not ship (./tflite_web_api_client),
// so bundlers fail on it; its flat ESM bundle is self-contained and exports the same API.
declare module '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js' {
  export * from '@tensorflow/tfjs-tflite';
}
