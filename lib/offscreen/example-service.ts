import { onValidMessage } from '../messaging/protocol';
import { decodeMemeImage } from '../library/decode-meme-image';
import type { FetchImage } from '../library/download-frame';
import { describeFace } from '../match/describe-face';
import type { ExampleMatch } from '../match/example-match';
import { largestFace } from '../vision/face-box';
import type { MemeSearch } from './frame-service';
import { visionEngine } from './vision-engine';

const CANDIDATES = 8;

/** "Find memes like this face": the example image's largest face, matched against the library. */
export async function findMemesLikeImage(url: string, search: MemeSearch, fetchImage: FetchImage): Promise<ExampleMatch> {
  const fetched = await fetchImage(url);
  if (!fetched.ok) return { ok: false, reason: 'fetch-failed', detail: fetched.reason === 'http-error' ? `HTTP ${fetched.status}` : fetched.reason };
  let decoded;
  try {
    decoded = await decodeMemeImage(fetched.blob);
  } catch (error) {
    return { ok: false, reason: 'decode-failed', detail: error instanceof Error ? error.message : String(error) };
  }
  const { finder, embedder } = await visionEngine();
  const faces = finder.detect(decoded.pixels);
  const face = largestFace(faces);
  if (!face) return { ok: false, reason: 'no-face', detail: '' };
  const expression = describeFace(decoded.pixels, face, embedder);
  return {
    ok: true,
    frame: { width: decoded.pixels.width, height: decoded.pixels.height },
    faces,
    faceIndex: faces.indexOf(face),
    probabilities: Array.from(expression.probabilities),
    candidates: await search.nearest(expression.embedding, CANDIDATES),
  };
}

export function startExampleService(signal: AbortSignal, search: MemeSearch, fetchImage: FetchImage): void {
  const stop = onValidMessage('findMemesLikeImage', ({ url }) => findMemesLikeImage(url, search, fetchImage));
  signal.addEventListener('abort', stop, { once: true });
}
