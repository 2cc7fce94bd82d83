import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { EmbedderSpec } from '../page-protocol';

/** An --embedder value that cannot run; the message says what is missing. */
export class EmbedderChoiceError extends Error {}

export interface EmbedderModel {
  role: 'embedder' | 'landmarker';
  kind: 'file' | 'extension';
  path: string;
}

export interface EmbedderChoice {
  name: string;
  /** Files the dataset server must expose under /extra/ (evaluation-only models). */
  extraFiles: Record<string, string>;
  /** The embedder's models: files the CLI serves, or ones inside the built extension. */
  models: EmbedderModel[];
  spec(serverUrl: string): EmbedderSpec;
}

const EXPRESSION_MODEL: EmbedderModel = { role: 'embedder', kind: 'extension', path: 'generated/models/expression-embedder.tflite' };
const LANDMARKER_MODEL: EmbedderModel = { role: 'landmarker', kind: 'extension', path: 'generated/models/face-landmarker.task' };

export const EMBEDDER_NAMES = 'pixels | blendshapes | landmarker | ours | fusion | fusion:WEIGHT | tflite:PATH | tflite+mirror:PATH';

/**
 * Resolves --embedder. `fusion` fuses ours with the built extension's landmarker, with the weight
 * and blendshape statistics of models/expression-fusion.json; `fusion:W` overrides the weight on
 * ours (0: the landmarker's z-scored blendshapes alone, 1: ours alone). `blendshapes` reads
 * MediaPipe's face_landmarker.task from the shared models folder and serves it locally: the
 * earlier baseline, on the image the detector saw rather than the product's crop.
 */
export function chooseEmbedder(name: string, sharedModels: string): EmbedderChoice {
  if (name === 'pixels') return { name, extraFiles: {}, models: [], spec: () => ({ kind: 'pixels' }) };
  if (name === 'blendshapes') {
    const model = join(sharedModels, 'face_landmarker.task');
    if (!existsSync(model)) throw new EmbedderChoiceError(`blendshapes needs ${model} (not found)`);
    return {
      name,
      extraFiles: { 'face_landmarker.task': model },
      models: [{ role: 'landmarker', kind: 'file', path: model }],
      spec: (serverUrl) => ({ kind: 'blendshapes', modelUrl: `${serverUrl}extra/face_landmarker.task` }),
    };
  }
  // tflite+mirror: a candidate scored with the shipped model's inference (face and mirror averaged),
  // so its figures compare with `ours`; tflite: one view, as earlier candidates were scored.
  const tflite = /^tflite(\+mirror)?:/.exec(name);
  if (tflite) {
    const model = resolve(name.slice(tflite[0].length));
    if (!existsSync(model)) throw new EmbedderChoiceError(`${name}: ${model} not found`);
    const mirror = tflite[1] !== undefined;
    return {
      name: `${tflite[0]}${basename(model)}`,
      extraFiles: { 'model.tflite': model },
      models: [{ role: 'embedder', kind: 'file', path: model }],
      spec: (serverUrl) => ({ kind: 'tflite', modelUrl: `${serverUrl}extra/model.tflite`, mirror }),
    };
  }
  if (name === 'ours') {
    // Hashed as the page fetches it from the loaded extension: the bytes users run.
    return { name, extraFiles: {}, models: [EXPRESSION_MODEL], spec: () => ({ kind: 'ours' }) };
  }
  if (name === 'landmarker') {
    // The product's own landmarker on the product's crop: its 52 raw scores, for dumps and as a baseline.
    return { name, extraFiles: {}, models: [LANDMARKER_MODEL], spec: () => ({ kind: 'landmarker' }) };
  }
  if (name === 'fusion' || name.startsWith('fusion:')) {
    const written = name.slice('fusion:'.length);
    const weight = name === 'fusion' ? null : written.trim() === '' ? NaN : Number(written);
    if (weight !== null && !(weight >= 0 && weight <= 1)) throw new EmbedderChoiceError(`${name}: the weight on ours must be within [0, 1]`);
    return { name, extraFiles: {}, models: [EXPRESSION_MODEL, LANDMARKER_MODEL], spec: () => ({ kind: 'fusion', weight }) };
  }
  throw new EmbedderChoiceError(`unknown embedder "${name}" (choose ${EMBEDDER_NAMES})`);
}
