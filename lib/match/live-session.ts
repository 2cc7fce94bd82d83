import type { FaceBox } from '../vision/face-box';
import { trackLiveFaces } from '../vision/live-faces';
import { createResultStabilizer, type Candidate } from './result-stabilizer';

export const RESULT_SLOTS = 3;

/** User Timing mark left once per session when every result slot is first filled (npm run bench reads it). */
export const FIRST_RESULTS_MARK = 'meme-mirror: first results';

/** The longest the first results may hold the next frame back, should the popup never say they are shown. */
export const FIRST_PAINT_HOLD_MS = 250;

/** What the popup shows at one moment of a live session. */
export interface LiveSnapshot {
  frame: { width: number; height: number };
  faces: FaceBox[];
  /** The face used for matching (the largest), when there is one. */
  primary?: FaceBox;
  /** The user's expression probabilities, per EXPRESSION_CLASSES. */
  you?: number[];
  results: Candidate[];
  librarySize?: number;
}

export interface LiveSession {
  setFrozen(frozen: boolean): void;
  readonly frozen: boolean;
  /** The first results are on screen: frames may go again. */
  resultsShown(): void;
}

/**
 * Live matching: frames go to the offscreen document, answers come back, and the stabilizer
 * keeps the shown memes still unless a new one is clearly better for several frames.
 */
export function startLiveSession(
  video: HTMLVideoElement,
  callbacks: { onSnapshot(snapshot: LiveSnapshot): void; onError(reason: string): void; onStall(): void },
  signal: AbortSignal,
): LiveSession {
  const stabilizer = createResultStabilizer({ slots: RESULT_SLOTS, margin: 0.04, frames: 3 });
  let frozen = false;
  let holding = false;
  let results: Candidate[] = [];

  trackLiveFaces(
    video,
    { match: true, sessionId: crypto.randomUUID(), paused: () => frozen || holding },
    {
      onResult(reply, frame) {
        if (frozen) return;
        const match = reply.match;
        if (match) {
          const before = results.length;
          results = stabilizer.update(match.candidates);
          if (before < RESULT_SLOTS && results.length === RESULT_SLOTS && performance.getEntriesByName(FIRST_RESULTS_MARK).length === 0) {
            performance.mark(FIRST_RESULTS_MARK);
            // The offscreen document's inference shares this page's thread: run on the next
            // frames, it would make the popup's reading and drawing of these results wait
            // (docs/benchmarks.md, "the answer → painted gap").
            holding = true;
            setTimeout(() => (holding = false), FIRST_PAINT_HOLD_MS);
          }
        }
        callbacks.onSnapshot({
          frame,
          faces: reply.faces,
          primary: match ? reply.faces[match.faceIndex] : undefined,
          you: match?.probabilities,
          results,
          librarySize: match?.librarySize,
        });
      },
      onError: callbacks.onError,
      onStall: callbacks.onStall,
    },
    signal,
  );

  return {
    setFrozen(value) {
      frozen = value;
    },
    get frozen() {
      return frozen;
    },
    resultsShown() {
      holding = false;
    },
  };
}
