import type { ExpressionEmbedder } from '../embedding/expression-embedder';
import alignFace, { type RgbaImage } from '../vision/align-face';
import type { FaceBox } from '../vision/face-box';
import type { FaceFinder } from '../vision/face-detector';
import { decodeMemeImage } from './decode-meme-image';
import type { MemeMime } from './image-format';
import type { AnalyseImage, AnalysedFace, DecodedMeme, EmbedFace } from './ingest-meme';

export interface ThreadAnalysisDeps {
  decode(blob: Blob, mime: MemeMime): Promise<DecodedMeme>;
  /** Every face, small ones included: a library image is searched for once, not 30 times a second. */
  findFaces(image: RgbaImage): FaceBox[] | Promise<FaceBox[]>;
  embedFace: EmbedFace;
}

/**
 * Decodes, detects, aligns and embeds on the calling thread: the ingest worker's body. Faces are
 * found in the decoded copy (at most 640 px long) and come back in the image's displayed pixels.
 */
export function analyseOnThread(deps: ThreadAnalysisDeps): AnalyseImage {
  return async (blob, mime) => {
    let decoded: DecodedMeme;
    try {
      decoded = await deps.decode(blob, mime);
    } catch (error) {
      return { ok: false, reason: 'decode-failed', detail: error instanceof Error ? error.message : String(error) };
    }
    const faces: AnalysedFace[] = [];
    const back = 1 / decoded.scale;
    for (const found of await deps.findFaces(decoded.pixels)) {
      const [eyeA, eyeB] = found.keypoints;
      if (!eyeA || !eyeB) continue;
      const { embedding, probabilities } = deps.embedFace(alignFace(decoded.pixels, eyeA, eyeB));
      faces.push({
        box: { x: found.x * back, y: found.y * back, width: found.width * back, height: found.height * back, score: found.score },
        keypoints: found.keypoints.map((point) => ({ x: point.x * back, y: point.y * back })),
        embedding,
        probabilities,
      });
    }
    return { ok: true, width: decoded.width, height: decoded.height, faces, ...(decoded.thumbnail !== undefined ? { thumbnail: decoded.thumbnail } : {}) };
  };
}

/** analyseOnThread with the shipped models: every face, small ones included, both views embedded, and a thumbnail. */
export function analyseWithModels({ finder, embedder }: { finder: FaceFinder; embedder: ExpressionEmbedder }): AnalyseImage {
  return analyseOnThread({ decode: (blob, mime) => decodeMemeImage(blob, { thumbnailOf: mime }), findFaces: (image) => finder.detectAllSizes(image), embedFace: (face) => embedder.embed(face) });
}
