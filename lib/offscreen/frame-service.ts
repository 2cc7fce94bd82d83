import { serveFrames, type FrameReply, type FrameRequest } from '../messaging/frame-channel';
import { describeFace } from '../match/describe-face';
import { createEmbeddingSmoother, type EmbeddingSmoother } from '../match/embedding-smoother';
import type { Candidate } from '../match/result-stabilizer';
import { largestFace } from '../vision/face-box';
import { visionEngine } from './vision-engine';

/** The library as live matching sees it: nearest memes to an embedding. */
export interface MemeSearch {
  nearest(embedding: Float32Array, k: number): Candidate[] | Promise<Candidate[]>;
  size(): number | Promise<number>;
}

/** More candidates than slots, so the popup's stabilizer can see a newcomer coming. */
const CANDIDATES = 8;

/**
 * The offscreen document's frame service: for each frame the popup sends, the faces in it and,
 * when asked, the largest face's expression and the library's nearest memes.
 */
export function startFrameService(signal: AbortSignal, search: MemeSearch): void {
  const smoothers = new Map<string, EmbeddingSmoother>();

  function smootherFor(sessionId: string): EmbeddingSmoother {
    let smoother = smoothers.get(sessionId);
    if (!smoother) {
      // One popup session at a time in practice; forget older ones.
      smoothers.clear();
      smoother = createEmbeddingSmoother();
      smoothers.set(sessionId, smoother);
    }
    return smoother;
  }

  async function handle(request: FrameRequest): Promise<FrameReply> {
    const started = performance.now();
    try {
      const { finder, embedder } = await visionEngine();
      const image = new ImageData(request.pixels, request.width, request.height);
      const detectStarted = performance.now();
      const faces = finder.detect(image);
      const detected = performance.now();
      const face = largestFace(faces);
      if (!request.match || !face) {
        return { type: 'frame-result', requestId: request.requestId, faces, timings: { detectMs: detected - detectStarted, totalMs: detected - started } };
      }
      const expression = describeFace(image, face, embedder);
      const embedded = performance.now();
      const query = smootherFor(request.sessionId ?? 'default').push(expression.embedding, embedded);
      const [candidates, librarySize] = await Promise.all([search.nearest(query, CANDIDATES), search.size()]);
      const done = performance.now();
      return {
        type: 'frame-result',
        requestId: request.requestId,
        faces,
        timings: { detectMs: detected - detectStarted, embedMs: embedded - detected, searchMs: done - embedded, totalMs: done - started },
        match: { faceIndex: faces.indexOf(face), probabilities: Array.from(expression.probabilities), candidates, librarySize },
      };
    } catch (error) {
      return { type: 'frame-error', requestId: request.requestId, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  const service = serveFrames(handle, signal);
  void visionEngine().then(() => service.announceReady(), () => undefined);
}
