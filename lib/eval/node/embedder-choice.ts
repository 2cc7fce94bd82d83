import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { EmbedderSpec } from '../page-protocol';

/** An --embedder value that cannot run; the message says what is missing. */
export class EmbedderChoiceError extends Error {}

export interface EmbedderChoice {
  name: string;
  /** Files the dataset server must expose under /extra/ (evaluation-only models). */
  extraFiles: Record<string, string>;
  /** Model files whose sha256 goes into the report (besides the face detector). */
  modelFiles: string[];
  spec(serverUrl: string): EmbedderSpec;
}

export const EMBEDDER_NAMES = 'pixels | blendshapes | ours | tflite:PATH';

/**
 * Resolves --embedder. `blendshapes` reads MediaPipe's face_landmarker.task from the shared models
 * folder and serves it locally; it is a baseline only and never ships in the extension.
 */
export function chooseEmbedder(name: string, where: { sharedModels: string; extensionDir: string }): EmbedderChoice {
  if (name === 'pixels') return { name, extraFiles: {}, modelFiles: [], spec: () => ({ kind: 'pixels' }) };
  if (name === 'blendshapes') {
    const model = join(where.sharedModels, 'face_landmarker.task');
    if (!existsSync(model)) throw new EmbedderChoiceError(`blendshapes needs ${model} (not found)`);
    return {
      name,
      extraFiles: { 'face_landmarker.task': model },
      modelFiles: [model],
      spec: (serverUrl) => ({ kind: 'blendshapes', modelUrl: `${serverUrl}extra/face_landmarker.task` }),
    };
  }
  if (name.startsWith('tflite:')) {
    const model = resolve(name.slice('tflite:'.length));
    if (!existsSync(model)) throw new EmbedderChoiceError(`${name}: ${model} not found`);
    return {
      name: `tflite:${basename(model)}`,
      extraFiles: { 'model.tflite': model },
      modelFiles: [model],
      spec: (serverUrl) => ({ kind: 'tflite', modelUrl: `${serverUrl}extra/model.tflite` }),
    };
  }
  if (name === 'ours') {
    // The bytes the built extension ships, not models/: the report's sha256 is what users run.
    const model = join(where.extensionDir, 'generated/models/expression-embedder.tflite');
    if (!existsSync(model)) throw new EmbedderChoiceError(`ours: ${model} not found (build the extension with models/expression-embedder.tflite present)`);
    return { name, extraFiles: {}, modelFiles: [model], spec: () => ({ kind: 'ours' }) };
  }
  throw new EmbedderChoiceError(`unknown embedder "${name}" (choose ${EMBEDDER_NAMES})`);
}
