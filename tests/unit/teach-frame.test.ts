// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import { listenToTeachFrame, type TeachFrameMessage } from '@/lib/library/teach-frame';

/**
 * The dialog hears a message only from its own frame, of this origin, in the expected shape.
 * happy-dom gives frames no window of their own: this window stands for the frame's, and a
 * MessagePort for any other sender.
 */
test.each([
  { name: 'a stored face, from the frame', data: { type: 'meme-mirror/teach-taught', memeId: 'm1' }, from: 'frame', origin: 'self', heard: true },
  { name: 'Escape in the frame', data: { type: 'meme-mirror/teach-close' }, from: 'frame', origin: 'self', heard: true },
  { name: 'the same message from another sender', data: { type: 'meme-mirror/teach-close' }, from: 'other', origin: 'self', heard: false },
  { name: 'the same message from another origin', data: { type: 'meme-mirror/teach-close' }, from: 'frame', origin: 'https://evil.test', heard: false },
  { name: 'a taught message without its meme', data: { type: 'meme-mirror/teach-taught' }, from: 'frame', origin: 'self', heard: false },
  { name: 'an unknown type', data: { type: 'meme-mirror/teach-delete-everything' }, from: 'frame', origin: 'self', heard: false },
  { name: 'extra fields', data: { type: 'meme-mirror/teach-close', memeId: 'm1' }, from: 'frame', origin: 'self', heard: false },
])('$name: heard $heard', ({ data, from, origin, heard }) => {
  const life = new AbortController();
  const received: TeachFrameMessage[] = [];
  listenToTeachFrame(() => window, (message) => received.push(message), life.signal);
  const source = from === 'frame' ? window : new MessageChannel().port1;
  window.dispatchEvent(new MessageEvent('message', { data, origin: origin === 'self' ? location.origin : origin, source }));
  life.abort();
  // Nothing is heard once the dialog has closed.
  window.dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: window }));
  expect(received).toEqual(heard ? [data] : []);
});

test('before the frame has a window, nothing is heard', () => {
  const life = new AbortController();
  const received: TeachFrameMessage[] = [];
  listenToTeachFrame(() => null, (message) => received.push(message), life.signal);
  window.dispatchEvent(new MessageEvent('message', { data: { type: 'meme-mirror/teach-close' }, origin: location.origin, source: window }));
  life.abort();
  expect(received).toEqual([]);
});
