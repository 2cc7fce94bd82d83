/**
 * Experiment: where an import's wall time goes, start-up against steady pace. Imports the memegen
 * folder through the options page (as `benchmarks/ingest.ts` does) and records every change of the
 * progress line with its time, so the wait for the first image (worker start, model loading) is
 * told apart from the rate once images flow.
 * Run: npx tsx benchmarks/experiments/ingest-timeline.ts [--wait-before-pick MS] [--trace FILE [--categories LIST]]
 * With --trace, Chromium writes a JSON trace of its first 28 s (by default top-level tasks and V8
 * samples, which roughly halves the import's speed) for `python3 benchmarks/experiments/trace-tasks.py FILE`.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuiltExtension, launchExtension } from '../../tests/e2e/fixtures';
import { MEMEGEN } from '../../tests/e2e/library-fixtures';

const waitArg = process.argv.indexOf('--wait-before-pick');
const waitBeforePick = waitArg > 0 ? Number(process.argv[waitArg + 1]) : 0;
const traceArg = process.argv.indexOf('--trace');
const categoriesArg = process.argv.indexOf('--categories');
const categories = categoriesArg > 0 ? process.argv[categoriesArg + 1] : 'toplevel,disabled-by-default-v8.cpu_profiler';
const traceArgs =
  traceArg > 0
    ? [`--trace-startup=${categories}`, `--trace-startup-file=${process.argv[traceArg + 1]}`, '--trace-startup-duration=28', '--trace-startup-format=json']
    : [];

// A string, not a function: tsx would wrap a function in a helper the page does not have.
const RECORD_PROGRESS = `(() => {
  window.__progress = [];
  const note = () => {
    const text = document.querySelector('[data-testid="import-progress-text"]')?.textContent
      ?? document.querySelector('[data-testid="import-summary"]')?.textContent;
    if (text && window.__progress.at(-1)?.text !== text) window.__progress.push({ at: performance.now(), text });
  };
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

const profileDir = mkdtempSync(join(tmpdir(), 'meme-mirror-timeline-'));
const build = ensureBuiltExtension();
const extension = await launchExtension({ profileDir, extraArgs: [...traceArgs, `--disable-extensions-except=${build}`, `--load-extension=${build}`] });
try {
  const page = await extension.context.newPage();
  await page.goto(extension.url('options.html'));
  await page.getByTestId('library-summary').waitFor();
  if (waitBeforePick > 0) await page.waitForTimeout(waitBeforePick);
  await page.evaluate(RECORD_PROGRESS);
  const files = readdirSync(join(MEMEGEN, 'images'))
    .filter((name) => /\.(jpe?g|png|gif)$/i.test(name))
    .map((name) => join(MEMEGEN, 'images', name));
  const picked = (await page.evaluate('performance.now()')) as number;
  await page.getByTestId('import-files').setInputFiles(files, { timeout: 180_000 });
  await page.getByTestId('import-summary').waitFor({ timeout: 600_000 });
  // The trace is written when its 28 s are over, while the browser still runs.
  if (traceArgs.length > 0) await page.waitForTimeout(15_000);
  const events = (await page.evaluate('window.__progress')) as { at: number; text: string }[];
  const handledAt = events.flatMap(({ at, text }) => {
    const handled = Number(text.match(/\d+/)?.[0]);
    return Number.isFinite(handled) && !/added|imported/i.test(text) ? [{ seconds: (at - picked) / 1000, handled }] : [];
  });
  const end = (events.at(-1)!.at - picked) / 1000;
  const first = handledAt.find((point) => point.handled >= 1);
  const tenth = handledAt.find((point) => point.handled >= files.length * 0.1);
  const ninetieth = handledAt.find((point) => point.handled >= files.length * 0.9);
  console.log(
    JSON.stringify(
      {
        loadAverage: loadavg()[0],
        waitBeforePickMs: waitBeforePick,
        images: files.length,
        seconds: end,
        imagesPerSecond: files.length / end,
        firstHandledSeconds: first?.seconds,
        steadyImagesPerSecond: tenth && ninetieth ? (ninetieth.handled - tenth.handled) / (ninetieth.seconds - tenth.seconds) : undefined,
        progress: handledAt.filter((_, n) => n % 5 === 0),
        lastText: events.at(-1)?.text,
      },
      null,
      2,
    ),
  );
} finally {
  await extension.close();
  rmSync(profileDir, { recursive: true, force: true });
}
