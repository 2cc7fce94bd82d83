/**
 * Issue 25's ingest profile: where an imported image's CPU goes, stage by stage, on the memegen
 * folder in the built extension's bench page (lib/bench/ingest-stages.ts), and what each choice of
 * copy size for the two BlazeFace models costs and finds. The end-to-end rate is benchmarks/ingest.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchExtension } from '../tests/e2e/fixtures';
import { MEMEGEN } from '../tests/e2e/library-fixtures';
import { serveFolder } from '../tests/e2e/static-server';
import type { ImageStages } from '../lib/bench/ingest-stages';
import { mergeFaceBoxes } from '../lib/vision/merge-face-boxes';
import { summarize } from './stats';

const SIDES = [640, 480, 384, 320, 256, 192];

const mean = (values: number[]) => Math.round((values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)) * 100) / 100;

export async function benchmarkIngestStages() {
  const memes = await serveFolder(MEMEGEN);
  const extension = await launchExtension();
  try {
    const files = readdirSync(join(MEMEGEN, 'images')).filter((name) => /\.(jpe?g|png|gif)$/i.test(name));
    const page = await extension.context.newPage();
    await page.goto(extension.url('bench.html'));
    await page.waitForFunction(() => 'memeMirrorBench' in window);
    const stages = await page.evaluate(
      (options) => (window as unknown as { memeMirrorBench: { timeIngestStages(o: object): Promise<ImageStages[]> } }).memeMirrorBench.timeIngestStages(options),
      { urls: files.map((file) => memes.url(`images/${file}`)), sides: SIDES },
    );
    // Every pairing of a short-range copy size with a full-range one: what it finds, what it costs.
    const pairings = SIDES.flatMap((shortSide) =>
      SIDES.map((fullSide) => {
        const faces = stages.map((image) => mergeFaceBoxes(image.sides[shortSide].shortRange.boxes, image.sides[fullSide].fullRange.boxes).length);
        const ms = stages.map((image) => image.sides[shortSide].shortRange.ms + image.sides[fullSide].fullRange.ms + image.sides[shortSide].scaleMs + (fullSide === shortSide ? 0 : image.sides[fullSide].scaleMs));
        return { shortSide, fullSide, imagesWithFace: faces.filter((count) => count > 0).length, faces: faces.reduce((a, b) => a + b, 0), meanMs: mean(ms) };
      }),
    );
    return {
      images: stages.length,
      meanMsPerImage: {
        hash: mean(stages.map((image) => image.hashMs)),
        decode: mean(stages.map((image) => image.decodeMs)),
        ...Object.fromEntries(
          SIDES.map((side) => [
            `at${side}`,
            {
              scale: mean(stages.map((image) => image.sides[side].scaleMs)),
              shortRange: mean(stages.map((image) => image.sides[side].shortRange.ms)),
              fullRange: mean(stages.map((image) => image.sides[side].fullRange.ms)),
            },
          ]),
        ),
        alignAndEmbedAllFaces: mean(stages.map((image) => image.embedMs.reduce((a, b) => a + b, 0))),
        store: mean(stages.map((image) => image.storeMs)),
      },
      alignAndEmbedPerFaceMs: summarize(stages.flatMap((image) => image.embedMs)),
      shipped: {
        note: 'FaceFinder.detectAllSizes on the 640 px copy ingest decodes, as the library service calls it',
        imagesWithFace: stages.filter((image) => image.product.boxes.length > 0).length,
        faces: stages.reduce((sum, image) => sum + image.product.boxes.length, 0),
        ms: summarize(stages.map((image) => image.product.ms)),
      },
      pairings,
    };
  } finally {
    await memes.close();
    await extension.close();
  }
}
