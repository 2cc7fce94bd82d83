import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fetchMemeImage } from '@/lib/library/fetch-meme-image';

/**
 * fetchMemeImage against a local server that misbehaves on purpose: it must never wait forever
 * (an idle timeout covers both the headers and a body that stalls), must not cut off a slow
 * download that keeps sending, and must stop at the size limit whatever the headers claim.
 */
describe('fetchMemeImage on a misbehaving server', () => {
  let server: Server;
  let origin = '';
  const open = new Set<ServerResponse>();
  const routes: Record<string, (response: ServerResponse) => void> = {
    '/never-answers': () => undefined,
    '/stalls-mid-body': (response) => {
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '1000' });
      response.write(Buffer.alloc(400, 1));
    },
    '/trickle': (response) => {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      let sent = 0;
      const timer = setInterval(() => {
        response.write(Buffer.alloc(100, 2));
        if (++sent === 8) {
          clearInterval(timer);
          response.end();
        }
      }, 100);
    },
    '/claims-30mb': (response) => {
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(30 * 1024 * 1024) });
      response.write(Buffer.alloc(10));
    },
    '/endless': (response) => {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      const chunk = Buffer.alloc(1024 * 1024, 3);
      const pump = () => {
        while (response.write(chunk)) if (response.destroyed) return;
        response.once('drain', pump);
      };
      pump();
    },
    '/gone': (response) => response.writeHead(404).end('not found'),
    '/loop-a': (response) => response.writeHead(302, { location: '/loop-b' }).end(),
    '/loop-b': (response) => response.writeHead(302, { location: '/loop-a' }).end(),
    '/claims-double': (response) => lyingLength(response, 2000, 1000),
    '/claims-less': (response) => lyingLength(response, 40, png.length),
    '/private': (response) => response.writeHead(302, { location: '/login' }).end(),
    '/login': (response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<form><input type=password></form>'),
    '/sign-in-first': (response) => response.writeHead(401, { 'content-type': 'text/html' }).end('log in first'),
    '/drops-then-hangs': (response) => {
      if (++dropsThenHangs === 1) response.socket?.destroy();
    },
    '/whole.png': (response) => response.writeHead(200, { 'content-type': 'image/png' }).end(png),
    '/png-as-html': (response) => response.writeHead(200, { 'content-type': 'text/html' }).end(png),
  };

  let dropsThenHangs = 0;

  /** A 1x1 PNG, complete (IHDR, IDAT, IEND). */
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64');

  /** Announces `declared` bytes, sends `sent` (of the PNG, then zeros), and closes: Node's own length check is bypassed. */
  function lyingLength(response: ServerResponse, declared: number, sent: number) {
    const socket = response.socket as Socket;
    const body = Buffer.concat([png, Buffer.alloc(Math.max(0, sent - png.length))]).subarray(0, sent);
    socket.write(`HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: ${declared}\r\nConnection: close\r\n\r\n`);
    socket.end(body);
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      open.add(response);
      response.on('close', () => open.delete(response));
      routes[request.url ?? '']?.(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const response of open) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a server that never answers: timeout, not a hang', async () => {
    const started = performance.now();
    expect(await fetchMemeImage(`${origin}/never-answers`, undefined, 300)).toEqual({ ok: false, reason: 'timeout', seconds: 0 });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  test('headers then a body that stops: timeout', async () => {
    expect(await fetchMemeImage(`${origin}/stalls-mid-body`, undefined, 300)).toMatchObject({ ok: false, reason: 'timeout' });
  });

  test('a slow download that keeps sending is not cut off (idle timeout, not a total one)', async () => {
    // 0.8 s in all, a chunk every 0.1 s: over the 0.5 s idle limit in total, far under it between
    // chunks even when a busy machine delays a timer (at 0.3 s it failed at load 14).
    const fetched = await fetchMemeImage(`${origin}/trickle`, undefined, 500);
    expect(fetched.ok && fetched.blob.size).toBe(800);
  });

  test('a Content-Length over the limit is refused before the body is read', async () => {
    expect(await fetchMemeImage(`${origin}/claims-30mb`, undefined, 2000)).toMatchObject({ ok: false, reason: 'too-large', bytes: 30 * 1024 * 1024 });
  });

  test('an endless body with no Content-Length stops at the 20 MB limit', async () => {
    const fetched = await fetchMemeImage(`${origin}/endless`, undefined, 5000);
    expect(fetched).toMatchObject({ ok: false, reason: 'too-large' });
    expect(!fetched.ok && fetched.reason === 'too-large' && fetched.bytes).toBeLessThanOrEqual(21 * 1024 * 1024);
  });

  test('the caller can still cancel (its signal and the timeout both apply)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await fetchMemeImage(`${origin}/never-answers`, controller.signal, 10_000)).toMatchObject({ ok: false, reason: 'network-error' });
  });

  test('a server that drops the connection, then hangs while the failure is looked into: timeout', async () => {
    expect(await fetchMemeImage(`${origin}/drops-then-hangs`, undefined, 300)).toEqual({ ok: false, reason: 'timeout', seconds: 0 });
  });

  test('a redirect loop is named as one', async () => {
    expect(await fetchMemeImage(`${origin}/loop-a`)).toEqual({ ok: false, reason: 'redirect-loop' });
  });

  test('a body shorter than its Content-Length: the download broke off, with the size announced', async () => {
    expect(await fetchMemeImage(`${origin}/claims-double`)).toEqual({ ok: false, reason: 'download-cut', declared: 2000 });
  });

  test('a Content-Length shorter than the file: the image is cut short', async () => {
    expect(await fetchMemeImage(`${origin}/claims-less`)).toEqual({ ok: false, reason: 'incomplete', bytes: 40 });
  });

  test('a login form where the image should be is a web page, not "not an image"', async () => {
    expect(await fetchMemeImage(`${origin}/private`)).toEqual({ ok: false, reason: 'web-page' });
  });

  test('an image labelled text/html is still an image (the bytes decide)', async () => {
    const fetched = await fetchMemeImage(`${origin}/png-as-html`);
    expect(fetched.ok && fetched.blob.size).toBe(png.length);
  });

  test("a blob: URL the extension cannot read lives only in its page", async () => {
    expect(await fetchMemeImage('blob:http://127.0.0.1:9/0b6e4c9e-0000-4000-8000-000000000000')).toEqual({ ok: false, reason: 'page-only' });
  });

  test('HTTP errors keep their status', async () => {
    expect(await fetchMemeImage(`${origin}/gone`)).toEqual({ ok: false, reason: 'http-error', status: 404 });
    expect(await fetchMemeImage(`${origin}/sign-in-first`)).toEqual({ ok: false, reason: 'http-error', status: 401 });
    const whole = await fetchMemeImage(`${origin}/whole.png`);
    expect(whole.ok && whole.blob.size).toBe(png.length);
  });
});
