import alignFace, { type RgbaImage } from '../vision/align-face';
import type { FaceBox } from '../vision/face-box';
import type { ExpressionEmbedder, ExpressionEmbedding, FaceViews } from '../embedding/expression-embedder';

/**
 * The crop the expression model sees for one detected face: aligned on its eyes (BlazeFace
 * keypoints 0 and 1, the same crop training used).
 */
export function alignedFaceOf(image: RgbaImage, face: FaceBox): Float32Array {
  const [eyeA, eyeB] = face.keypoints;
  if (!eyeA || !eyeB) throw new Error('Face has no eye keypoints');
  return alignFace(image, eyeA, eyeB);
}

/** The expression of one detected face. Shared by live matching, ingest, teaching and evaluation. */
export function describeFace(image: RgbaImage, face: FaceBox, embedder: ExpressionEmbedder, views: FaceViews = 'both'): ExpressionEmbedding {
  return embedder.embed(alignedFaceOf(image, face), views);
}
