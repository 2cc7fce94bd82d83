import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { FrameResult } from '@/lib/messaging/frame-channel';
import type { LiveFacesCallbacks, LiveFacesOptions } from '@/lib/vision/live-faces';

const loop = vi.hoisted(() => ({ options: undefined as LiveFacesOptions | undefined, callbacks: undefined as LiveFacesCallbacks | undefined }));
vi.mock('@/lib/vision/live-faces', () => ({
  trackLiveFaces(_video: unknown, options: LiveFacesOptions, callbacks: LiveFacesCallbacks) {
    loop.options = options;
    loop.callbacks = callbacks;
  },
}));

const { FIRST_PAINT_HOLD_MS, startLiveSession } = await import('@/lib/match/live-session');

const face = { x: 0, y: 0, width: 100, height: 100, score: 0.9, keypoints: [] };
const answer = (memes: number): FrameResult => ({
  type: 'frame-result',
  requestId: 1,
  faces: [face],
  timings: { detectMs: 1, totalMs: 2 },
  match: {
    faceIndex: 0,
    probabilities: [1, 0, 0, 0, 0, 0, 0, 0],
    candidates: Array.from({ length: memes }, (_, i) => ({ memeId: `m${i}`, faceId: `f${i}`, score: 0.9 - i * 0.1 })),
    librarySize: memes,
  },
});

function start() {
  const snapshots: number[] = [];
  const session = startLiveSession({} as HTMLVideoElement, { onSnapshot: (s) => snapshots.push(s.results.length), onError() {}, onStall() {} }, new AbortController().signal);
  return { session, snapshots, paused: () => loop.options!.paused() };
}

beforeEach(() => {
  vi.useFakeTimers();
  performance.clearMarks();
});
afterEach(() => vi.useRealTimers());

test('after the first results the loop sends no frame until the popup says they are shown', () => {
  const { session, snapshots, paused } = start();
  loop.callbacks!.onResult(answer(1), { width: 320, height: 240 });
  expect(paused()).toBe(false);
  loop.callbacks!.onResult(answer(8), { width: 320, height: 240 });
  expect(snapshots.at(-1)).toBe(3);
  expect(paused()).toBe(true);
  session.resultsShown();
  expect(paused()).toBe(false);
});

test('a popup that never says the results are shown holds frames back for a moment only', () => {
  const { paused } = start();
  loop.callbacks!.onResult(answer(8), { width: 320, height: 240 });
  expect(paused()).toBe(true);
  vi.advanceTimersByTime(FIRST_PAINT_HOLD_MS);
  expect(paused()).toBe(false);
});

test('freezing still pauses the loop once the results are shown', () => {
  const { session, paused } = start();
  loop.callbacks!.onResult(answer(8), { width: 320, height: 240 });
  session.resultsShown();
  session.setFrozen(true);
  expect(paused()).toBe(true);
});
