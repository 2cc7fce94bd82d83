import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { loadDataset } from '../../lib/eval/node/load-dataset';
import { startDatasetServer } from '../../lib/eval/node/dataset-server';
import { openEvalBrowser, type EvalBrowser } from '../../lib/eval/node/eval-browser';
import { summariseFaces } from '../../lib/eval/score-run';
import { SHARED } from './fixtures';

// Issue 2's bar: the shipped detector (BlazeFace short range, built with its metadata) finds a face
// in at least 97% of full-frame dataset images, run in the built extension's eval page.
const DATASETS = ['yalefaces', 'tcce-dev'];
const MIN_DETECTION_RATE = 0.97;

describe('face detection rate in the built extension', () => {
  let browser: EvalBrowser;
  beforeAll(async () => {
    browser = await openEvalBrowser();
    await browser.setup({ embedder: { kind: 'none' } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test.each(DATASETS)('%s: every image decodes and ≥ 97%% have a face', async (name) => {
    const { dir, dataset } = loadDataset(join(SHARED, 'datasets', name));
    const server = await startDatasetServer(dir);
    try {
      const outcomes = await browser.run(dataset, dataset.images, server.url, () => {});
      const faces = summariseFaces(dataset.images, outcomes);
      console.log(`${name}: detection rate ${faces.detectionRate.toFixed(3)} (${faces.methods.detected}/${faces.images})`);
      expect(faces.decodeFailures).toEqual([]);
      expect(faces.detectionRate).toBeGreaterThanOrEqual(MIN_DETECTION_RATE);
    } finally {
      await server.close();
    }
  });
});
