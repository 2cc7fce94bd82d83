import type { ExpressionEmbedding } from '../embedding/expression-embedder';
import type { MessageKey } from '../i18n';
import { wordEmbedding, wordProbabilities, type ExpressionPrototypes } from '../match/expression-prototypes';
import { faceIdOf, putTaughtFace, type FaceRecord, type MemeId, type PortableTaughtFace, type TaughtFaceRecord } from '../memes-db/memes-db';
import type { EmbedFace } from './ingest-meme';
import { announceLibraryEvent } from './library-channel';

/**
 * Frames a camera-taught face is averaged over: one frame catches a blink or a half-made face;
 * at the camera's pace this is the last half second or so.
 */
export const TEACH_SAMPLES = 5;

/** One camera frame's face: the crop the embedder saw, and what it made of it. */
export interface CameraSample extends ExpressionEmbedding {
  alignedFace: Float32Array;
}

/** The L2-normalised mean of unit vectors: the direction they share. */
export function meanDirection(vectors: readonly Float32Array[]): Float32Array {
  if (vectors.length === 0) throw new Error('No vectors to average');
  const mean = new Float32Array(vectors[0].length);
  for (const vector of vectors) for (let i = 0; i < mean.length; i++) mean[i] += vector[i];
  let norm = 0;
  for (const value of mean) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  return mean.map((value) => value / norm);
}

function meanOf(vectors: readonly Float32Array[]): Float32Array {
  const mean = new Float32Array(vectors[0].length);
  for (const vector of vectors) for (let i = 0; i < mean.length; i++) mean[i] += vector[i] / vectors.length;
  return mean;
}

/** A meme's face made at the camera: the expression averaged over the frames given. */
export function taughtFaceFromCamera(memeId: MemeId, samples: readonly CameraSample[], modelVersion: string): TaughtFaceRecord {
  if (samples.length === 0) throw new Error('No face was seen at the camera');
  return {
    id: faceIdOf(memeId, 0),
    memeId,
    taught: 'camera',
    alignedFaces: samples.map((sample) => sample.alignedFace),
    embedding: meanDirection(samples.map((sample) => sample.embedding)),
    probabilities: meanOf(samples.map((sample) => sample.probabilities)),
    modelVersion,
  };
}

/** A meme's face named by a word, or undefined when no vector was measured for it under this model. */
export function taughtFaceFromWord(memeId: MemeId, word: string, modelVersion: string, table?: ExpressionPrototypes): TaughtFaceRecord | undefined {
  const embedding = wordEmbedding(word, modelVersion, table);
  if (!embedding) return undefined;
  return { id: faceIdOf(memeId, 0), memeId, taught: 'word', word, embedding, probabilities: wordProbabilities(word), modelVersion };
}

/** What an export keeps of a taught face (see PortableTaughtFace: the word, or the vector, never crops). */
export function portableTaughtFace(face: TaughtFaceRecord): PortableTaughtFace {
  if (face.taught === 'word') return { taught: 'word', word: face.word };
  return { taught: 'camera', embedding: [...face.embedding], probabilities: [...face.probabilities], modelVersion: face.modelVersion };
}

/**
 * A taught face brought back from an export, for the model running now. A word is looked up
 * again; a camera face keeps its vector only under the model that made it (without the crops it
 * cannot be embedded again), so from an older model it comes back undefined: taught again.
 */
export function taughtFaceFromPortable(memeId: MemeId, face: PortableTaughtFace, modelVersion: string, table?: ExpressionPrototypes): TaughtFaceRecord | undefined {
  if (face.taught === 'word') return taughtFaceFromWord(memeId, face.word, modelVersion, table);
  if (face.modelVersion !== modelVersion) return undefined;
  return {
    id: faceIdOf(memeId, 0),
    memeId,
    taught: 'camera',
    alignedFaces: [],
    embedding: Float32Array.from(face.embedding),
    probabilities: Float32Array.from(face.probabilities),
    modelVersion,
  };
}

export type FaceEmbeddingUpdate = Pick<FaceRecord, 'id' | 'embedding' | 'probabilities' | 'modelVersion'>;

/**
 * A taught face under another model: the stored crops embedded again, or the word's vector for
 * that model. Undefined when the word has no vector measured for it (the face stays out of search
 * until scripts/expression-prototypes.ts is rerun for the new model).
 */
export function reembedTaughtFace(face: TaughtFaceRecord, embedFace: EmbedFace, modelVersion: string, table?: ExpressionPrototypes): FaceEmbeddingUpdate | undefined {
  if (face.taught === 'word') {
    const taught = taughtFaceFromWord(face.memeId, face.word, modelVersion, table);
    return taught && { id: face.id, embedding: taught.embedding, probabilities: taught.probabilities, modelVersion };
  }
  const samples = face.alignedFaces.map((alignedFace) => ({ alignedFace, ...embedFace(alignedFace) }));
  if (samples.length === 0) return undefined;
  const taught = taughtFaceFromCamera(face.memeId, samples, modelVersion);
  return { id: face.id, embedding: taught.embedding, probabilities: taught.probabilities, modelVersion };
}

export type TeachOutcome = { ok: true } | { ok: false; reason: 'meme-gone' | 'has-faces' };

/** What the user is told when a face could not be taught. */
export function teachFailureMessage(reason: Extract<TeachOutcome, { ok: false }>['reason']): MessageKey {
  return reason === 'meme-gone' ? 'teachMemeGone' : 'teachHasFaces';
}

/**
 * Stores a taught face in place of the meme's earlier one, then tells the search index (offscreen)
 * to read the meme's faces again.
 */
export async function teachMeme(face: TaughtFaceRecord): Promise<TeachOutcome> {
  const stored = await putTaughtFace(face);
  if (stored.ok) announceLibraryEvent({ type: 'memes-changed', added: [face.memeId], removed: [face.memeId] });
  return stored;
}
