import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Worker } from 'playwright-core';
import { launchExtension, type LaunchedExtension } from './fixtures';
import { readStores } from './library-fixtures';
import { makeBadInputs, uniqueFace } from '../fixtures/bad-inputs/make-bad-inputs';
import {
  behindLogin,
  neverAnswer,
  redirectTo,
  serveBytes,
  serveChunked,
  serveFile,
  serveGzipped,
  serveLyingLength,
  serveWithoutCors,
  stallMidBody,
  startBadInputServer,
  status,
  type BadInputServer,
  type Route,
} from '../fixtures/bad-inputs/bad-input-server';
import { addThroughMenu } from './library-builder';

/**
 * The bad-input corpus (tests/fixtures/bad-inputs/make-bad-inputs.ts), each case offered to
 * "Add to Meme Mirror" through the very function the context menu calls, served by a local
 * server that misbehaves on purpose. For every case: the sentence the user is shown, and the
 * library afterwards: exactly as before, or exactly one new meme with its faces, never a meme
 * without its faces or a face without its meme. After every refusal the next add still works.
 * The calls pass no tab, so the page's own copy is never asked for: the login, blob: and CORS
 * cases read what the user sees where the page cannot help either (no access to its frame, or
 * the page refused too). Where it can, they are added: tests/e2e/library-page-copy.test.ts.
 */

const ADDED_1 = 'Added: 1 face';
const ADDED_2 = 'Added: 2 faces';
const ADDED_NO_FACE = 'Added without a face: teach it the face it makes on the options page';
const DUPLICATE = 'Already in your memes';
const UNSUPPORTED = 'Not added: not a JPEG, PNG, WebP, GIF, AVIF or BMP image';
const DAMAGED = 'Not added: the image could not be read (the file may be damaged)';
const TOO_LARGE = 'Not added: the image is larger than the 20 MB limit';
const NOT_SHARED = 'Not added: the site did not let Meme Mirror download the image. Open the image in its own tab and try again.';
const NETWORK = 'Not added: the server did not return the image (too many redirects or a network error). Try again later.';
const REDIRECT_LOOP = 'Not added: the site redirected too many times and never sent the image. Try again later.';
const PAGE_ONLY = 'Not added: this image only exists inside that page, which Meme Mirror cannot read. Save the image from the page, then import the file on the options page.';
const WEB_PAGE =
  'Not added: the site sent a web page instead of the image (most likely a sign-in page; Meme Mirror downloads without your cookies). Save the image from the page, then import the file on the options page.';
const TIMED_OUT = 'Not added: the site did not answer for 20 seconds. Try again later.';
const pixels = (size: string) => `Not added: the image is too large (${size} pixels; the limit is 16384 a side)`;
const megapixels = (size: string, megapixels: number) => `Not added: the image has too many pixels (${size}, ${megapixels} megapixels; the limit is 64 megapixels)`;
const http = (code: number) => `Not added: the image could not be downloaded (HTTP ${code})`;
const signIn = (code: number) =>
  `Not added: the site refused (HTTP ${code}): it probably wants you to sign in, and Meme Mirror downloads without your cookies. Save the image from the page, then import the file on the options page.`;
const cutOff = (declared: number) => `Not added: the download broke off before the end of the image (the site announced ${declared} bytes). Try again later.`;
const incomplete = (bytes: number) => `Not added: the image stops after ${bytes} bytes, before its end (the site sent only part of it, or the file is damaged)`;
const sizeOf = (path: string) => readFileSync(path).length;

interface BadInputCase {
  name: string;
  /** The server path the case is served at (its route), or a URL made from the server's origin. */
  path: string;
  route?: Route;
  /** For URLs that are not the server's (data:, blob:). */
  srcUrl?: () => string | Promise<string>;
  reason: string;
  message: string;
  /** Faces stored with the new meme (added cases only). */
  faces?: number;
  /** Added two-faces picture: stored upright, 512x256, one face on each half. */
  upright?: boolean;
  title?: string | RegExp;
  mime?: string;
}

const files = makeBadInputs();
const LONG_NAME = `${'very-long-meme-name-'.repeat(150)}end`; // 3003 characters
let blobUrlOfPage = '';

const CASES: BadInputCase[] = [
  { name: 'a plain JPEG (control)', path: '/face.jpg', route: serveFile(files.face, 'image/jpeg'), reason: 'added', message: ADDED_1, faces: 1 },
  ...([1, 2, 3, 4, 5, 6, 7, 8] as const).map((n) => ({
    name: `EXIF orientation ${n}: turned upright before detection`,
    path: `/exif-${n}.jpg`,
    route: serveFile(files[`exif${n}`], 'image/jpeg'),
    reason: 'added',
    message: ADDED_2,
    faces: 2,
    upright: true,
  })),
  { name: 'CMYK JPEG', path: '/cmyk.jpg', route: serveFile(files.cmyk, 'image/jpeg'), reason: 'added', message: ADDED_2, faces: 2, upright: true },
  { name: 'greyscale JPEG', path: '/grey.jpg', route: serveFile(files.greyJpeg, 'image/jpeg'), reason: 'added', message: ADDED_1, faces: 1 },
  { name: '16-bit PNG', path: '/sixteen.png', route: serveFile(files.png16, 'image/png'), reason: 'added', message: ADDED_1, faces: 1, mime: 'image/png' },
  { name: 'translucent PNG (alpha 0.6)', path: '/translucent.png', route: serveFile(files.pngAlpha, 'image/png'), reason: 'added', message: ADDED_1, faces: 1 },
  { name: 'animated GIF (face in the first frame; kept whole)', path: '/animated.gif', route: serveFile(files.gif, 'image/gif'), reason: 'added', message: ADDED_1, faces: 1, mime: 'image/gif' },
  { name: 'APNG', path: '/animated.png', route: serveFile(files.apng, 'image/png'), reason: 'added', message: ADDED_1, faces: 1, mime: 'image/png' },
  { name: 'animated WebP', path: '/animated.webp', route: serveFile(files.webpAnimated, 'image/webp'), reason: 'added', message: ADDED_1, faces: 1, mime: 'image/webp' },
  { name: 'lossless WebP', path: '/lossless.webp', route: serveFile(files.webpLossless, 'image/webp'), reason: 'added', message: ADDED_1, faces: 1 },
  { name: 'AVIF', path: '/face.avif', route: serveFile(files.avif, 'image/avif'), reason: 'added', message: ADDED_1, faces: 1, mime: 'image/avif' },
  { name: 'BMP', path: '/face.bmp', route: serveFile(files.bmp, 'image/bmp'), reason: 'added', message: ADDED_1, faces: 1, mime: 'image/bmp' },
  { name: 'a real JPEG served as text/html (the bytes decide)', path: '/mislabelled', route: serveBytes(uniqueFace('mislabelled'), 'text/html'), reason: 'added', message: ADDED_1, faces: 1, mime: 'image/jpeg' },
  { name: 'gzip Content-Encoding', path: '/gzipped.bmp', route: serveGzipped(files.bmp, 'image/bmp'), reason: 'duplicate', message: DUPLICATE },
  { name: 'a redirect to the image is followed', path: '/moved.jpg', route: redirectTo('/moved-here.jpg', 301), reason: 'added', message: ADDED_1, faces: 1 },
  { name: 'just under 20 MB (a JPEG padded after its end)', path: '/just-under.jpg', route: serveFile(files.just20mb, 'image/jpeg'), reason: 'added', message: ADDED_1, faces: 1 },
  { name: 'Unicode file name becomes the title', path: `/memes/${encodeURIComponent('😀 猫-ünïcode_Ω.jpg')}`, route: serveBytes(uniqueFace('unicode'), 'image/jpeg'), reason: 'added', message: ADDED_1, faces: 1, title: '😀 猫 ünïcode Ω' },
  { name: 'malformed percent-encoding in the URL', path: '/memes/100%25-sure%E0%A4%A.jpg', route: serveBytes(uniqueFace('bad-escape'), 'image/jpeg'), reason: 'added', message: ADDED_1, faces: 1, title: '100%25 sure%E0%A4%A' },
  { name: 'a 3000-character file name and query', path: `/memes/${LONG_NAME}.jpg`, route: serveBytes(uniqueFace('long'), 'image/jpeg'), reason: 'added', message: ADDED_1, faces: 1, title: /^(very long meme name ){9}very long meme name$/ },
  { name: 'data: URL of a JPEG', path: 'data:', srcUrl: () => `data:image/jpeg;base64,${uniqueFace('data-url').toString('base64')}`, reason: 'added', message: ADDED_1, faces: 1, title: 'page' } /* a data: image is filed under its page (/page.html), not megabytes of URL */,
  { name: 'the same picture again from another URL', path: '/face-copy.jpg', route: serveFile(files.face, 'image/jpeg'), reason: 'duplicate', message: DUPLICATE },
  { name: 'a 1x1 image (kept without a face, to be taught one)', path: '/one-pixel.png', route: serveFile(files.onePixel, 'image/png'), reason: 'added', message: ADDED_NO_FACE, faces: 0 },
  { name: 'truncated JPEG (40% of the file)', path: '/truncated.jpg', route: serveFile(files.truncatedJpeg, 'image/jpeg'), reason: 'incomplete', message: incomplete(sizeOf(files.truncatedJpeg)) },
  { name: 'JPEG missing its last 200 bytes', path: '/truncated-tail.jpg', route: serveFile(files.truncatedTail, 'image/jpeg'), reason: 'incomplete', message: incomplete(sizeOf(files.truncatedTail)) },
  { name: 'JPEG headers only (700 bytes)', path: '/header-only.jpg', route: serveFile(files.headerOnlyJpeg, 'image/jpeg'), reason: 'incomplete', message: incomplete(700) },
  { name: 'truncated PNG (40% of the file)', path: '/truncated.png', route: serveFile(files.truncatedPng, 'image/png'), reason: 'incomplete', message: incomplete(sizeOf(files.truncatedPng)) },
  { name: '0-byte file', path: '/empty.jpg', route: serveFile(files.empty, 'image/jpeg'), reason: 'unsupported-type', message: UNSUPPORTED },
  { name: 'PNG bomb: 30000x30000 in 109 kB', path: '/bomb-30000.png', route: serveFile(files.bomb30000, 'image/png'), reason: 'too-many-pixels', message: pixels('30000×30000') },
  { name: 'PNG bomb under the side limit: 16000x16000 (1 GB decoded) in 31 kB, refused from its header', path: '/bomb-16000.png', route: serveFile(files.bomb16000, 'image/png'), reason: 'too-many-pixels', message: megapixels('16000×16000', 256) },
  { name: 'JPEG whose header claims 65535x65535', path: '/claims-huge.jpg', route: serveFile(files.jpegClaiming65535, 'image/jpeg'), reason: 'too-many-pixels', message: pixels('65535×65535') },
  { name: 'SVG with a script', path: '/script.svg', route: serveFile(files.svgScript, 'image/svg+xml'), reason: 'unsupported-type', message: UNSUPPORTED },
  { name: 'HTML served as image/png', path: '/error-page.png', route: serveFile(files.html, 'image/png'), reason: 'unsupported-type', message: UNSUPPORTED },
  { name: 'ICO', path: '/favicon.ico', route: serveFile(files.ico, 'image/x-icon'), reason: 'unsupported-type', message: UNSUPPORTED },
  { name: 'TIFF', path: '/face.tiff', route: serveFile(files.tiff, 'image/tiff'), reason: 'unsupported-type', message: UNSUPPORTED },
  { name: 'a zip named .jpg', path: '/archive.jpg', route: serveFile(files.zipAsJpeg, 'image/jpeg'), reason: 'unsupported-type', message: UNSUPPORTED },
  { name: 'a PDF claiming to be a JPEG', path: '/document.jpg', route: serveFile(files.pdf, 'image/jpeg'), reason: 'unsupported-type', message: UNSUPPORTED },
  { name: 'JPEG magic bytes, then text', path: '/magic-then-text.jpg', route: serveFile(files.jpegMagicThenText, 'image/jpeg'), reason: 'decode-failed', message: DAMAGED },
  { name: '25 MB file (Content-Length says so)', path: '/big-25mb.jpg', route: serveFile(files.big25mb, 'image/jpeg'), reason: 'too-large', message: TOO_LARGE },
  { name: '25 MB file sent chunked (no Content-Length)', path: '/big-25mb-chunked.jpg', route: serveChunked(files.big25mb, 'image/jpeg'), reason: 'too-large', message: TOO_LARGE },
  { name: 'Content-Length claims 30 MB for a small file', path: '/claims-30mb.jpg', route: serveLyingLength(files.face, 30 * 1024 * 1024), reason: 'too-large', message: TOO_LARGE },
  { name: 'Content-Length claims twice the real size', path: '/claims-double.jpg', route: serveLyingLength(files.greyJpeg, 2 * sizeOf(files.greyJpeg)), reason: 'download-cut', message: cutOff(2 * sizeOf(files.greyJpeg)) },
  { name: 'Content-Length claims less than the real size', path: '/claims-less.jpg', route: serveLyingLength(files.twoFaces, 4000), reason: 'incomplete', message: incomplete(4000) },
  { name: 'HTTP 404', path: '/gone.jpg', route: status(404), reason: 'http-error', message: http(404) },
  { name: 'HTTP 500', path: '/broken-server.jpg', route: status(500), reason: 'http-error', message: http(500) },
  { name: 'redirect loop', path: '/loop-a.jpg', route: redirectTo('/loop-b.jpg'), reason: 'redirect-loop', message: REDIRECT_LOOP },
  { name: 'a server that refuses the connection', path: 'http:', srcUrl: () => 'http://127.0.0.1:1/refused.jpg', reason: 'network-error', message: NETWORK },
  { name: 'a server that never answers (20 s idle timeout)', path: '/never.jpg', route: neverAnswer, reason: 'timeout', message: TIMED_OUT },
  { name: 'a body that stops half way (20 s idle timeout)', path: '/stalls.jpg', route: stallMidBody(files.twoFaces, 'image/jpeg'), reason: 'timeout', message: TIMED_OUT },
  { name: 'an image whose site refuses CORS', path: '/no-cors.jpg', route: serveWithoutCors(files.twoFaces, 'image/jpeg'), reason: 'not-shared', message: NOT_SHARED },
  { name: 'an image behind a login (redirected to the login form without cookies)', path: '/private/face.jpg', route: behindLogin(files.twoFaces, 'image/jpeg', '/login'), reason: 'web-page', message: WEB_PAGE },
  { name: 'an image behind a login (401 without cookies)', path: '/private-401/face.jpg', route: behindLogin(files.twoFaces, 'image/jpeg', '/login', true), reason: 'http-error', message: signIn(401) },
  { name: 'an image whose site refuses it without cookies (403)', path: '/forbidden/face.jpg', route: status(403), reason: 'http-error', message: signIn(403) },
  { name: 'data: URL of an HTML page', path: 'data:', srcUrl: () => 'data:text/html,<script>alert(1)</script>', reason: 'unsupported-type', message: UNSUPPORTED },
  { name: "blob: URL made by the page (the page's own copy)", path: 'blob:', srcUrl: () => blobUrlOfPage, reason: 'page-only', message: PAGE_ONLY },
];

interface LibraryState {
  memes: number;
  faces: number;
  /** Faces whose meme is missing, memes whose stored faces differ from faceCount or are none. */
  orphanFaces: number;
  incompleteMemes: number;
  /** Every meme's id and hash and every face's id, sorted: equal strings mean an identical library. */
  contents: string;
  newest?: { title: string; sourceUrl: string; mime: string; width: number; height: number; faceCount: number; faces: { x: number; width: number }[] };
}

/** Counts and checks the whole library in one read, from the service worker. */
async function libraryState(serviceWorker: Worker, newestId?: string): Promise<LibraryState> {
  type Meme = { id: string; sha256: string; title: string; sourceUrl: string; mime: string; width: number; height: number; faceCount: number };
  type Face = { id: string; memeId: string; box: { x: number; width: number } };
  const { memes, faces } = await readStores<{ memes: Meme; faces: Face }>(serviceWorker, ['memes', 'faces']);
  const ids = new Set(memes.map((meme) => meme.id));
  const facesOf = (memeId: string) => faces.filter((face) => face.memeId === memeId);
  const newest = memes.find((meme) => meme.id === newestId);
  return {
    memes: memes.length,
    faces: faces.length,
    orphanFaces: faces.filter((face) => !ids.has(face.memeId)).length,
    incompleteMemes: memes.filter((meme) => facesOf(meme.id).length !== meme.faceCount).length,
    contents: [...memes.map((meme) => `${meme.id}:${meme.sha256}`), ...faces.map((face) => face.id)].sort().join(' '),
    ...(newest
      ? {
          newest: {
            title: newest.title,
            sourceUrl: newest.sourceUrl,
            mime: newest.mime,
            width: newest.width,
            height: newest.height,
            faceCount: newest.faceCount,
            faces: facesOf(newest.id).map((face) => ({ x: face.box.x, width: face.box.width })),
          },
        }
      : {}),
  };
}

describe('bad inputs offered to "Add to Meme Mirror"', () => {
  let extension: LaunchedExtension;
  let server: BadInputServer;
  const observed: { name: string; reason: string; message: string; memes: string; seconds: number }[] = [];

  beforeAll(async () => {
    const routes: Record<string, Route> = Object.fromEntries(CASES.filter((c) => c.route).map((c) => [c.path.replace(/\?.*$/, ''), c.route!]));
    routes['/moved-here.jpg'] = serveBytes(uniqueFace('redirect-target'), 'image/jpeg');
    routes['/loop-b.jpg'] = redirectTo('/loop-a.jpg');
    routes['/login'] = serveFile(files.loginPage, 'text/html');
    routes['/page.html'] = serveBytes('<!doctype html><title>chat</title><p>a page</p>', 'text/html');
    for (let i = 0; i < CASES.length; i++) routes[`/canary-${i}.jpg`] = serveBytes(uniqueFace(`canary-${i}`), 'image/jpeg');
    // Node decodes the path; the server sees the raw one for the malformed escape.
    server = await startBadInputServer(routes);
    extension = await launchExtension();
    const page = await extension.context.newPage();
    await page.goto(server.url('/page.html'));
    blobUrlOfPage = await page.evaluate(async (origin) => {
      const blob = await (await fetch(`${origin}/face.jpg`)).blob();
      return URL.createObjectURL(blob);
    }, server.origin);
  });
  afterAll(async () => {
    console.table(observed);
    await extension?.close();
    await server?.close();
  });

  const addFromMenu = (srcUrl: string) => addThroughMenu(extension.serviceWorker, srcUrl, server.url('/page.html'));

  test.each(CASES.map((c, i) => ({ ...c, i })))('$name', async (c) => {
    const before = await libraryState(extension.serviceWorker);
    const srcUrl = c.srcUrl ? await c.srcUrl() : `${server.origin}${c.path}${c.path.includes('very-long') ? `?${'q=1&'.repeat(300)}` : ''}`;
    const started = performance.now();
    const result = await addFromMenu(srcUrl);
    const seconds = (performance.now() - started) / 1000;
    const after = await libraryState(extension.serviceWorker, result.outcome.memeId);
    observed.push({ name: c.name, reason: result.outcome.reason ?? 'added', message: result.message, memes: `${before.memes}→${after.memes}`, seconds: Number(seconds.toFixed(2)) });

    expect({ reason: result.outcome.reason ?? 'added', message: result.message }).toEqual({ reason: c.reason, message: c.message });
    // Nothing half-written, ever.
    expect(after).toMatchObject({ orphanFaces: 0, incompleteMemes: 0 });
    if (c.reason === 'added') {
      expect({ memes: after.memes, faces: after.faces }).toEqual({ memes: before.memes + 1, faces: before.faces + c.faces! });
      const meme = after.newest!;
      expect(meme.faceCount).toBe(c.faces);
      if (c.mime) expect(meme.mime).toBe(c.mime);
      if (typeof c.title === 'string') expect(meme.title).toBe(c.title);
      else if (c.title) expect(meme.title).toMatch(c.title);
      expect(meme.title.length).toBeGreaterThan(0);
      if (c.upright) {
        expect({ width: meme.width, height: meme.height }).toEqual({ width: 512, height: 256 });
        const centres = meme.faces.map((face) => face.x + face.width / 2).sort((a, b) => a - b);
        expect(centres[0]).toBeLessThan(256);
        expect(centres[1]).toBeGreaterThan(256);
      }
    } else {
      expect({ memes: after.memes, faces: after.faces, contents: after.contents }).toEqual({ memes: before.memes, faces: before.faces, contents: before.contents });
      // The next add still works: the offscreen document, models and database are all fine.
      const next = await addFromMenu(server.url(`/canary-${c.i}.jpg`));
      expect(next.message).toBe(ADDED_1);
      const afterCanary = await libraryState(extension.serviceWorker);
      expect({ memes: afterCanary.memes, faces: afterCanary.faces, orphanFaces: afterCanary.orphanFaces, incompleteMemes: afterCanary.incompleteMemes }).toEqual({
        memes: before.memes + 1,
        faces: before.faces + 1,
        orphanFaces: 0,
        incompleteMemes: 0,
      });
    }
  });
});
