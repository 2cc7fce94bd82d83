import { loadTFLiteModel, setWasmPath, type TFLiteModel } from '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js';

/** The parts of tfjs-tflite's interpreter wrapper used here (its types are not exported). */
interface InterpreterTensor {
  name: string;
  dataType: string;
  shape: string;
  data(): ArrayLike<number> & { set(values: ArrayLike<number>): void; slice(): Float32Array };
}
interface Interpreter {
  getInputs(): InterpreterTensor[];
  getOutputs(): InterpreterTensor[];
  infer(): boolean;
  cleanUp(): void;
}

export interface TfliteRunner {
  /** Values per input, in the model's NHWC order. */
  readonly inputSize: number;
  /** Writes `input` into the model's one input, runs it, and returns a copy of every output by name. */
  run(input: Float32Array): Record<string, Float32Array>;
  close(): void;
}

/**
 * A TFLite model on tfjs-tflite's wasm interpreter (XNNPACK, one thread), fed and read through
 * the interpreter's own buffers. tfjs-tflite's `predict` goes through tfjs tensors and copies each
 * input element by element (`Float32Array.from`), ~2.4 ms for BlazeFace's 192x192 input in a CPU
 * profile of an import; here the input is one `set` into wasm memory and no tensor is made.
 */
export async function loadTfliteRunner(model: ArrayBuffer, wasmPath: string): Promise<TfliteRunner> {
  setWasmPath(wasmPath);
  const loaded: TFLiteModel = await loadTFLiteModel(model, { numThreads: 1 });
  const interpreter = (loaded as unknown as { modelRunner: Interpreter }).modelRunner;
  const inputs = interpreter.getInputs();
  if (inputs.length !== 1 || inputs[0].dataType !== 'float32') throw new Error('Expected a model with one float32 input');
  const inputSize = inputs[0].shape.split(',').reduce((product, dim) => product * Number(dim), 1);
  const outputs = interpreter.getOutputs();
  if (outputs.some((output) => output.dataType !== 'float32')) throw new Error('Expected float32 outputs');
  return {
    inputSize,
    run(input) {
      if (input.length !== inputSize) throw new Error(`Expected ${inputSize} input values, got ${input.length}`);
      // data() is a view of wasm memory, which may have grown since: asked for on every run.
      interpreter.getInputs()[0].data().set(input);
      if (!interpreter.infer()) throw new Error('The model failed to run');
      return Object.fromEntries(interpreter.getOutputs().map((output) => [output.name, output.data().slice()]));
    },
    close() {
      interpreter.cleanUp();
    },
  };
}
