/**
 * Issue 25's ingest profile: where an imported image's CPU goes, stage by stage, on the memegen
 * folder in the built extension's bench page (lib/bench/ingest-stages.ts), and what the product's
 * BlazeFace runner finds and costs beside MediaPipe's Tasks API running the same two networks on
 * the same copies. The end-to-end rate is benchmarks/ingest.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchExtension } from '../tests/e2e/fixtures';
import { MEMEGEN } from '../tests/e2e/library-fixtures';
import { serveFolder } from '../tests/e2e/static-server';
import type { ImageStages } from '../lib/bench/ingest-stages';
import { iou } from '../lib/vision/face-box';
import { summarize } from './stats';

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
      { urls: files.map((file) => memes.url(`images/${file}`)) },
    );
    const detector = (name: 'ours' | 'mediapipe') => ({
      imagesWithFace: stages.filter((image) => image.detectors[name].boxes.length > 0).length,
      faces: stages.reduce((sum, image) => sum + image.detectors[name].boxes.length, 0),
      ms: summarize(stages.map((image) => image.detectors[name].ms)),
    });
    // Each MediaPipe face, and how well the product's best box for it overlaps it.
    const overlaps = stages.flatMap((image) => image.detectors.mediapipe.boxes.map((box) => Math.max(0, ...image.detectors.ours.boxes.map((ours) => iou(box, ours)))));
    return {
      images: stages.length,
      meanMsPerImage: {
        hash: mean(stages.map((image) => image.hashMs)),
        decode: mean(stages.map((image) => image.decodeMs)),
        copy640: mean(stages.map((image) => image.scaleMs)),
        detectOurs: mean(stages.map((image) => image.detectors.ours.ms)),
        detectMediapipe: mean(stages.map((image) => image.detectors.mediapipe.ms)),
        alignAndEmbedAllFaces: mean(stages.map((image) => image.embedMs.reduce((a, b) => a + b, 0))),
        store: mean(stages.map((image) => image.storeMs)),
      },
      alignAndEmbedPerFaceMs: summarize(stages.flatMap((image) => image.embedMs)),
      shipped: { note: 'FaceFinder.detectAllSizes on the 640 px copy ingest decodes, as the library service calls it', ...detector('ours') },
      mediapipe: { note: "MediaPipe Tasks FaceDetector, both networks on a 320 px copy of the same 640 px pixels (the earlier shipped path)", ...detector('mediapipe') },
      agreement: {
        imagesWithSameFaceCount: stages.filter((image) => image.detectors.ours.boxes.length === image.detectors.mediapipe.boxes.length).length,
        mediapipeFacesFoundByOurs: overlaps.filter((value) => value > 0.5).length,
        medianIouOfMediapipeFaces: summarize(overlaps).median,
        imagesThatDiffer: stages
          .filter((image) => image.detectors.ours.boxes.length !== image.detectors.mediapipe.boxes.length)
          .map((image) => `${image.url.split('/').pop()}: ${image.detectors.ours.boxes.length} vs ${image.detectors.mediapipe.boxes.length}`),
      },
    };
  } finally {
    await memes.close();
    await extension.close();
  }
}
