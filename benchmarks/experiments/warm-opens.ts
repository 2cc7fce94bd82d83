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
import { serveFolder } from '../../tests/e2e/static-server';
import { RESULTS_SHOWN_PROBE, timeToFirstResults } from '../pipeline';
import { summarize } from '../stats';

const opens = Number(process.argv[2] ?? 16);
const face = join(SHARED, 'datasets/tcce-dev/images/0221b01.jpg');
const extension = await launchExtension({ fakeCamera: makeFakeCameraClip([face], 'bench-pipeline-30fps', 2, 30) });
await extension.context.addInitScript({ content: RESULTS_SHOWN_PROBE });
const memes = await serveFolder(join(SHARED, 'memes/memegen'));
try {
  await addMemesThroughMenu(extension.serviceWorker, memes, memegenFiles(60));
  // The first open makes the offscreen document: not a warm one.
  await timeToFirstResults(extension);
  const runs = [];
  for (let i = 0; i < opens; i++) runs.push(await timeToFirstResults(extension));
  console.log(
    JSON.stringify({
      opens,
      firstResultsMs: summarize(runs.map((run) => run.milestones['first results'])),
      paintedMs: summarize(runs.map((run) => run.milestones['results shown'])),
      answerToPaintedMs: summarize(runs.map((run) => run.milestones['results shown'] - run.milestones['first results'])),
      openToPaintedMs: summarize(runs.map((run) => run.ms)),
    }),
  );
} finally {
  await memes.close();
  await extension.close();
}
