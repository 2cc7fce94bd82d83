/**
 * How much memory an import of the largest images allowed takes: eight 64-megapixel PNGs
 * (8000x7999, one flat colour each, so each is a different file of about 200 kB) are imported
 * through the library page, and the extension renderer's peak resident memory is sampled from
 * /proc every 100 ms. Each in-flight image is decoded at full size (256 MB), so the figure shows
 * how many the analysis workers hold at once (docs/benchmarks.md, "Two images at most in each
 * worker"). One JSON line for the build in .output/chrome-mv3.
 *
 * Run: npx tsx benchmarks/experiments/large-image-memory.ts [label]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { launchExtension } from '../../tests/e2e/fixtures';
import { pngChunk } from '../../tests/fixtures/bad-inputs/make-bad-inputs';

const WIDTH = 8000;
const HEIGHT = 7999;
const IMAGES = 8;

/** An RGB PNG of one colour: each row is filter 0 and the same pixels. */
function flatPng(rgb: [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + WIDTH * 3);
  for (let x = 0; x < WIDTH; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.alloc(row.length * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) row.copy(raw, y * row.length);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter choice, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw, { level: 6 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/** The largest resident memory of any Chromium renderer process now, in kB. */
function largestRendererKb(): number {
  let largest = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      largest = Math.max(largest, Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0));
    } catch {
      // ended meanwhile
    }
  }
  return largest;
}

const folder = mkdtempSync(join(tmpdir(), 'meme-mirror-large-'));
const files = Array.from({ length: IMAGES }, (_, i) => {
  const path = join(folder, `large-${i}.png`);
  writeFileSync(path, flatPng([i * 30, 128, 255 - i * 30]));
  return path;
});
const extension = await launchExtension();
try {
  const page = await extension.context.newPage();
  await page.goto(extension.url('options.html'));
  await page.getByTestId('library-summary').waitFor();
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, largestRendererKb())), 100);
  const started = performance.now();
  await page.getByTestId('import-files').setInputFiles(files);
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 300_000 });
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      label: process.argv[2] ?? 'build',
      images: IMAGES,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      summary: await summary.textContent(),
      peakRendererMB: Math.round(peakKb / 1024),
    }),
  );
} finally {
  await extension.close();
  rmSync(folder, { recursive: true, force: true });
}
