import { afterEach, describe, expect, test, vi } from 'vitest';
import * as v from 'valibot';
import { MAX_IMAGE_BASE64_LENGTH, messageDataSchemas } from '@/lib/messaging/protocol';
import type { IngestOutcome } from '@/lib/library/ingest-outcome';
import { bytesFromBase64, pageCopyCanHelp, PageCopyAnswerSchema, readImageInPage } from '@/lib/library/page-copy';

const WHEN_TO_ASK: { outcome: IngestOutcome; helps: boolean }[] = [
  { outcome: { ok: false, reason: 'http-error', status: 401 }, helps: true },
  { outcome: { ok: false, reason: 'http-error', status: 403 }, helps: true },
  { outcome: { ok: false, reason: 'web-page' }, helps: true },
  { outcome: { ok: false, reason: 'page-only' }, helps: true },
  { outcome: { ok: false, reason: 'not-shared' }, helps: true },
  { outcome: { ok: true, memeId: 'm', faceCount: 1 }, helps: false },
  { outcome: { ok: false, reason: 'duplicate', memeId: 'm' }, helps: false },
  { outcome: { ok: true, memeId: 'm', faceCount: 0 }, helps: false },
  { outcome: { ok: false, reason: 'http-error', status: 404 }, helps: false },
  { outcome: { ok: false, reason: 'http-error', status: 500 }, helps: false },
  { outcome: { ok: false, reason: 'too-large', bytes: 25e6 }, helps: false },
  { outcome: { ok: false, reason: 'timeout', seconds: 20 }, helps: false },
  { outcome: { ok: false, reason: 'network-error', detail: 'Failed to fetch' }, helps: false },
  { outcome: { ok: false, reason: 'redirect-loop' }, helps: false },
  { outcome: { ok: false, reason: 'incomplete', bytes: 700 }, helps: false },
  { outcome: { ok: false, reason: 'unsupported-type' }, helps: false },
];
const named = WHEN_TO_ASK.map((row) => ({ ...row, name: row.outcome.ok ? 'added' : [row.outcome.reason, 'status' in row.outcome ? row.outcome.status : ''].join(' ').trim() }));

test.each(named)('the page copy is asked for after $name: $helps', ({ outcome, helps }) => {
  expect(pageCopyCanHelp(outcome)).toBe(helps);
});

describe('readImageInPage (the script run in the page)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const answering = (response: Response | (() => Promise<Response>)) =>
    vi.stubGlobal('fetch', vi.fn(typeof response === 'function' ? response : async () => response));
  const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 256);

  test('an image: its bytes as base64, as the schema accepts them', async () => {
    answering(new Response(bytes, { headers: { 'content-type': 'image/jpeg' } }));
    const answer = await readImageInPage('https://chat.test/private/face.jpg', 1_000_000, 20_000);
    expect(answer).toEqual({ ok: true, base64: Buffer.from(bytes).toString('base64') });
    expect(v.safeParse(PageCopyAnswerSchema, answer).success).toBe(true);
    expect(bytesFromBase64(answer.ok ? answer.base64 : '')).toEqual(bytes);
  });

  test('a Content-Length over the limit: refused before the body is read', async () => {
    const body = new ReadableStream<Uint8Array>({ pull: () => undefined });
    answering(new Response(body, { headers: { 'content-type': 'image/jpeg', 'content-length': '30000000' } }));
    expect(await readImageInPage('https://chat.test/big.jpg', 20_000_000, 20_000)).toEqual({ ok: false, reason: 'too-large', bytes: 30_000_000 });
  });

  test('a body without a length: stops once past the limit', async () => {
    answering(new Response(bytes, { headers: { 'content-type': 'image/jpeg' } }));
    expect(await readImageInPage('https://chat.test/big.jpg', 50_000, 20_000)).toEqual({ ok: false, reason: 'too-large', bytes: 100_000 });
  });

  test.each([
    { name: 'a 401 even with the cookies', response: () => new Response('log in first', { status: 401 }) },
    { name: 'the login form even with the cookies', response: () => new Response('<form>', { headers: { 'content-type': 'text/html; charset=utf-8' } }) },
  ])('$name: unreadable', async ({ response }) => {
    answering(response());
    expect(await readImageInPage('https://chat.test/private/face.jpg', 1_000_000, 20_000)).toEqual({ ok: false, reason: 'unreadable' });
  });

  test('a refused fetch (no CORS for the page either): unreadable', async () => {
    answering(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await readImageInPage('https://cdn.test/face.jpg', 1_000_000, 20_000)).toEqual({ ok: false, reason: 'unreadable' });
  });

  test('a server that sends nothing: given up after the idle timeout', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))),
    );
    expect(await readImageInPage('https://chat.test/never.jpg', 1_000_000, 5)).toEqual({ ok: false, reason: 'unreadable' });
  });
});

describe('addMemeFromPageCopy message data', () => {
  const base64 = Buffer.from('a face').toString('base64');
  test.each([
    { name: 'an image of the page', data: { base64, url: 'https://chat.test/private/face.jpg', pageUrl: 'https://chat.test/' }, ok: true },
    { name: "the page's blob: URL", data: { base64, url: 'blob:https://chat.test/0b6c1f2e', pageUrl: 'https://chat.test/' }, ok: true },
    { name: 'a data: URL (never needs the page)', data: { base64, url: 'data:image/png;base64,iVBORw0KGgo=' }, ok: false },
    { name: 'not base64', data: { base64: '<script>', url: 'https://chat.test/a.jpg' }, ok: false },
    { name: 'bytes as an array', data: { base64: [1, 2, 3], url: 'https://chat.test/a.jpg' }, ok: false },
    { name: 'an extra field', data: { base64, url: 'https://chat.test/a.jpg', title: 'x' }, ok: false },
  ])('accepts $name: $ok', ({ data, ok }) => {
    expect(v.safeParse(messageDataSchemas.addMemeFromPageCopy, data).success).toBe(ok);
  });

  test('accepts a file at the 20 MB limit, refuses one byte group more', () => {
    const atLimit = 'A'.repeat(MAX_IMAGE_BASE64_LENGTH);
    expect(v.safeParse(messageDataSchemas.addMemeFromPageCopy, { base64: atLimit, url: 'https://chat.test/a.jpg' }).success).toBe(true);
    expect(v.safeParse(messageDataSchemas.addMemeFromPageCopy, { base64: `${atLimit}AAAA`, url: 'https://chat.test/a.jpg' }).success).toBe(false);
  });
});
