/**
 * One-off experiment for issue 25's ingest profile: what it costs, inside a worker as ingest runs,
 * to turn a memegen file into the RGBA copy at most 640 px long that faces are found in, three ways:
 *  - full: createImageBitmap at full size, then drawImage scaled into a 2D canvas (shipped);
 *  - resize: createImageBitmap asked for the 640 px size (resizeWidth/resizeHeight), drawn 1:1;
 *  - decoder: WebCodecs ImageDecoder with desiredWidth/desiredHeight, its frame drawn scaled.
 * Each image is done by each way in turn, three rounds; medians and means of wall ms per image, and
 * how far the pixels land from the shipped copy (mean absolute difference per channel, 0-255).
 * Run: npx tsx benchmarks/experiments/decode-at-size.ts
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { MEMEGEN } from '../../tests/e2e/library-fixtures';
import { serveFolder } from '../../tests/e2e/static-server';

const WORKER = `
const MAX = 640;
const toPixels = (source, width, height) => {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
};
const fit = (width, height) => {
  const scale = Math.min(1, MAX / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
};
const ways = {
  async full(blob) {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const [w, h] = fit(bitmap.width, bitmap.height);
    const pixels = toPixels(bitmap, w, h);
    bitmap.close();
    return pixels;
  },
  async resize(blob, size) {
    const [w, h] = fit(size.width, size.height);
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', resizeWidth: w, resizeHeight: h, resizeQuality: 'medium' });
    const pixels = toPixels(bitmap, w, h);
    bitmap.close();
    return pixels;
  },
  async decoder(blob, size) {
    const [w, h] = fit(size.width, size.height);
    const decoder = new ImageDecoder({ data: blob.stream(), type: blob.type, desiredWidth: w, desiredHeight: h });
    const { image } = await decoder.decode({ frameIndex: 0 });
    const pixels = toPixels(image, w, h);
    image.close();
    decoder.close();
    return pixels;
  },
};
onmessage = async ({ data: { urls, rounds } }) => {
  const blobs = await Promise.all(urls.map(async (url) => (await fetch(url)).blob()));
  const sizes = [];
  for (const blob of blobs) {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    sizes.push({ width: bitmap.width, height: bitmap.height });
    bitmap.close();
  }
  const ms = { full: [], resize: [], decoder: [] };
  const difference = { resize: [], decoder: [] };
  const failures = {};
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < blobs.length; i++) {
      const copies = {};
      for (const name of Object.keys(ways)) {
        const started = performance.now();
        try {
          copies[name] = await ways[name](blobs[i], sizes[i]);
          ms[name].push(performance.now() - started);
        } catch (error) {
          failures[name + ': ' + String(error)] = (failures[name + ': ' + String(error)] ?? 0) + 1;
        }
      }
      if (round > 0) continue;
      for (const name of ['resize', 'decoder']) {
        const a = copies.full?.data, b = copies[name]?.data;
        if (!a || !b || a.length !== b.length) continue;
        let sum = 0;
        for (let k = 0; k < a.length; k++) if ((k & 3) !== 3) sum += Math.abs(a[k] - b[k]);
        difference[name].push(sum / (a.length * 0.75));
      }
    }
  }
  postMessage({ ms, difference, failures, images: blobs.length });
};
`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[sorted.length >> 1] * 100) / 100;
};
const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)) * 100) / 100;

const memes = await serveFolder(MEMEGEN);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  const files = readdirSync(join(MEMEGEN, 'images')).filter((name) => /\.(jpe?g|png|gif)$/i.test(name));
  // Any page of the server's origin: the worker fetches the images same-origin.
  await page.goto(memes.url(`images/${files[0]}`));
  const result = await page.evaluate(
    ({ source, urls }) =>
      new Promise<{ ms: Record<string, number[]>; difference: Record<string, number[]>; failures: Record<string, number>; images: number }>((resolve) => {
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
        worker.onmessage = ({ data }) => resolve(data);
        worker.postMessage({ urls, rounds: 3 });
      }),
    { source: WORKER, urls: files.map((file) => memes.url(`images/${file}`)) },
  );
  console.log(
    JSON.stringify(
      {
        browser: browser.version(),
        images: result.images,
        medianMs: Object.fromEntries(Object.entries(result.ms).map(([name, values]) => [name, median(values)])),
        meanMs: Object.fromEntries(Object.entries(result.ms).map(([name, values]) => [name, mean(values)])),
        meanAbsoluteDifferenceFromFull: Object.fromEntries(Object.entries(result.difference).map(([name, values]) => [name, mean(values)])),
        failures: result.failures,
      },
      null,
      1,
    ),
  );
} finally {
  await browser.close();
  await memes.close();
}
