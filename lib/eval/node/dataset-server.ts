import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface DatasetServer {
  /** Base URL ending in "/": dataset files live under it, extra files under `${url}extra/NAME`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a dataset folder to the eval page on 127.0.0.1 only, with CORS open because the page's
 * origin is chrome-extension://. `?offset=&length=` returns a byte range, so raw crop files are
 * fetched in chunks. `extra` maps names to files outside the folder (evaluation-only models).
 */
export async function startDatasetServer(root: string, extra: Record<string, string> = {}): Promise<DatasetServer> {
  const base = resolve(root);
  const server: Server = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = decodeURIComponent(url.pathname);
    const path = name.startsWith('/extra/') ? extra[name.slice('/extra/'.length)] : resolve(base, `.${name}`);
    const inside = path !== undefined && (path.startsWith(base + sep) || Object.values(extra).includes(path));
    if (request.method !== 'GET' || !inside || !existsSync(path) || !statSync(path).isFile()) {
      response.writeHead(404).end();
      return;
    }
    const size = statSync(path).size;
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const length = Number(url.searchParams.get('length') ?? size - offset);
    const end = Math.min(size, offset + length);
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset > size) {
      response.writeHead(416).end();
      return;
    }
    response.writeHead(200, { 'Content-Length': end - offset, 'Content-Type': 'application/octet-stream' });
    if (end > offset) createReadStream(path, { start: offset, end: end - 1 }).pipe(response);
    else response.end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
