import * as v from 'valibot';
import { FaceBoxSchema, FrameTimingsSchema, MatchSchema } from './schemas';
import type { FaceBox } from '../vision/face-box';

/**
 * Popup ↔ offscreen traffic for camera frames. Extension pages share an origin, so a
 * BroadcastChannel carries pixels by structured clone, which runtime messages (JSON) cannot.
 */
const CHANNEL_NAME = 'meme-mirror/frames';

const FrameRequestSchema = v.object({
  type: v.literal('detect-frame'),
  requestId: v.number(),
  /** Also embed the largest face and search the library (the popup's live match). */
  match: v.optional(v.boolean()),
  /** Frames of one popup session; the offscreen smooths embeddings within a session only. */
  sessionId: v.optional(v.string()),
  width: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4096)),
  height: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4096)),
  pixels: v.instance(Uint8ClampedArray),
});

const FrameReplySchema = v.variant('type', [
  v.object({
    type: v.literal('frame-result'),
    requestId: v.number(),
    faces: v.array(FaceBoxSchema),
    timings: FrameTimingsSchema,
    match: v.optional(MatchSchema),
  }),
  v.object({ type: v.literal('frame-error'), requestId: v.number(), reason: v.string() }),
  v.object({ type: v.literal('detector-ready') }),
]);

export type FrameRequest = v.InferOutput<typeof FrameRequestSchema>;
export type FrameReply = v.InferOutput<typeof FrameReplySchema>;
export type FrameResult = Extract<FrameReply, { type: 'frame-result' }> & { faces: FaceBox[] };

function openChannel<In>(schema: v.GenericSchema<unknown, In>, onReceive: (message: In) => void, signal: AbortSignal) {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = v.safeParse(schema, event.data);
    // Other message kinds on the channel are for the other side; only malformed ones of ours matter.
    if (parsed.success) onReceive(parsed.output);
  });
  signal.addEventListener('abort', () => channel.close(), { once: true });
  return channel;
}

/** The offscreen side: receives frames, answers with faces. */
export function serveFrames(handle: (request: FrameRequest) => Promise<FrameReply>, signal: AbortSignal) {
  const channel = openChannel(
    FrameRequestSchema,
    (request) => {
      void handle(request).then((reply) => channel.postMessage(reply));
    },
    signal,
  );
  return { announceReady: () => channel.postMessage({ type: 'detector-ready' } satisfies FrameReply) };
}

/** The popup side: sends frames, hears replies. */
export function requestFrames(onReply: (reply: FrameReply) => void, signal: AbortSignal) {
  const channel = openChannel(FrameReplySchema, onReply, signal);
  return {
    send(request: FrameRequest) {
      channel.postMessage(request);
    },
  };
}
