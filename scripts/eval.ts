/**
 * `npm run eval -- --dataset DIR [--embedder NAME] [--out report.json] [--dump-faces FILE.json] [--dump-vectors FILE.csv]`
 * Scores expression matching through the built extension's own pipeline (see docs/eval.md).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatasetError, type EvalDataset, type EvalImage } from '../lib/eval/dataset';
import { buildFaceDump } from '../lib/eval/face-dump';
import { formatVectorDump } from '../lib/eval/vector-dump';
import { formatReport, type EvalReport, type ModelFile } from '../lib/eval/report';
import { imagesToEvaluate, scoreRun } from '../lib/eval/score-run';
import { keepSubjects, parseSubjectList } from '../lib/eval/subject-filter';
import { DEFAULT_TRIPLET_SAMPLING } from '../lib/eval/vote-triplets';
import { loadDataset } from '../lib/eval/node/load-dataset';
import { startDatasetServer, type DatasetServer } from '../lib/eval/node/dataset-server';
import { chooseEmbedder, EMBEDDER_NAMES, EmbedderChoiceError, type EmbedderChoice } from '../lib/eval/node/embedder-choice';
import { openEvalBrowser, type EvalBrowser } from '../lib/eval/node/eval-browser';
import { sha256File } from '../lib/eval/node/model-files';
import { createProgress } from '../lib/eval/node/progress';
import { SHARED } from '../tests/e2e/fixtures';

const USAGE = `usage: npm run eval -- --dataset DIR [--embedder ${EMBEDDER_NAMES}] [--subjects FILE] [--out report.json] [--dump-faces FILE.json] [--dump-vectors FILE.csv]`;
const DETECTOR_FILE = 'generated/models/face-detector.tflite';
/** The offscreen document creates its FaceFinder with the default confidence; so does eval.html. */
const MIN_DETECTION_CONFIDENCE = 0.5;
const KNN_K = 5;

class UsageError extends Error {}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        dataset: { type: 'string' },
        embedder: { type: 'string', default: 'pixels' },
        out: { type: 'string' },
        'dump-faces': { type: 'string' },
        'dump-vectors': { type: 'string' },
        // Score only these people (one id a line), e.g. those a model was not trained on.
        subjects: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function readOptions() {
  const values = parseCommandLine();
  if (!values.dataset) throw new UsageError('--dataset DIR is required');
  return { dataset: values.dataset, embedder: values.embedder, out: values.out, dumpFaces: values['dump-faces'], dumpVectors: values['dump-vectors'], subjects: values.subjects };
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 1)}\n`);
}

async function runImages(browser: EvalBrowser, dataset: EvalDataset, images: EvalImage[], server: DatasetServer, label: string) {
  const progress = createProgress(label, images.length);
  const outcomes = await browser.run(dataset, images, server.url, progress.tick);
  progress.end();
  return outcomes;
}

async function dumpFaces(browser: EvalBrowser, dataset: EvalDataset, server: DatasetServer, path: string): Promise<void> {
  await browser.setup({ embedder: { kind: 'none' } });
  const outcomes = await runImages(browser, dataset, dataset.images, server, `detect ${dataset.name}`);
  const detector = { file: DETECTOR_FILE, sha256: await browser.sha256(DETECTOR_FILE), minDetectionConfidence: MIN_DETECTION_CONFIDENCE };
  const dump = buildFaceDump(dataset, dataset.images, outcomes, detector);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(dump));
  console.log(`${dataset.name}: ${JSON.stringify(dump.summary)} → ${path}`);
}

/** Every image of the dataset (FER+ valid included) through one embedder, for training targets. */
async function dumpVectors(browser: EvalBrowser, dataset: EvalDataset, server: DatasetServer, embedder: EmbedderChoice, path: string): Promise<void> {
  await browser.setup({ embedder: embedder.spec(server.url) });
  const outcomes = await runImages(browser, dataset, dataset.images, server, `${dataset.name} × ${embedder.name} vectors`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, formatVectorDump(dataset.images, outcomes));
  const missing = outcomes.filter((outcome) => !outcome.ok || !outcome.embedding).length;
  console.log(`${dataset.name} × ${embedder.name}: ${dataset.images.length - missing} vectors, ${missing} images without one → ${path}`);
}

async function evaluate(browser: EvalBrowser, dataset: EvalDataset, dir: string, server: DatasetServer, embedder: EmbedderChoice): Promise<EvalReport> {
  const started = Date.now();
  const info = await browser.setup({ embedder: embedder.spec(server.url) }).catch((error: unknown) => {
    throw new EmbedderChoiceError(`${embedder.name}: the eval page could not load it: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  });
  const models: ModelFile[] = [{ role: 'face detector', file: DETECTOR_FILE, sha256: await browser.sha256(DETECTOR_FILE) }];
  for (const model of embedder.models) {
    const sha256 = model.kind === 'file' ? sha256File(model.path) : await browser.sha256(model.path);
    models.push({ role: model.role, file: model.path, sha256 });
  }
  const images = imagesToEvaluate(dataset);
  const outcomes = await runImages(browser, dataset, images, server, `${dataset.name} × ${embedder.name}`);
  // Brute-force distances: seconds for 64-d embeddings, minutes for FER+ with pixels' 1,024-d.
  process.stderr.write(`${dataset.name} × ${embedder.name}: scoring…\n`);
  const scores = scoreRun(images, outcomes, { triplets: DEFAULT_TRIPLET_SAMPLING, knnK: KNN_K });
  return {
    dataset: { name: dataset.name, dir, subjects: [...new Set(dataset.images.map((image) => image.subject))].length },
    embedder: { name: embedder.name, version: info.embedderVersion },
    ...scores,
    models,
    browser: browser.version,
    modelLoadMs: info.loadMs,
    wallSeconds: (Date.now() - started) / 1000,
    createdAt: new Date().toISOString(),
  };
}

/** Serves the dataset and opens eval.html for the duration of `work`, closing both on every path. */
async function withEvalPage<T>(dir: string, extraFiles: Record<string, string>, work: (browser: EvalBrowser, server: DatasetServer) => Promise<T>): Promise<T> {
  const server = await startDatasetServer(dir, extraFiles);
  try {
    const browser = await openEvalBrowser();
    try {
      return await work(browser, server);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const loaded = loadDataset(options.dataset);
  const { dir } = loaded;
  const dataset = options.subjects
    ? keepSubjects(loaded.dataset, parseSubjectList(readFileSync(options.subjects, 'utf8')), options.subjects)
    : loaded.dataset;
  const { dumpFaces: dumpPath } = options;
  if (dumpPath) {
    await withEvalPage(dir, {}, (browser, server) => dumpFaces(browser, dataset, server, dumpPath));
    return;
  }
  const embedder = chooseEmbedder(options.embedder, join(SHARED, 'models'));
  const { dumpVectors: vectorsPath } = options;
  if (vectorsPath) {
    await withEvalPage(dir, embedder.extraFiles, (browser, server) => dumpVectors(browser, dataset, server, embedder, vectorsPath));
    return;
  }
  const report = await withEvalPage(dir, embedder.extraFiles, (browser, server) => evaluate(browser, dataset, dir, server, embedder));
  console.log(formatReport(report));
  if (options.out) writeJson(options.out, report);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DatasetError || error instanceof EmbedderChoiceError) {
    console.error(`eval: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
