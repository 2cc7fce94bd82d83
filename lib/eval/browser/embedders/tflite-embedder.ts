import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadTFLiteModel, setWasmPath, type TFLiteModel } from '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js';
import { ALIGNED_FACE_SIZE } from '../../../vision/align-face';
import type { EvalEmbedder, FaceForEmbedding } from './eval-embedder';

/**
 * Any TFLite model that maps a face to a vector. Its NHWC input shape decides the crop: one channel
 * takes the aligned grey face, three channels take the detector's box (squared) in RGB; both are
 * resized bilinearly to the model's size, with values in [0, 1]. The first output, flattened, is
 * the embedding. With `mirror` (one-channel models only) the face's left-right mirror is embedded
 * too and the L2-normalised sum is the embedding, the product's inference for a single net.
 */
export async function createTfliteEmbedder(wasmPath: string, modelUrl: string, mirror = false): Promise<EvalEmbedder> {
  setWasmPath(wasmPath);
  await tf.setBackend('cpu');
  const model = await loadTFLiteModel(modelUrl);
  const shape = model.inputs[0]?.shape;
  if (!shape || shape.length !== 4 || (shape[3] !== 1 && shape[3] !== 3)) {
    throw new Error(`${modelUrl}: expected one NHWC image input with 1 or 3 channels, got [${shape?.join(', ') ?? ''}]`);
  }
  if (mirror && shape[3] !== 1) throw new Error(`${modelUrl}: the mirror view is for models of the aligned grey face`);
  const size: [number, number] = [shape[1], shape[2]];
  const toInput = shape[3] === 1 ? (face: FaceForEmbedding) => alignedInput(face, size) : (face: FaceForEmbedding) => boxCropInput(face, size);
  return {
    version: null,
    embed(face) {
      const embedding = tf.tidy(() => {
        const input = toInput(face);
        if (!mirror) return firstOutput(model, input).dataSync();
        const sum = tf.add(firstOutput(model, input), firstOutput(model, tf.reverse(input, 2)));
        return tf.div(sum, tf.norm(sum)).dataSync();
      });
      return { embedding: Float32Array.from(embedding) };
    },
    // TFLiteModel in tfjs-tflite 0.0.1-alpha.10 has no dispose(); the page's end frees its heap.
    close() {},
  };
}

function firstOutput(model: TFLiteModel, input: tf.Tensor): tf.Tensor {
  const output = model.predict(input);
  if (output instanceof tf.Tensor) return tf.reshape(output, [-1]);
  const first = Array.isArray(output) ? output[0] : Object.values(output)[0];
  if (!first) throw new Error('the model returned no output');
  return tf.reshape(first, [-1]);
}

function alignedInput({ aligned }: FaceForEmbedding, size: [number, number]): tf.Tensor {
  const face = tf.tensor4d(aligned, [1, ALIGNED_FACE_SIZE, ALIGNED_FACE_SIZE, 1]);
  return tf.image.resizeBilinear(face, size);
}

function boxCropInput({ image, face }: FaceForEmbedding, size: [number, number]): tf.Tensor {
  const side = Math.max(face.width, face.height);
  const left = face.x + face.width / 2 - side / 2;
  const top = face.y + face.height / 2 - side / 2;
  const rgba = tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 4]);
  const rgb = tf.div(tf.slice(rgba, [0, 0, 0, 0], [1, image.height, image.width, 3]), 255) as tf.Tensor4D;
  // cropAndResize takes [y1, x1, y2, x2] normalised to the image; outside pixels read as 0.
  const box = [[top / image.height, left / image.width, (top + side) / image.height, (left + side) / image.width]];
  return tf.image.cropAndResize(rgb, box, [0], size);
}
