// @vitest-environment happy-dom
import { afterEach, expect, test, vi } from 'vitest';
import type { FaceViews } from '@/lib/embedding/expression-embedder';
import type { FaceBox } from '@/lib/vision/face-box';

const views: FaceViews[] = [];
const face: FaceBox = { x: 4, y: 4, width: 24, height: 24, score: 0.9, keypoints: [{ x: 10, y: 12 }, { x: 20, y: 12 }] };

vi.mock('@/lib/offscreen/vision-engine', () => ({
  visionEngine: async () => ({
    finder: { detect: () => [face] },
    embedder: {
      modelVersion: 'test',
      embed: (_aligned: Float32Array, view: FaceViews = 'both') => {
        views.push(view);
        return { embedding: Float32Array.of(1, 0), probabilities: Float32Array.of(1) };
      },
    },
  }),
}));

const { startFrameService } = await import('@/lib/offscreen/frame-service');
const { requestFrames } = await import('@/lib/messaging/frame-channel');

const life = new AbortController();
afterEach(() => life.abort());

test('behind the camera, frames alternate between the face and its mirror; caught up, both views run', async () => {
  startFrameService(life.signal, { nearest: () => [], size: () => 0 });
  const answered: number[] = [];
  const popup = requestFrames((reply) => {
    if (reply.type === 'frame-result') answered.push(reply.requestId);
  }, life.signal, () => undefined);
  const send = async (requestId: number, behind: boolean) => {
    popup.send({ type: 'detect-frame', requestId, match: true, sessionId: 's', behind, width: 32, height: 32, pixels: new Uint8ClampedArray(32 * 32 * 4) });
    await vi.waitFor(() => expect(answered).toContain(requestId));
  };
  await send(1, false);
  await send(2, true);
  await send(3, true);
  await send(4, true);
  await send(5, false);
  expect(views).toEqual(['both', 'face', 'mirror', 'face', 'both']);
});
