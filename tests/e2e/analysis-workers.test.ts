import { afterAll, beforeAll, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, type LaunchedExtension } from './fixtures';
import { MEMEGEN, ONE_FACE, readLibrary } from './library-fixtures';
import { ANALYSIS_WORKERS } from '../../lib/offscreen/analysis-pool';

// The extension starts no dedicated worker but the analysis workers: counting the browser's
// worker targets counts them (they carry no title or URL the CDP can show before attaching).
async function analysisWorkers(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.filter((target) => target.type === 'worker').length;
  } finally {
    await cdp.detach();
  }
}

let extension: LaunchedExtension;
let page: Page;

beforeAll(async () => {
  extension = await launchExtension();
  page = await extension.context.newPage();
  await page.goto(extension.url('options.html'));
  await page.getByTestId('library-summary').waitFor();
});

afterAll(() => extension?.close());

test('one image loads the models in one worker; a folder of images is analysed by two, and every image is stored', async () => {
  await page.getByTestId('import-files').setInputFiles([ONE_FACE]);
  await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
  expect(await analysisWorkers(page)).toBe(1);

  const images = readdirSync(join(MEMEGEN, 'images')).filter((name) => /\.(jpe?g|png)$/i.test(name)).slice(0, 40);
  await page.getByTestId('import-files').setInputFiles(images.map((name) => join(MEMEGEN, 'images', name)));
  await expect.poll(() => analysisWorkers(page), { timeout: 60_000, interval: 100 }).toBe(ANALYSIS_WORKERS);
  await expect.poll(async () => (await readLibrary(page)).length, { timeout: 120_000, interval: 500 }).toBe(1 + images.length);
  expect(await analysisWorkers(page)).toBe(ANALYSIS_WORKERS);
});
