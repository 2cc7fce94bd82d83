import { ALIGNED_FACE_SIZE } from '../../../vision/align-face';
import { pixelsEmbedding } from '../../pixels-embedding';
import type { EvalEmbedder } from './eval-embedder';

/** The floor any learned embedding must beat: the aligned face's own pixels. */
export function createPixelsEmbedder(): EvalEmbedder {
  return {
    version: null,
    embed: ({ aligned }) => ({ embedding: pixelsEmbedding(aligned, ALIGNED_FACE_SIZE) }),
    close() {},
  };
}
