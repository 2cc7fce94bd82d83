/**
 * Ingest benchmark: the memegen folder (../shared/memes/memegen, 208 images) imported through
 * the options page of the built extension in headless Chromium, end to end: file → import queue
 * → decode → face detection → expression model → IndexedDB. Needs `npx wxt build` first.
 * Run: npx tsx benchmarks/ingest.ts  → benchmarks/results/ingest.json
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { launchExtension } from '../tests/e2e/fixtures';
import { MEMEGEN } from '../tests/e2e/library-fixtures';

export interface IngestBenchmark {
  benchmark: 'ingest';
  browser: string;
  cpu: string;
  /** 1-minute load average when the run started: other work on the machine slows every number. */
  loadAverage: number;
  images: number;
  seconds: number;
  imagesPerSecond: number;
  goalImagesPerSecond: number;
  meetsGoal: boolean;
  summary: string;
}

export async function runIngestBenchmark(): Promise<IngestBenchmark> {
  const images = readdirSync(join(MEMEGEN, 'images')).filter((name) => /\.(jpe?g|png|gif)$/i.test(name)).length;
  const loadAverage = loadavg()[0];
  const extension = await launchExtension();
  try {
    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    await page.getByTestId('library-summary').waitFor();
    // Load the models first, so the rate is the steady state, not the one-off model load.
    await page.evaluate(() => chrome.runtime.sendMessage({ id: 0, type: 'ensureOffscreen', timestamp: Date.now() }));
    await page.waitForTimeout(3000);
    const started = performance.now();
    await page.getByTestId('import-folder').setInputFiles(MEMEGEN);
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    const imagesPerSecond = images / seconds;
    return {
      benchmark: 'ingest',
      browser: extension.context.browser()?.version() ?? 'chromium',
      cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
      loadAverage: Number(loadAverage.toFixed(2)),
      images,
      seconds: Number(seconds.toFixed(2)),
      imagesPerSecond: Number(imagesPerSecond.toFixed(2)),
      goalImagesPerSecond: 25,
      meetsGoal: imagesPerSecond >= 25,
      summary: (await summary.textContent()) ?? '',
    };
  } finally {
    await extension.close();
  }
}

if (process.argv[1]?.endsWith('ingest.ts')) {
  const result = await runIngestBenchmark();
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'ingest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
