import { expect, test } from 'vitest';
import { popupKeyAction } from '@/lib/match/popup-keys';

test.each([
  ['1', 3, { kind: 'insert', slot: 0 }],
  ['3', 3, { kind: 'insert', slot: 2 }],
  ['3', 2, undefined],
  ['Enter', 3, { kind: 'insert' }],
  ['Enter', 0, undefined],
  ['ArrowRight', 3, { kind: 'select', step: 1 }],
  ['ArrowLeft', 3, { kind: 'select', step: -1 }],
  [' ', 0, { kind: 'freeze' }],
  ['Escape', 0, { kind: 'close' }],
  ['a', 3, undefined],
])('%s with %i results → %o', (key, count, expected) => {
  expect(popupKeyAction(key, count)).toEqual(expected);
});
