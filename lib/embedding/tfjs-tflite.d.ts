// The package's ESM entry (dist/index.js) imports a file it does not ship, so bundlers take the
// flat ESM build instead; its API is the one the package's own typings describe.
declare module '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js' {
  export * from '@tensorflow/tfjs-tflite';
}
