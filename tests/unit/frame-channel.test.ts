// @vitest-environment happy-dom
import { afterEach, expect, test } from 'vitest';
import { requestFrames, serveFrames, type EngineWindowLookup, type FrameReply, type FrameRequest } from '@/lib/messaging/frame-channel';

const controllers: AbortController[] = [];
function signal() {
  const controller = new AbortController();
  controllers.push(controller);
  return controller.signal;
}
afterEach(() => controllers.splice(0).forEach((controller) => controller.abort()));

const nextReply = (collect: FrameReply[]) =>
  new Promise<FrameReply>((resolve) => {
    const timer = setInterval(() => {
      const reply = collect.shift();
      if (reply) {
        clearInterval(timer);
        resolve(reply);
      }
    }, 5);
  });

/** Stands in for the offscreen window: what the popup posts arrives as this page's message event. */
const sameWindow: EngineWindowLookup = () => ({
  postMessage(message: unknown, _origin: string, transfer: Transferable[]) {
    window.dispatchEvent(new MessageEvent('message', { data: message, origin: location.origin, ports: transfer as MessagePort[] }));
  },
});

function echoService(seen: { size: number; via: 'served' }[] = []) {
  serveFrames(async (request) => {
    seen.push({ size: request.width * request.height, via: 'served' });
    return { type: 'frame-result', requestId: request.requestId, faces: [], timings: { detectMs: 1, totalMs: 2 } };
  }, signal());
  return seen;
}

const frame = (requestId: number): FrameRequest => ({ type: 'detect-frame', requestId, width: 2, height: 1, pixels: new Uint8ClampedArray(8) });

test('without a reachable offscreen window, frames and replies go over the shared channel', async () => {
  const seen = echoService();
  const replies: FrameReply[] = [];
  const popup = requestFrames((reply) => replies.push(reply), signal(), () => undefined);
  const request = frame(7);
  popup.send(request);
  expect(await nextReply(replies)).toEqual({ type: 'frame-result', requestId: 7, faces: [], timings: { detectMs: 1, totalMs: 2 } });
  expect(seen).toEqual([{ size: 2, via: 'served' }]);
  // Copied, not transferred: the popup's pixels are still there.
  expect(request.pixels.byteLength).toBe(8);
});

test('with the offscreen window at hand, frames go over a port and their pixels are transferred, not copied', async () => {
  const seen = echoService();
  const replies: FrameReply[] = [];
  const overheard: unknown[] = [];
  const bystander = new BroadcastChannel('meme-mirror/frames');
  bystander.onmessage = (event) => overheard.push(event.data);
  const popup = requestFrames((reply) => replies.push(reply), signal(), sameWindow);
  const request = frame(8);
  popup.send(request);
  expect(await nextReply(replies)).toMatchObject({ type: 'frame-result', requestId: 8 });
  expect(seen).toEqual([{ size: 2, via: 'served' }]);
  expect(request.pixels.byteLength).toBe(0);
  // Nothing of this popup's went over the channel every extension page hears.
  expect(overheard).toEqual([]);
  bystander.close();
});

test('a ready announcement makes the port again, so a replaced offscreen document is reached', async () => {
  let lookups = 0;
  const counting: EngineWindowLookup = () => {
    lookups++;
    return sameWindow();
  };
  const replies: FrameReply[] = [];
  requestFrames((reply) => replies.push(reply), signal(), counting);
  const service = serveFrames(async (request) => ({ type: 'frame-error', requestId: request.requestId, reason: 'x' }), signal());
  service.announceReady();
  expect(await nextReply(replies)).toEqual({ type: 'detector-ready' });
  expect(lookups).toBe(2);
});

test('malformed requests never reach the service, on the channel or on a port', async () => {
  const seen: unknown[] = [];
  serveFrames(async (request) => {
    seen.push(request);
    return { type: 'frame-error', requestId: request.requestId, reason: 'unexpected' };
  }, signal());
  const rogue = new BroadcastChannel('meme-mirror/frames');
  const bad = [
    { type: 'detect-frame', requestId: 1, width: 2, height: 1, pixels: 'not pixels' },
    { type: 'detect-frame', requestId: 2, width: -5, height: 1, pixels: new Uint8ClampedArray(8) },
    { type: 'detect-frame', requestId: '3', width: 2, height: 1, pixels: new Uint8ClampedArray(8) },
    { type: 'something-else' },
  ];
  bad.forEach((message) => rogue.postMessage(message));
  const { port1, port2 } = new MessageChannel();
  window.dispatchEvent(new MessageEvent('message', { data: { type: 'connect-frames' }, origin: location.origin, ports: [port2] }));
  bad.forEach((message) => port1.postMessage(message));
  // A port offered from another origin is never listened to.
  const foreign = new MessageChannel();
  window.dispatchEvent(new MessageEvent('message', { data: { type: 'connect-frames' }, origin: 'https://example.com', ports: [foreign.port2] }));
  foreign.port1.postMessage(frame(9));
  await new Promise((resolve) => setTimeout(resolve, 50));
  rogue.close();
  port1.close();
  foreign.port1.close();
  expect(seen).toEqual([]);
});
