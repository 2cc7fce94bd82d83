import type { FaceBox } from '../../../vision/face-box';
import type { RgbaPixels } from '../../face-crop-padding';

/** One face as the pipeline hands it to an embedder, in every form an embedder may need. */
export interface FaceForEmbedding {
  /** The decoded source image. */
  image: RgbaPixels;
  /** The image the detector saw: the source, or the mid-grey padded crop. */
  detectionImage: RgbaPixels;
  /** The largest face, in source coordinates. */
  face: FaceBox;
  /** lib/vision/align-face output: ALIGNED_FACE_SIZE² grey values in [0, 1]. */
  aligned: Float32Array;
}

export type EmbedResult = { embedding: Float32Array } | { error: string };

export interface EvalEmbedder {
  version: string | null;
  embed(face: FaceForEmbedding): EmbedResult;
  close(): void;
}
