import { beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import * as v from 'valibot';
import { messageDataSchemas } from '@/lib/messaging/protocol';

beforeEach(() => fakeBrowser.reset());

test('ensureOffscreen carries no data, and anything else is refused', () => {
  expect(v.safeParse(messageDataSchemas.ensureOffscreen, undefined).success).toBe(true);
  expect(v.safeParse(messageDataSchemas.ensureOffscreen, { evil: true }).success).toBe(false);
});
