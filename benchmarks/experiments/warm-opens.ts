/**
 * Opens the popup N times with the offscreen document warm and reports, per open, the popup's own
 * milestones in ms after its page began loading: the "first results" mark (the offscreen
 * document's answer fills three slots) and the frame that paints the third result card, and the
 * gap between them (the popup reading and drawing the results). 60 memegen memes, the bench's
 * fake camera. Alternate two builds with a loop that copies each into .output/chrome-mv3 in turn,
 * as alternate-ingest.sh does.
 * Run: npx tsx benchmarks/experiments/warm-opens.ts [opens]
 */
import { join } from 'node:path';
import { addMemesThroughMenu, memegenFiles } from '../../tests/e2e/library-builder';
import { makeFakeCameraClip } from '../../tests/e2e/fake-camera';
import { SHARED, launchExtension } from '../../tests/e2e/fixtures';
import { PopupPage } from '../../tests/e2e/popup-page';
import { serveFolder } from '../../tests/e2e/static-server';
import { RESULTS_SHOWN_PROBE } from '../pipeline';
import { summarize } from '../stats';

// A string, as pipeline.ts's probe is: tsx would wrap a named function in a helper the page lacks.
const READ_MILESTONES = `(async () => {
  while (window.__memeMirrorResultsShown === undefined) await new Promise(requestAnimationFrame);
  const [mark] = performance.getEntriesByName('meme-mirror: first results');
  return { firstResults: mark ? mark.startTime : NaN, painted: window.__memeMirrorResultsShown };
})()`;

const opens = Number(process.argv[2] ?? 16);
const face = join(SHARED, 'datasets/tcce-dev/images/0221b01.jpg');
const extension = await launchExtension({ fakeCamera: makeFakeCameraClip([face], 'bench-pipeline-30fps', 2, 30) });
await extension.context.addInitScript({ content: RESULTS_SHOWN_PROBE });
const memes = await serveFolder(join(SHARED, 'memes/memegen'));
try {
  await addMemesThroughMenu(extension.serviceWorker, memes, memegenFiles(60));
  // The first open makes the offscreen document: not a warm one.
  const first = await PopupPage.open(extension);
  await first.page.locator('[data-testid="result"]').nth(2).waitFor({ timeout: 60_000 });
  await first.page.close();
  const runs: { firstResults: number; painted: number; openToPaintedMs: number }[] = [];
  for (let i = 0; i < opens; i++) {
    const started = Date.now();
    const popup = await PopupPage.open(extension);
    await popup.page.locator('[data-testid="result"]').nth(2).waitFor({ timeout: 60_000 });
    const { firstResults, painted } = (await popup.page.evaluate(READ_MILESTONES)) as { firstResults: number; painted: number };
    const timeOrigin = (await popup.page.evaluate('performance.timeOrigin')) as number;
    runs.push({ firstResults, painted, openToPaintedMs: timeOrigin + painted - started });
    await popup.page.close();
  }
  console.log(
    JSON.stringify({
      opens,
      firstResultsMs: summarize(runs.map((run) => run.firstResults)),
      paintedMs: summarize(runs.map((run) => run.painted)),
      answerToPaintedMs: summarize(runs.map((run) => run.painted - run.firstResults)),
      openToPaintedMs: summarize(runs.map((run) => run.openToPaintedMs)),
    }),
  );
} finally {
  await memes.close();
  await extension.close();
}
