import type { FaceBox } from '../vision/face-box';

/**
 * The contract between the eval CLI (Node, Playwright) and the extension's /eval.html page.
 * Everything crossing it is plain JSON-able data: Playwright serialises evaluate() arguments.
 */

/** Which embedding the page computes after detection and alignment. */
export type EmbedderSpec =
  | { kind: 'none' }
  | { kind: 'pixels' }
  | { kind: 'ours' }
  | { kind: 'landmarker' }
  /** weight null: the shipped weight from models/expression-fusion.json. */
  | { kind: 'fusion'; weight: number | null }
  | { kind: 'blendshapes'; modelUrl: string }
  /** mirror: also embed the left-right mirror of the aligned face and average, as the product does. */
  | { kind: 'tflite'; modelUrl: string; mirror: boolean };

export interface EvalPageSetup {
  embedder: EmbedderSpec;
}

export interface EvalPageInfo {
  /** Filled in by the embedder; e.g. the product model's version string. */
  embedderVersion: string | null;
  loadMs: number;
}

/** A batch of images to run through the pipeline: encoded files, or consecutive raw grey records. */
export type EvalBatch =
  | { kind: 'files'; urls: string[] }
  | { kind: 'raw-grey'; url: string; first: number; count: number; width: number; height: number };

/**
 * How the face was found. Images no larger than a face crop are padded with mid-grey before
 * detection (BlazeFace misses faces that fill the frame); a crop in which even that finds no face
 * is taken whole, with canonical keypoints.
 */
export type FaceMethod = 'detected' | 'padded-detected' | 'fallback' | 'none';

export interface StageTimings {
  decodeMs: number;
  detectMs: number;
  alignMs: number;
  embedMs: number;
}

interface FoundFields {
  ok: true;
  width: number;
  height: number;
  /** Faces in the source image's pixel coordinates (for padded crops, mapped back). */
  faces: FaceBox[];
  largest: number | null;
  method: FaceMethod;
  /** Why no embedding came out although a face was found (e.g. the landmarker saw no face). */
  embedError: string | null;
  timings: StageTimings;
}

type Failed = { ok: false; error: string };

/**
 * One image as the page returns it. The embedding travels as the base64 of its float32 bytes:
 * Playwright serialises a number[] value by value, which for FER+'s 32k faces costs more than
 * the inference.
 */
export type WireOutcome = Failed | (FoundFields & { embeddingBase64: string | null });

/** One image as the CLI scores it; the embedding is present when an embedder produced one. */
export type ImageOutcome = Failed | (FoundFields & { embedding: Float32Array | null });

/** Float32 values → base64 of their little-endian bytes (browser and Node both have btoa/atob). */
export function encodeEmbedding(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodeEmbedding(base64: string): Float32Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

export function fromWire(outcome: WireOutcome): ImageOutcome {
  if (!outcome.ok) return outcome;
  const { embeddingBase64, ...rest } = outcome;
  return { ...rest, embedding: embeddingBase64 === null ? null : decodeEmbedding(embeddingBase64) };
}

/** What /eval.html installs on `window` for the CLI to call. */
export interface EvalPageApi {
  setup(setup: EvalPageSetup): Promise<EvalPageInfo>;
  /** sha256 (hex) of a file as this page fetches it: the report names the bytes that actually ran. */
  sha256(url: string): Promise<string>;
  run(batch: EvalBatch): Promise<WireOutcome[]>;
}

declare global {
  interface Window {
    memeMirrorEval?: EvalPageApi;
  }
}
