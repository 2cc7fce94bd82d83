import { afterEach, expect, test } from 'vitest';
import { requestFrames, serveFrames, type FrameReply } from '@/lib/messaging/frame-channel';

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

test('a valid frame request reaches the service and its reply reaches the popup side', async () => {
  const seen: number[] = [];
  serveFrames(async (request) => {
    seen.push(request.width * request.height);
    return { type: 'frame-result', requestId: request.requestId, faces: [], timings: { detectMs: 1, totalMs: 2 } };
  }, signal());
  const replies: FrameReply[] = [];
  const popup = requestFrames((reply) => replies.push(reply), signal());
  popup.send({ type: 'detect-frame', requestId: 7, width: 2, height: 1, pixels: new Uint8ClampedArray(8) });
  expect(await nextReply(replies)).toEqual({ type: 'frame-result', requestId: 7, faces: [], timings: { detectMs: 1, totalMs: 2 } });
  expect(seen).toEqual([2]);
});

test('malformed requests never reach the service', async () => {
  const seen: unknown[] = [];
  serveFrames(async (request) => {
    seen.push(request);
    return { type: 'frame-error', requestId: request.requestId, reason: 'unexpected' };
  }, signal());
  const rogue = new BroadcastChannel('meme-mirror/frames');
  rogue.postMessage({ type: 'detect-frame', requestId: 1, width: 2, height: 1, pixels: 'not pixels' });
  rogue.postMessage({ type: 'detect-frame', requestId: 2, width: -5, height: 1, pixels: new Uint8ClampedArray(8) });
  rogue.postMessage({ type: 'detect-frame', requestId: '3', width: 2, height: 1, pixels: new Uint8ClampedArray(8) });
  rogue.postMessage({ type: 'something-else' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  rogue.close();
  expect(seen).toEqual([]);
});
