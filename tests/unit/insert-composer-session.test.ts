import { expect, test } from 'vitest';
import { composerSessionLifetime } from '@/lib/insert/composer-session';

test('a newer copy of the composer script ends the older one in the same world, and only there', () => {
  const isolatedWorld = {};
  const first = composerSessionLifetime(isolatedWorld);
  const second = composerSessionLifetime(isolatedWorld);
  expect([first.aborted, second.aborted]).toEqual([true, false]);

  // Another realm (the page's main world) has its own globals: it cannot reach the session.
  composerSessionLifetime({});
  expect(second.aborted).toBe(false);
});
