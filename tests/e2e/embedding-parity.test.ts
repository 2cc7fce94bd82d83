import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {chromium, type Browser} from 'playwright-core';
import {afterAll, beforeAll, expect, test} from 'vitest';

// Proves the browser runtime (lib/embedding on tfjs-tflite wasm) computes what torch computed for
// the same 20 aligned faces: the fixture is written by training/publish.py with the model.

interface ParityExpected {
  modelSha256: string;
  count: number;
  size: number;
  /** 1e-4 for float activations; what int8 activations allow (training/publish.py). */
  tolerance: number;
  embedding: number[][];
  probabilities: number[][];
}

interface PageOutputs {
  modelVersion: string;
  embedding: number[][];
  probabilities: number[][];
  msPerFace: number;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = `${root}tests/fixtures/parity/`;
const expected = JSON.parse(readFileSync(`${fixtures}expected.json`, 'utf8')) as ParityExpected;
const manifest = JSON.parse(readFileSync(`${root}models/expression-embedder.json`, 'utf8')) as {sha256: string};

let server: Server;
let browser: Browser;
let baseUrl: string;

async function bundleRuntime(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import createExpressionEmbedder from './lib/embedding/expression-embedder';
        globalThis.createExpressionEmbedder = createExpressionEmbedder;`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

beforeAll(async () => {
  const bundle = await bundleRuntime();
  const files: Record<string, {body: string | Buffer; type: string}> = {
    '/': {body: '<!doctype html><script type="module" src="/runtime.js"></script>', type: 'text/html'},
    '/runtime.js': {body: bundle, type: 'text/javascript'},
    '/model.tflite': {body: readFileSync(`${root}models/expression-embedder.tflite`), type: 'application/octet-stream'},
    '/faces.u8': {body: readFileSync(`${fixtures}faces.u8`), type: 'application/octet-stream'},
  };
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    const wasmFile = path.match(/^\/tflite\/([\w.]+)$/)?.[1];
    const file = wasmFile
      ? {
          body: readFileSync(`${root}node_modules/@tensorflow/tfjs-tflite/wasm/${wasmFile}`),
          type: wasmFile.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
        }
      : files[path];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {'content-type': file.type}).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('fixture was made with the committed model', () => {
  expect(expected.modelSha256).toBe(manifest.sha256);
});

test(`tfjs-tflite in Chromium matches torch within ${expected.tolerance} on 20 aligned faces`, async () => {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => 'createExpressionEmbedder' in globalThis);
  const outputs = await page.evaluate(async ({count, size}): Promise<PageOutputs> => {
    type Create = typeof import('../../lib/embedding/expression-embedder').default;
    const create = (globalThis as unknown as {createExpressionEmbedder: Create}).createExpressionEmbedder;
    const embedder = await create({modelUrl: '/model.tflite', wasmPath: '/tflite/'});
    const bytes = new Uint8Array(await (await fetch('/faces.u8')).arrayBuffer());
    const faces = Array.from({length: count}, (_, i) =>
      Float32Array.from(bytes.subarray(i * size * size, (i + 1) * size * size), (v) => v / 255));
    embedder.embed(faces[0]); // warm-up: first call allocates the interpreter's tensors
    const started = performance.now();
    const results = faces.map((face) => embedder.embed(face));
    const msPerFace = (performance.now() - started) / count;
    embedder.close();
    return {
      modelVersion: embedder.modelVersion,
      embedding: results.map((r) => Array.from(r.embedding)),
      probabilities: results.map((r) => Array.from(r.probabilities)),
      msPerFace,
    };
  }, {count: expected.count, size: expected.size});
  await page.close();

  const maxDiff = (actual: number[][], wanted: number[][]): number =>
    Math.max(...wanted.flatMap((row, i) => row.map((value, j) => Math.abs(value - actual[i][j]))));
  console.log(`${outputs.modelVersion}: ${outputs.msPerFace.toFixed(2)} ms per face (1 wasm thread)`);
  expect(outputs.embedding).toHaveLength(expected.count);
  expect(maxDiff(outputs.embedding, expected.embedding)).toBeLessThanOrEqual(expected.tolerance);
  expect(maxDiff(outputs.probabilities, expected.probabilities)).toBeLessThanOrEqual(expected.tolerance);
}, 60_000);
