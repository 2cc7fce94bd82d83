import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { EmbedderSpec } from '../page-protocol';

/** An --embedder value that cannot run; the message says what is missing. */
export class EmbedderChoiceError extends Error {}

export interface EmbedderChoice {
  name: string;
  /** Files the dataset server must expose under /extra/ (evaluation-only models). */
  extraFiles: Record<string, string>;
  /** The embedder's model: a file the CLI serves, or one inside the built extension. */
  model: { kind: 'file'; path: string } | { kind: 'extension'; path: string } | null;
  spec(serverUrl: string): EmbedderSpec;
}

const EXPRESSION_MODEL = 'generated/models/expression-embedder.tflite';

export const EMBEDDER_NAMES = 'pixels | blendshapes | ours | tflite:PATH';

/**
 * Resolves --embedder. `blendshapes` reads MediaPipe's face_landmarker.task from the shared models
 * folder and serves it locally; it is a baseline only and never ships in the extension.
 */
export function chooseEmbedder(name: string, sharedModels: string): EmbedderChoice {
  if (name === 'pixels') return { name, extraFiles: {}, model: null, spec: () => ({ kind: 'pixels' }) };
  if (name === 'blendshapes') {
    const model = join(sharedModels, 'face_landmarker.task');
    if (!existsSync(model)) throw new EmbedderChoiceError(`blendshapes needs ${model} (not found)`);
    return {
      name,
      extraFiles: { 'face_landmarker.task': model },
      model: { kind: 'file', path: model },
      spec: (serverUrl) => ({ kind: 'blendshapes', modelUrl: `${serverUrl}extra/face_landmarker.task` }),
    };
  }
  if (name.startsWith('tflite:')) {
    const model = resolve(name.slice('tflite:'.length));
    if (!existsSync(model)) throw new EmbedderChoiceError(`${name}: ${model} not found`);
    return {
      name: `tflite:${basename(model)}`,
      extraFiles: { 'model.tflite': model },
      model: { kind: 'file', path: model },
      spec: (serverUrl) => ({ kind: 'tflite', modelUrl: `${serverUrl}extra/model.tflite` }),
    };
  }
  if (name === 'ours') {
    // Hashed as the page fetches it from the loaded extension: the bytes users run.
    return { name, extraFiles: {}, model: { kind: 'extension', path: EXPRESSION_MODEL }, spec: () => ({ kind: 'ours' }) };
  }
  throw new EmbedderChoiceError(`unknown embedder "${name}" (choose ${EMBEDDER_NAMES})`);
}
