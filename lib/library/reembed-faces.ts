import alignFace from '../vision/align-face';
import { facesNotFromModel, getMeme, listFaces, updateFaceEmbeddings, type FaceRecord } from '../memes-db/memes-db';
import type { DecodedMeme, EmbedFace } from './ingest-meme';
import type { ReindexProgress } from './library-channel';
import { reembedTaughtFace, type FaceEmbeddingUpdate } from './teach-face';

export interface ReembedDeps {
  decode(blob: Blob): Promise<DecodedMeme>;
  embedFace: EmbedFace;
  modelVersion: string;
  onProgress(progress: ReindexProgress): void;
  /** Called with each meme's faces once their new embeddings are stored. */
  onFaces(faces: FaceRecord[]): void;
}

/**
 * Re-embeds faces with the current model, one meme per transaction, reusing the stored eye
 * keypoints (the detector has not changed, only the expression model); taught faces from their
 * stored crops or word. `all` re-embeds every face; otherwise only faces from another model
 * version. Stops between memes when aborted.
 */
export async function reembedFaces(deps: ReembedDeps, signal: AbortSignal, all = false): Promise<ReindexProgress> {
  const faces = all ? await listFaces() : await facesNotFromModel(deps.modelVersion);
  const byMeme = new Map<string, FaceRecord[]>();
  for (const face of faces) byMeme.set(face.memeId, [...(byMeme.get(face.memeId) ?? []), face]);
  const progress: ReindexProgress = { running: true, done: 0, total: faces.length, modelVersion: deps.modelVersion };
  if (faces.length > 0) deps.onProgress({ ...progress });

  for (const [memeId, memeFaces] of byMeme) {
    if (signal.aborted) break;
    const meme = await getMeme(memeId);
    if (meme) {
      const updates: FaceEmbeddingUpdate[] = [];
      const detected = memeFaces.flatMap((face) => (face.taught === undefined ? [face] : []));
      // Taught faces have no place on the image: their own crops (or word) are embedded instead.
      for (const face of memeFaces) {
        const update = face.taught === undefined ? undefined : reembedTaughtFace(face, deps.embedFace, deps.modelVersion);
        if (update) updates.push(update);
      }
      if (detected.length > 0) {
        const decoded = await deps.decode(meme.blob);
        for (const face of detected) {
          const [eyeA, eyeB] = face.keypoints;
          if (!eyeA || !eyeB) continue;
          const scaled = (point: { x: number; y: number }) => ({ x: point.x * decoded.scale, y: point.y * decoded.scale });
          const { embedding, probabilities } = deps.embedFace(alignFace(decoded.pixels, scaled(eyeA), scaled(eyeB)));
          updates.push({ id: face.id, embedding, probabilities, modelVersion: deps.modelVersion });
        }
      }
      deps.onFaces(await updateFaceEmbeddings(updates));
    }
    progress.done += memeFaces.length;
    deps.onProgress({ ...progress });
  }
  progress.running = false;
  if (faces.length > 0) deps.onProgress({ ...progress });
  return progress;
}
