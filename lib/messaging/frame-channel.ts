import * as v from 'valibot';
import { FaceBoxSchema, FrameTimingsSchema, MatchSchema } from './schemas';
import type { FaceBox } from '../vision/face-box';

/**
 * Popup ↔ offscreen traffic for camera frames. Both are pages of this extension, in the same
 * renderer process, so the popup reaches the offscreen document's window directly and hands it
 * one end of a `MessageChannel`: each frame's pixels are then *transferred*, not copied. Measured
 * on Chromium 156 (docs/benchmarks.md, "Where the frame time went"): a 320x240 frame took 7-10 ms
 * over a BroadcastChannel (structured clone through the browser process) and under 0.1 ms over
 * the port. The BroadcastChannel stays for what is said to every page (the engine is ready) and
 * as the way in when the offscreen window cannot be reached.
 */
const CHANNEL_NAME = 'meme-mirror/frames';
const OFFSCREEN_PATH = '/offscreen.html';

const FrameRequestSchema = v.object({
  type: v.literal('detect-frame'),
  requestId: v.number(),
  /** Also embed the largest face and search the library (the popup's live match). */
  match: v.optional(v.boolean()),
  /** Frames of one popup session; the offscreen smooths embeddings within a session only. */
  sessionId: v.optional(v.string()),
  /**
   * A newer camera frame was already waiting when this one was sent: the engine is behind the
   * camera, so embed one view of the face per frame (alternating) instead of both.
   */
  behind: v.optional(v.boolean()),
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

/** Posted to the offscreen window with the port that will carry one popup's frames. */
const ConnectSchema = v.object({ type: v.literal('connect-frames') });

export type FrameRequest = v.InferOutput<typeof FrameRequestSchema>;
export type FrameReply = v.InferOutput<typeof FrameReplySchema>;
export type FrameResult = Extract<FrameReply, { type: 'frame-result' }> & { faces: FaceBox[] };

/** Where the popup side finds the offscreen document's window; undefined when it is not reachable. */
export type EngineWindowLookup = () => { postMessage(message: unknown, targetOrigin: string, transfer: Transferable[]): void } | undefined;

/** The offscreen document's window, when this extension page shares its renderer. */
export const offscreenWindow: EngineWindowLookup = () =>
  globalThis.chrome?.extension?.getViews?.().find((view) => view.location.pathname === OFFSCREEN_PATH);

interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

function listen<In>(target: MessageSource, schema: v.GenericSchema<unknown, In>, onReceive: (message: In) => void) {
  target.addEventListener('message', (event) => {
    const parsed = v.safeParse(schema, event.data);
    // Other message kinds on the channel are for the other side; only malformed ones of ours matter.
    if (parsed.success) onReceive(parsed.output);
  });
  if (target instanceof MessagePort) target.start();
}

/** The offscreen side: receives frames on the shared channel and on each popup's port, answers with faces. */
export function serveFrames(handle: (request: FrameRequest) => Promise<FrameReply>, signal: AbortSignal) {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  listen(channel, FrameRequestSchema, (request) => void handle(request).then((reply) => channel.postMessage(reply)));
  const ports = new Set<MessagePort>();
  window.addEventListener(
    'message',
    (event: MessageEvent<unknown>) => {
      // Only this extension's own pages can hold this window; the origin check says so again.
      const port = event.ports[0];
      if (event.origin !== location.origin || !port || !v.is(ConnectSchema, event.data)) return;
      ports.add(port);
      listen(port, FrameRequestSchema, (request) => void handle(request).then((reply) => port.postMessage(reply)));
    },
    { signal },
  );
  signal.addEventListener(
    'abort',
    () => {
      channel.close();
      ports.forEach((port) => port.close());
    },
    { once: true },
  );
  return { announceReady: () => channel.postMessage({ type: 'detector-ready' } satisfies FrameReply) };
}

/**
 * The popup side: sends frames, hears replies. Frames go over a port to the offscreen window when
 * it can be reached, else over the shared channel. A ready announcement means a (possibly new)
 * offscreen document: the port is made again, since one to a closed document answers nothing.
 */
export function requestFrames(onReply: (reply: FrameReply) => void, signal: AbortSignal, engine: EngineWindowLookup = offscreenWindow) {
  let port: MessagePort | undefined;
  const channel = new BroadcastChannel(CHANNEL_NAME);

  function connect(): void {
    port?.close();
    port = undefined;
    const target = engine();
    if (!target || signal.aborted) return;
    const { port1, port2 } = new MessageChannel();
    listen(port1, FrameReplySchema, onReply);
    target.postMessage({ type: 'connect-frames' } satisfies v.InferOutput<typeof ConnectSchema>, location.origin, [port2]);
    port = port1;
  }

  listen(channel, FrameReplySchema, (reply) => {
    if (reply.type === 'detector-ready') connect();
    onReply(reply);
  });
  signal.addEventListener(
    'abort',
    () => {
      channel.close();
      port?.close();
    },
    { once: true },
  );
  connect();
  return {
    send(request: FrameRequest) {
      if (port) port.postMessage(request, [request.pixels.buffer]);
      else channel.postMessage(request);
    },
    /** Makes the port again (after a stall: the offscreen document may have been replaced). */
    reconnect: connect,
  };
}
