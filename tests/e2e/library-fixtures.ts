import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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
  faces: { box: { x: number; y: number; width: number; height: number }; modelVersion: string; dimension: number }[];
}

/** Reads the library straight from IndexedDB in an extension context (service worker or page). */
export async function readLibrary(context: Worker | Page): Promise<StoredMeme[]> {
  return (context as Page).evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('meme-mirror');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    type Face = { memeId: string; box: { x: number; y: number; width: number; height: number }; modelVersion: string; embedding: Float32Array };
    const [memes, faces] = await Promise.all([all<Record<string, unknown> & { id: string; blob: Blob }>('memes'), all<Face>('faces')]);
    db.close();
    return memes.map(({ blob, ...meme }) => ({
      ...(meme as unknown as Omit<StoredMeme, 'bytes' | 'faces'>),
      bytes: blob.size,
      faces: faces.filter((face) => face.memeId === meme.id).map((face) => ({ box: face.box, modelVersion: face.modelVersion, dimension: face.embedding.length })),
    }));
  });
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
