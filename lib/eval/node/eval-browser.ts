import type { Page } from 'playwright-core';
import { launchExtension, type LaunchedExtension } from '../../../tests/e2e/fixtures';
import type { EvalDataset, EvalImage } from '../dataset';
import { fromWire, type EvalBatch, type EvalPageInfo, type EvalPageSetup, type ImageOutcome } from '../page-protocol';

/** Images per page.evaluate call: big enough to amortise the round trip, small enough for progress. */
const FILE_BATCH = 16;
const RAW_BATCH = 256;

export interface EvalBrowser {
  /** Chromium's version, for the report. */
  version: string;
  setup(setup: EvalPageSetup): Promise<EvalPageInfo>;
  /** sha256 of a file inside the loaded extension (e.g. "generated/models/face-detector.tflite"). */
  sha256(pathInExtension: string): Promise<string>;
  /** Runs every given image through the page, in order; one outcome per image. */
  run(dataset: EvalDataset, images: EvalImage[], datasetUrl: string, onProgress: (done: number) => void): Promise<ImageOutcome[]>;
  close(): Promise<void>;
}

/** Loads the built extension headless and opens its /eval.html page, ready for setup(). */
export async function openEvalBrowser(): Promise<EvalBrowser> {
  const extension: LaunchedExtension = await launchExtension();
  try {
    const page: Page = await extension.context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`eval page error: ${error.message}\n`));
    await page.goto(extension.url('eval.html'));
    await page.waitForFunction(() => window.memeMirrorEval !== undefined);
    return {
      version: extension.context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent)),
      setup: (setup) => page.evaluate((value) => window.memeMirrorEval!.setup(value), setup),
      sha256: (path) => page.evaluate((url) => window.memeMirrorEval!.sha256(url), extension.url(path)),
      async run(dataset, images, datasetUrl, onProgress) {
        const outcomes: ImageOutcome[] = [];
        for (const batch of batches(dataset, images, datasetUrl)) {
          outcomes.push(...(await page.evaluate((value) => window.memeMirrorEval!.run(value), batch)).map(fromWire));
          onProgress(outcomes.length);
        }
        return outcomes;
      },
      close: () => extension.close(),
    };
  } catch (error) {
    await extension.close();
    throw error;
  }
}

function* batches(dataset: EvalDataset, images: EvalImage[], datasetUrl: string): Generator<EvalBatch> {
  const raw = dataset.rawGrey;
  if (!raw) {
    for (let i = 0; i < images.length; i += FILE_BATCH) {
      const urls = images.slice(i, i + FILE_BATCH).map((image) => new URL(image.source.kind === 'file' ? image.source.file : '', datasetUrl).href);
      yield { kind: 'files', urls };
    }
    return;
  }
  // Raw records go in runs of consecutive indices, each run fetched as one byte range.
  const url = new URL(raw.file, datasetUrl).href;
  let i = 0;
  while (i < images.length) {
    const first = recordIndex(images[i]);
    let count = 1;
    while (count < RAW_BATCH && i + count < images.length && recordIndex(images[i + count]) === first + count) count++;
    yield { kind: 'raw-grey', url, first, count, width: raw.width, height: raw.height };
    i += count;
  }
}

function recordIndex(image: EvalImage): number {
  if (image.source.kind !== 'raw-grey') throw new Error(`${image.id} is not a raw record`);
  return image.source.index;
}
