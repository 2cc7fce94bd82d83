import { requestFrames, type FrameResult } from '../messaging/frame-channel';
import { createLiveFrameSampler, type FrameOrigin } from './frame-sampler';

const REPLY_TIMEOUT_MS = 3000;

/**
 * One User Timing measure per answered frame, from sampling the video to the answer's arrival,
 * with the offscreen document's own timings as its detail: `npm run bench` reads them with a
 * PerformanceObserver, so the figure it reports is this loop's, not a copy of it.
 */
export const FRAME_MEASURE = 'meme-mirror: frame → answer';

export interface LiveFacesCallbacks {
  onResult(result: FrameResult, frame: { width: number; height: number }): void;
  onError(reason: string): void;
  /** No answer for a while: the offscreen document may be gone and need recreating. */
  onStall(): void;
}

export interface LiveFacesOptions {
  /** Ask for the largest face's expression and nearest memes too. */
  match: boolean;
  sessionId: string;
  /** While true no frames are sent (the popup's freeze). */
  paused(): boolean;
}

/**
 * Streams the video's frames to the offscreen document, one in flight at a time, and hands each
 * answer back. Only new frames are sent (requestVideoFrameCallback), so a still camera costs nothing,
 * and a frame that arrives while one is in flight waits as "the newest": when the engine falls
 * behind (a slow CPU) frames are dropped, never queued.
 */
export function trackLiveFaces(
  video: HTMLVideoElement,
  options: LiveFacesOptions,
  callbacks: LiveFacesCallbacks,
  signal: AbortSignal,
): void {
  const sampler = createLiveFrameSampler(video, signal);
  let nextId = 1;
  let inFlight: { id: number; width: number; height: number; sampledAt: number; behind: boolean; origin?: FrameOrigin } | undefined;
  let frameWaiting = false;

  const channel = requestFrames((reply) => {
    if (reply.type === 'detector-ready') {
      // A (new) engine is up and the port was made again: a frame sent before may have gone to a
      // document that was not listening yet, and waiting out its timeout would cost 3 s.
      if (inFlight) {
        inFlight = undefined;
        void sendFrame();
      }
      return;
    }
    if (!inFlight || reply.requestId !== inFlight.id) return;
    const frame = inFlight;
    inFlight = undefined;
    if (reply.type === 'frame-result') {
      performance.measure(FRAME_MEASURE, { start: frame.sampledAt, detail: { match: reply.match !== undefined, behind: frame.behind, ...frame.origin, ...reply.timings } });
      // Observers have the entry already; the timeline's buffer would otherwise grow all session.
      performance.clearMeasures(FRAME_MEASURE);
      callbacks.onResult(reply, frame);
    }
    else callbacks.onError(reply.reason);
    if (frameWaiting) void sendFrame(true);
  }, signal);

  /** `behind`: a newer frame arrived while the last one was in flight (the engine lags the camera). */
  async function sendFrame(behind = false): Promise<void> {
    frameWaiting = false;
    if (signal.aborted || options.paused()) return;
    const sampledAt = performance.now();
    // In flight from here: the frame is read asynchronously, and no second one may start meanwhile.
    const sending: NonNullable<typeof inFlight> = { id: nextId++, width: 0, height: 0, sampledAt, behind };
    inFlight = sending;
    const image = await sampler.sample();
    if (inFlight !== sending) return;
    if (!image || signal.aborted) {
      inFlight = undefined;
      return;
    }
    const { width, height, data, ...origin } = image;
    sending.width = width;
    sending.height = height;
    sending.origin = origin;
    channel.send({
      type: 'detect-frame',
      requestId: sending.id,
      match: options.match,
      sessionId: options.sessionId,
      behind,
      width,
      height,
      pixels: data,
    });
  }

  function onVideoFrame(): void {
    if (signal.aborted) return;
    // A reply is lost when the offscreen document goes away; do not wait for it forever.
    if (inFlight && performance.now() - inFlight.sampledAt > REPLY_TIMEOUT_MS) {
      inFlight = undefined;
      channel.reconnect();
      callbacks.onStall();
    }
    if (inFlight) frameWaiting = true;
    else void sendFrame();
    video.requestVideoFrameCallback(onVideoFrame);
  }
  video.requestVideoFrameCallback(onVideoFrame);
}
