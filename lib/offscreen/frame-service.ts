import { serveFrames, type FrameReply, type FrameRequest } from '../messaging/frame-channel';
import { describeFace } from '../match/describe-face';
import { createEmbeddingSmoother, type EmbeddingSmoother } from '../match/embedding-smoother';
import type { FaceViews } from '../embedding/expression-embedder';
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
  const sessions = new Map<string, { smoother: EmbeddingSmoother; lastView: FaceViews }>();

  function session(sessionId: string) {
    let state = sessions.get(sessionId);
    if (!state) {
      // One popup session at a time in practice; forget older ones.
      sessions.clear();
      state = { smoother: createEmbeddingSmoother(), lastView: 'mirror' };
      sessions.set(sessionId, state);
    }
    return state;
  }

  /**
   * Behind the camera, each frame runs the model on one view, the face and its mirror in turn:
   * half the model's time per frame, and the smoother, which averages consecutive frames, still
   * mixes both views into the query.
   */
  function viewsFor(state: { lastView: FaceViews }, behind: boolean): FaceViews {
    if (!behind) return 'both';
    state.lastView = state.lastView === 'face' ? 'mirror' : 'face';
    return state.lastView;
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
      const state = session(request.sessionId ?? 'default');
      const expression = describeFace(image, face, embedder, viewsFor(state, request.behind === true));
      const embedded = performance.now();
      const query = state.smoother.push(expression.embedding, embedded);
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
