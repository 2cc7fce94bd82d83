import alignFace, { type RgbaImage } from '../vision/align-face';
import type { FaceBox } from '../vision/face-box';
import type { ExpressionEmbedder, ExpressionEmbedding, FaceViews } from '../embedding/expression-embedder';

/**
 * The expression of one detected face: aligned on its eyes (BlazeFace keypoints 0 and 1, the
 * same crop training used) and embedded. Shared by live matching, ingest and evaluation.
 */
export function describeFace(image: RgbaImage, face: FaceBox, embedder: ExpressionEmbedder, views: FaceViews = 'both'): ExpressionEmbedding {
  const [eyeA, eyeB] = face.keypoints;
  if (!eyeA || !eyeB) throw new Error('Face has no eye keypoints');
  return embedder.embed(alignFace(image, eyeA, eyeB), views);
}
