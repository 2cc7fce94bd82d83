import { expect, test } from 'vitest';
import * as v from 'valibot';
import { messageDataSchemas } from '@/lib/messaging/protocol';

test.each([
  { name: 'an https image', data: { url: 'https://i.imgflip.com/1bij.jpg', pageUrl: 'https://chat.test/' }, ok: true },
  { name: 'a data: image (inline in a chat)', data: { url: 'data:image/png;base64,iVBORw0KGgo=' }, ok: true },
  { name: 'a javascript: URL', data: { url: 'javascript:alert(1)' }, ok: false },
  { name: 'a file: URL', data: { url: 'file:///etc/passwd' }, ok: false },
  { name: 'not a URL', data: { url: 'success kid' }, ok: false },
  { name: 'an extra field', data: { url: 'https://x.test/a.png', pixels: [1, 2] }, ok: false },
  { name: 'no data', data: undefined, ok: false },
])('addMemeFromUrl accepts $name: $ok', ({ data, ok }) => {
  expect(v.safeParse(messageDataSchemas.addMemeFromUrl, data).success).toBe(ok);
});

test('the library work messages carry nothing, re-index says whether to redo every face', () => {
  expect(v.safeParse(messageDataSchemas.runLibraryWork, undefined).success).toBe(true);
  expect(v.safeParse(messageDataSchemas.cancelImports, { all: true }).success).toBe(false);
  expect(v.safeParse(messageDataSchemas.reindexLibrary, { all: true }).success).toBe(true);
  expect(v.safeParse(messageDataSchemas.reindexLibrary, { all: 'yes' }).success).toBe(false);
});
