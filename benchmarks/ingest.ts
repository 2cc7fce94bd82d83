/**
 * Ingest benchmark: the memegen folder (../shared/memes/memegen, 208 images) imported through
 * the options page of the built extension in headless Chromium, end to end: file → import queue
 * → decode → face detection → expression model → IndexedDB. Needs `npx wxt build` first.
 * Run: npx tsx benchmarks/ingest.ts  → benchmarks/results/ingest.json
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuiltExtension, launchExtension } from '../tests/e2e/fixtures';
import { MEMEGEN } from '../tests/e2e/library-fixtures';

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by the Chromium running on `profileDir`, per process
 * kind ("browser", "renderer", "gpu-process", "utility", …): where an import's CPU goes beyond
 * the offscreen document's own thread.
 */
function chromiumCpuSeconds(profileDir: string): Record<string, number> {
  const processes = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return [{ pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmdline }];
      } catch {
        return []; // ended meanwhile
      }
    });
  const browser = processes.find((p) => p.cmdline.includes(profileDir) && !p.cmdline.includes('--type='));
  if (!browser) return {};
  const family = new Set([browser.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) if (!family.has(p.pid) && family.has(p.ppid)) grew = family.add(p.pid).size > 0;
  }
  const byKind: Record<string, number> = {};
  for (const p of processes.filter((p) => family.has(p.pid))) {
    const kind = p.cmdline.match(/--type=([\w-]+)/)?.[1] ?? 'browser';
    byKind[kind] = (byKind[kind] ?? 0) + p.ticks / CLOCK_TICKS_PER_SECOND;
  }
  return byKind;
}

const total = (byKind: Record<string, number>) => Object.values(byKind).reduce((sum, seconds) => sum + seconds, 0);

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
  /** CPU time all of Chromium's processes spent on the import, per image. */
  cpuMsPerImage: number;
  /** The same, per Chromium process kind (browser, renderer, gpu-process, utility, zygote). */
  cpuMsPerImageByProcess: Record<string, number>;
  /**
   * The rate that CPU time allows on this machine's cores with nothing else running: an upper
   * bound (it assumes the work spreads over every core).
   */
  idleUpperBoundImagesPerSecond: number;
  /** Images stored with at least one face found (the rest are listed as without a face). */
  imagesWithFace: number;
  /** Faces found over all stored images: a group photo counts each face. */
  faces: number;
  summary: string;
}

export async function runIngestBenchmark(): Promise<IngestBenchmark> {
  const images = readdirSync(join(MEMEGEN, 'images')).filter((name) => /\.(jpe?g|png|gif)$/i.test(name)).length;
  const loadAverage = loadavg()[0];
  const profileDir = mkdtempSync(join(tmpdir(), 'meme-mirror-bench-'));
  // A private copy of the build: a rebuild of .output during the run must not change what runs.
  const build = join(profileDir, '..', `${profileDir.split('/').pop()}-extension`);
  cpSync(ensureBuiltExtension(), build, { recursive: true });
  const extension = await launchExtension({ profileDir, extraArgs: [`--disable-extensions-except=${build}`, `--load-extension=${build}`] });
  try {
    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    await page.getByTestId('library-summary').waitFor();
    // Timed from the pick, models not yet loaded: what a user waits for on a first import.
    const started = performance.now();
    const cpuStarted = chromiumCpuSeconds(profileDir);
    // The image files themselves (what picking the folder queues, minus index.csv and the licence).
    const files = readdirSync(join(MEMEGEN, 'images')).filter((name) => /\.(jpe?g|png|gif)$/i.test(name)).map((name) => join(MEMEGEN, 'images', name));
    await page.getByTestId('import-files').setInputFiles(files, { timeout: 180_000 });
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    const cpuEnded = chromiumCpuSeconds(profileDir);
    const cpuSeconds = total(cpuEnded) - total(cpuStarted);
    const cpuMsPerImageByProcess = Object.fromEntries(
      Object.entries(cpuEnded).map(([kind, seconds]) => [kind, Number((((seconds - (cpuStarted[kind] ?? 0)) * 1000) / images).toFixed(1))]),
    );
    const imagesPerSecond = images / seconds;
    // Read off the page as a user sees it (page.evaluate would meet tsx's __name helper here):
    // the import summary's first count is images added, and once the page has counted them all,
    // the library summary says how many faces they hold.
    const summaryText = (await summary.textContent()) ?? '';
    const added = Number(summaryText.match(/\d+/)?.[0] ?? 0);
    const librarySummary = page.getByTestId('library-summary');
    const counts = async () => ((await librarySummary.textContent()) ?? '').match(/\d+/g)?.map(Number) ?? [];
    for (let tries = 0; (await counts())[0] !== added && tries < 100; tries++) await page.waitForTimeout(100);
    const faces = (await counts())[1] ?? 0;
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
      cpuMsPerImage: Number(((cpuSeconds * 1000) / images).toFixed(1)),
      cpuMsPerImageByProcess,
      idleUpperBoundImagesPerSecond: Number((images / (cpuSeconds / cpus().length)).toFixed(1)),
      imagesWithFace: added,
      faces,
      summary: summaryText,
    };
  } finally {
    await extension.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(build, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('ingest.ts')) {
  const result = await runIngestBenchmark();
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'ingest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
