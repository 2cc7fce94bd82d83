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
  | { kind: 'blendshapes'; modelUrl: string }
  | { kind: 'tflite'; modelUrl: string };

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

export type ImageOutcome =
  | { ok: false; error: string }
  | {
      ok: true;
      width: number;
      height: number;
      /** Faces in the source image's pixel coordinates (for padded crops, mapped back). */
      faces: FaceBox[];
      largest: number | null;
      method: FaceMethod;
      /** Present when an embedder ran and produced a vector for the largest face. */
      embedding: number[] | null;
      /** Why no embedding came out although a face was found (e.g. the landmarker saw no face). */
      embedError: string | null;
      timings: StageTimings;
    };

/** What /eval.html installs on `window` for the CLI to call. */
export interface EvalPageApi {
  setup(setup: EvalPageSetup): Promise<EvalPageInfo>;
  run(batch: EvalBatch): Promise<ImageOutcome[]>;
}

declare global {
  interface Window {
    memeMirrorEval?: EvalPageApi;
  }
}
