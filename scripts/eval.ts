/**
 * `npm run eval -- --dataset DIR [--embedder NAME] [--out report.json] [--dump-faces FILE.json]`
 * Scores expression matching through the built extension's own pipeline (see docs/eval.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatasetError } from '../lib/eval/dataset';
import { buildFaceDump } from '../lib/eval/face-dump';
import { loadDataset } from '../lib/eval/node/load-dataset';
import { startDatasetServer } from '../lib/eval/node/dataset-server';
import { openEvalBrowser } from '../lib/eval/node/eval-browser';
import { sha256File } from '../lib/eval/node/model-files';
import { createProgress } from '../lib/eval/node/progress';
import { EXTENSION_DIR } from '../tests/e2e/fixtures';

const USAGE = 'usage: npm run eval -- --dataset DIR [--embedder pixels|blendshapes|ours|tflite:PATH] [--out report.json] [--dump-faces FILE.json]';
const DETECTOR_FILE = 'generated/models/face-detector.tflite';

class UsageError extends Error {}

function readOptions() {
  try {
    const { values } = parseArgs({
      options: {
        dataset: { type: 'string' },
        embedder: { type: 'string', default: 'pixels' },
        out: { type: 'string' },
        'dump-faces': { type: 'string' },
      },
      strict: true,
    });
    if (!values.dataset) throw new UsageError('--dataset DIR is required');
    return { ...values, dataset: values.dataset };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const { dir, dataset } = loadDataset(options.dataset);
  const server = await startDatasetServer(dir);
  const browser = await openEvalBrowser();
  try {
    if (options['dump-faces']) {
      await browser.setup({ embedder: { kind: 'none' } });
      const progress = createProgress(`detect ${dataset.name}`, dataset.images.length);
      const outcomes = await browser.run(dataset, dataset.images, server.url, progress.tick);
      progress.end();
      const detector = { file: DETECTOR_FILE, sha256: sha256File(join(EXTENSION_DIR, DETECTOR_FILE)), minDetectionConfidence: 0.5 };
      const dump = buildFaceDump(dataset, dataset.images, outcomes, detector);
      mkdirSync(dirname(options['dump-faces']), { recursive: true });
      writeFileSync(options['dump-faces'], JSON.stringify(dump));
      console.log(`${dataset.name}: ${JSON.stringify(dump.summary)} → ${options['dump-faces']}`);
      return;
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DatasetError) {
    console.error(`eval: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(2);
  }
  throw error;
});
