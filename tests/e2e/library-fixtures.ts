import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { REPO_ROOT, SHARED } from './fixtures';

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};

export interface ImageServer {
  origin: string;
  url(path: string): string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A local web server on 127.0.0.1 standing in for the web: `routes` maps a path to a file on
 * disk or to a JSON value. Answers with `Access-Control-Allow-Origin: *`, as image CDNs do.
 */
export async function startImageServer(routes: Record<string, string | { json: (origin: string) => unknown }>): Promise<ImageServer> {
  const requests: string[] = [];
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const route = routes[path];
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (route === undefined || (typeof route === 'string' && !existsSync(route))) {
      response.writeHead(404).end('not found');
      return;
    }
    if (typeof route !== 'string') {
      response.writeHead(200, { 'Content-Type': MIME['.json'] }).end(JSON.stringify(route.json(origin)));
      return;
    }
    response.writeHead(200, { 'Content-Type': MIME[extname(route)] ?? 'application/octet-stream' }).end(readFileSync(route));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no server address');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const MEMEGEN = join(SHARED, 'memes/memegen');
export const ONE_FACE = join(SHARED, 'datasets/tcce-dev/images/0111b01.jpg'); // one person, happy, 256x256
export const NO_FACE = join(MEMEGEN, 'images/exit.png'); // a road sign: no face

/** Two different people side by side (512x256), made at test time from tcce-dev with ffmpeg. */
export function twoFacesImage(): string {
  const dir = join(REPO_ROOT, '.cache/library');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'two-faces.jpg');
  if (!existsSync(out)) {
    const second = join(SHARED, 'datasets/tcce-dev/images/0101a02.jpg');
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-i', ONE_FACE, '-i', second, '-filter_complex', '[0:v]scale=256:256[a];[1:v]scale=256:256[b];[a][b]hstack', '-q:v', '3', out]);
  }
  return out;
}

export interface StoredMeme {
  id: string;
  title: string;
  sourceUrl: string;
  pageUrl?: string;
  addedAt: number;
  mime: string;
  width: number;
  height: number;
  faceCount: number;
  bytes: number;
  /** The library page's thumbnail (lib/library/meme-thumbnail.ts); null where it gets none, absent where none was made yet. */
  thumbnailBytes?: number | null;
  faces: { box: { x: number; y: number; width: number; height: number }; modelVersion: string; dimension: number }[];
}

/**
 * Every record of `stores` in the extension's IndexedDB, read in an extension context (service
 * worker or page; a store that does not exist yet reads as empty). Blobs cannot cross into the
 * test, so a Blob value arrives as its size in bytes and a typed array as its length; `Shapes`
 * names each store's record type as it arrives.
 */
export async function readStores<Shapes extends Record<string, object>>(
  context: Worker | Page,
  stores: readonly (keyof Shapes & string)[],
): Promise<{ [Store in keyof Shapes]: Shapes[Store][] }> {
  const records = await (context as Page).evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('meme-mirror');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // One transaction over every store: it sees one committed state, so a meme committed between
    // two separate reads cannot show up as a face without its meme (the import keeps writing).
    const present = names.filter((name) => db.objectStoreNames.contains(name));
    const transaction = present.length > 0 ? db.transaction(present) : undefined;
    const all = (store: string) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        if (!transaction || !present.includes(store)) return resolve([]);
        const request = transaction.objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      });
    const crossable = (value: unknown) => (value instanceof Blob ? value.size : ArrayBuffer.isView(value) ? (value as Float32Array).length : value);
    const read = await Promise.all(names.map(all));
    db.close();
    return read.map((list) => list.map((record) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, crossable(value)]))));
  }, stores);
  return Object.fromEntries(stores.map((store, i) => [store, records[i]])) as { [Store in keyof Shapes]: Shapes[Store][] };
}

/** The library as the tests check it: each meme with its faces, read straight from IndexedDB. */
export async function readLibrary(context: Worker | Page): Promise<StoredMeme[]> {
  type Meme = Omit<StoredMeme, 'bytes' | 'thumbnailBytes' | 'faces'> & { blob: number; thumbnail?: number | null };
  type Face = { memeId: string; box: StoredMeme['faces'][number]['box']; modelVersion: string; embedding: number };
  const { memes, faces } = await readStores<{ memes: Meme; faces: Face }>(context, ['memes', 'faces']);
  return memes.map(({ blob, thumbnail, ...meme }) => ({
    ...meme,
    bytes: blob,
    ...(thumbnail === undefined ? {} : { thumbnailBytes: thumbnail }),
    faces: faces.filter((face) => face.memeId === meme.id).map((face) => ({ box: face.box, modelVersion: face.modelVersion, dimension: face.embedding })),
  }));
}

export interface SearchCandidate {
  memeId: string;
  faceId: string;
  score: number;
}

/**
 * Shows a still image to the offscreen document as a camera frame with `match` on (what the
 * popup sends) and returns the library's nearest memes for its largest face.
 */
export async function matchStillImage(page: Page, imagePath: string): Promise<SearchCandidate[]> {
  const base64 = readFileSync(imagePath).toString('base64');
  return page.evaluate(async (data) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    const image = canvas.getContext('2d')!.getImageData(0, 0, bitmap.width, bitmap.height);
    bitmap.close();
    const channel = new BroadcastChannel('meme-mirror/frames');
    const requestId = 800_000 + Math.floor(Math.random() * 1000);
    try {
      return await new Promise<SearchCandidate[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('offscreen did not answer')), 30_000);
        channel.onmessage = (event: MessageEvent<{ type: string; requestId?: number; match?: { candidates: SearchCandidate[] }; reason?: string }>) => {
          if (event.data.requestId !== requestId) return;
          clearTimeout(timer);
          if (event.data.type === 'frame-result') resolve(event.data.match?.candidates ?? []);
          else reject(new Error(event.data.reason ?? 'match failed'));
        };
        channel.postMessage({ type: 'detect-frame', requestId, match: true, sessionId: `test-${requestId}`, width: image.width, height: image.height, pixels: image.data });
      });
    } finally {
      channel.close();
    }
  }, base64);
}

const CACHE = join(REPO_ROOT, '.cache/library');

function ffmpeg(args: string[], out: string): string {
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(out)) execFileSync('ffmpeg', ['-y', '-loglevel', 'error', ...args, out]);
  return out;
}

/** Writes an EXIF APP1 segment with one Orientation tag right after a JPEG's SOI marker. */
export function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, first IFD at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, 1
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(payload.length + 2);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, payload, jpeg.subarray(2)]);
}

/**
 * The two-faces picture (512x256) in every accepted format, made at test time with ffmpeg, plus
 * a JPEG whose pixels are stored turned 90° with an EXIF tag saying how to show it upright, and
 * an animated GIF whose first frame has the faces and whose second frame is blank.
 */
export function formatFixtures(): Record<string, string> {
  const source = twoFacesImage();
  const rotatedPixels = ffmpeg(['-i', source, '-vf', 'transpose=2', '-q:v', '3'], join(CACHE, 'two-faces-pixels-ccw.jpg'));
  const exif = join(CACHE, 'two-faces-exif-6.jpg');
  if (!existsSync(exif)) writeFileSync(exif, withExifOrientation(readFileSync(rotatedPixels), 6));
  return {
    png: ffmpeg(['-i', source], join(CACHE, 'two-faces.png')),
    webp: ffmpeg(['-i', source, '-c:v', 'libwebp_anim', '-quality', '85'], join(CACHE, 'two-faces.webp')),
    avif: ffmpeg(['-i', source, '-c:v', 'libaom-av1', '-still-picture', '1', '-crf', '30', '-pix_fmt', 'yuv420p'], join(CACHE, 'two-faces.avif')),
    bmp: ffmpeg(['-i', source], join(CACHE, 'two-faces.bmp')),
    gif: ffmpeg(
      ['-loop', '1', '-t', '0.5', '-i', source, '-f', 'lavfi', '-t', '0.5', '-i', 'color=c=gray:s=512x256:r=10', '-filter_complex', '[0:v]fps=10,format=rgb24[a];[1:v]format=rgb24[b];[a][b]concat=n=2:v=1:a=0,split[s0][s1];[s0]palettegen[p];[s1][p]paletteuse'],
      join(CACHE, 'two-faces-animated.gif'),
    ),
    exifJpeg: exif,
  };
}
