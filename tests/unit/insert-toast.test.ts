import { expect, test } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import zhCN from '../../public/_locales/zh_CN/messages.json';
import { fallbackToastKind } from '@/lib/insert/insert-toast';

test.each([
  { copied: true, reason: 'not-accepted', kind: 'paste-from-clipboard', why: 'a box was found (focus is back in it) but took nothing' },
  { copied: true, reason: 'withdrawn', kind: 'paste-from-clipboard', why: 'a box was found, and the page removed the file again' },
  { copied: true, reason: 'focus-in-frame', kind: 'paste-from-clipboard', why: 'focus stayed in the box of a frame out of reach' },
  { copied: true, reason: 'no-composer', kind: 'click-then-paste', why: 'no box was found: the user must click one first' },
  { copied: false, reason: 'not-accepted', kind: 'not-inserted', why: 'nothing is on the clipboard' },
] as const)('$reason, copied $copied → $kind: $why', ({ copied, reason, kind }) => {
  expect(fallbackToastKind(copied, reason)).toBe(kind);
});

test.each([
  { locale: 'en', messages: en, click: /click/i },
  { locale: 'zh_CN', messages: zhCN, click: /点击/ },
])('$locale: only the no-box toast asks for a click; the other says which keys to press', ({ messages, click }) => {
  expect(messages.insertToastPaste.message).toContain('$KEYS$');
  expect(messages.insertToastPaste.message).not.toMatch(click);
  expect(messages.insertToastClickThenPaste.message).toMatch(click);
  expect(messages.insertToastClickThenPaste.message).toContain('$KEYS$');
});
