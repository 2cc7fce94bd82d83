import alignFace from '../../vision/align-face';
import { createFaceFinder } from '../../vision/face-detector';
import type { RgbaPixels } from '../face-crop-padding';
import { encodeEmbedding, type EmbedderSpec, type EvalBatch, type EvalPageApi, type WireOutcome } from '../page-protocol';
import { decodeGreyRecords, decodeImageUrl } from './decode-image';
import { locateFaces } from './locate-face';
import type { EvalEmbedder } from './embedders/eval-embedder';
import { createPixelsEmbedder } from './embedders/pixels-embedder';

/** Where the extension keeps the bytes the offscreen document runs (lib/extension-assets.ts). */
export interface PipelineAssets {
  mediapipeWasm: string;
  faceDetectorModel: string;
  faceLandmarkerModel: string;
  tfliteWasm: string;
  expressionModel: string;
}

// Model-backed embedders are imported on demand: a detection-only run never loads tfjs.
async function createEmbedder(spec: EmbedderSpec, assets: PipelineAssets): Promise<EvalEmbedder | null> {
  switch (spec.kind) {
    case 'none':
      return null;
    case 'pixels':
      return createPixelsEmbedder();
    case 'blendshapes':
      return (await import('./embedders/blendshapes-embedder')).createBlendshapesEmbedder(assets.mediapipeWasm, spec.modelUrl);
    case 'tflite':
      return (await import('./embedders/tflite-embedder')).createTfliteEmbedder(assets.tfliteWasm, spec.modelUrl, spec.mirror);
    case 'ours':
      return (await import('./embedders/ours-embedder')).createOursEmbedder(assets.tfliteWasm, assets.expressionModel);
    case 'landmarker':
      return (await import('./embedders/landmarker-embedder')).createLandmarkerEmbedder(assets.mediapipeWasm, assets.faceLandmarkerModel);
    case 'fusion':
      return (await import('./embedders/fusion-embedder')).createFusionEmbedder(assets, spec.weight);
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The eval page's engine: the same detector, alignment and embedder modules as the offscreen
 * document, fed from the local dataset server instead of the camera. Models load once in setup().
 */
export function createEvalPipeline(assets: PipelineAssets): EvalPageApi {
  const finderLoading = createFaceFinder({ wasmPath: assets.tfliteWasm, modelUrl: assets.faceDetectorModel });
  let embedder: EvalEmbedder | null = null;

  // A failure inside one image becomes that image's outcome: one odd file never stops a run.
  function processImage(image: RgbaPixels, decodeMs: number, finder: Awaited<typeof finderLoading>): WireOutcome {
    const detectStart = performance.now();
    let located: ReturnType<typeof locateFaces>;
    try {
      located = locateFaces(finder, image);
    } catch (error) {
      return { ok: false, error: `detection failed: ${errorText(error)}` };
    }
    const alignStart = performance.now();
    const timings = { decodeMs, detectMs: alignStart - detectStart, alignMs: 0, embedMs: 0 };
    const { faces, largest, method, detectionImage } = located;
    const outcome = { ok: true as const, width: image.width, height: image.height, faces, largest, method, embeddingBase64: null, embedError: null, timings };
    const face = largest === null ? undefined : faces[largest];
    if (!face || !embedder) return outcome;

    const aligned = alignFace(image, face.keypoints[0], face.keypoints[1]);
    const embedStart = performance.now();
    timings.alignMs = embedStart - alignStart;
    try {
      const result = embedder.embed({ image, detectionImage, face, aligned });
      return 'error' in result ? { ...outcome, embedError: result.error } : { ...outcome, embeddingBase64: encodeEmbedding(result.embedding) };
    } catch (error) {
      return { ...outcome, embedError: errorText(error) };
    } finally {
      timings.embedMs = performance.now() - embedStart;
    }
  }

  return {
    async setup(setup) {
      const started = performance.now();
      embedder?.close();
      await finderLoading;
      embedder = await createEmbedder(setup.embedder, assets);
      return { embedderVersion: embedder?.version ?? null, loadMs: performance.now() - started };
    },

    async sha256(url) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.arrayBuffer()));
      return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
    },

    async run(batch: EvalBatch) {
      const finder = await finderLoading;
      if (batch.kind === 'raw-grey') {
        const decodeStart = performance.now();
        let images: RgbaPixels[];
        try {
          images = await decodeGreyRecords(batch.url, batch.first, batch.count, batch.width, batch.height);
        } catch (error) {
          return Array.from({ length: batch.count }, () => ({ ok: false as const, error: errorText(error) }));
        }
        const decodeMs = (performance.now() - decodeStart) / batch.count;
        return images.map((image) => processImage(image, decodeMs, finder));
      }
      const outcomes: WireOutcome[] = [];
      for (const url of batch.urls) {
        const decodeStart = performance.now();
        let image: RgbaPixels;
        try {
          image = await decodeImageUrl(url);
        } catch (error) {
          outcomes.push({ ok: false, error: errorText(error) });
          continue;
        }
        outcomes.push(processImage(image, performance.now() - decodeStart, finder));
      }
      return outcomes;
    },
  };
}
