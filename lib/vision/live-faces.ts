import { requestFrames, type FrameResult } from '../messaging/frame-channel';
import { createFrameSampler } from './frame-sampler';

const REPLY_TIMEOUT_MS = 3000;

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
 * answer back. Only new frames are sent (requestVideoFrameCallback), so a still camera costs nothing.
 */
export function trackLiveFaces(
  video: HTMLVideoElement,
  options: LiveFacesOptions,
  callbacks: LiveFacesCallbacks,
  signal: AbortSignal,
): void {
  const sampler = createFrameSampler();
  let nextId = 1;
  let inFlight: { id: number; width: number; height: number; sentAt: number } | undefined;
  let frameWaiting = false;

  const channel = requestFrames((reply) => {
    if (reply.type === 'detector-ready') return;
    if (!inFlight || reply.requestId !== inFlight.id) return;
    const frame = inFlight;
    inFlight = undefined;
    if (reply.type === 'frame-result') callbacks.onResult(reply, frame);
    else callbacks.onError(reply.reason);
    if (frameWaiting) sendFrame();
  }, signal);

  function sendFrame(): void {
    frameWaiting = false;
    if (signal.aborted || options.paused()) return;
    const image = sampler.sample(video);
    if (!image) return;
    inFlight = { id: nextId++, width: image.width, height: image.height, sentAt: performance.now() };
    channel.send({
      type: 'detect-frame',
      requestId: inFlight.id,
      match: options.match,
      sessionId: options.sessionId,
      width: image.width,
      height: image.height,
      pixels: image.data,
    });
  }

  function onVideoFrame(): void {
    if (signal.aborted) return;
    // A reply is lost when the offscreen document goes away; do not wait for it forever.
    if (inFlight && performance.now() - inFlight.sentAt > REPLY_TIMEOUT_MS) {
      inFlight = undefined;
      callbacks.onStall();
    }
    if (inFlight) frameWaiting = true;
    else sendFrame();
    video.requestVideoFrameCallback(onVideoFrame);
  }
  video.requestVideoFrameCallback(onVideoFrame);
}
