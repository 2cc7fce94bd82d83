import createExpressionEmbedder from '../embedding/expression-embedder';
import { extensionAssetUrls } from '../extension-assets';
import { sha256Hex } from '../library/ingest-meme';
import { describeFace } from '../match/describe-face';
import type { Box } from '../vision/face-box';
import { createFaceFinder } from '../vision/face-detector';

/** One detector's answer on one copy of an image: its time, and its boxes in the image's own pixels. */
export interface DetectorRun {
  ms: number;
  boxes: Box[];
}

export interface ImageStages {
  url: string;
  bytes: number;
  hashMs: number;
  /** createImageBitmap with EXIF orientation: the browser's decode. */
  decodeMs: number;
  /** Per long side the copy is scaled to: the scaling, and each BlazeFace model on that copy. */
  sides: Record<number, { scaleMs: number; shortRange: DetectorRun; fullRange: DetectorRun }>;
  /** What the product runs (FaceFinder.detectAllSizes on the largest copy, as ingest calls it). */
  product: DetectorRun;
  /** Align + embed of each face the short-range model found on the largest copy. */
  embedMs: number[];
  /** One IndexedDB transaction storing the file and a 64-d vector, as ingest stores a meme. */
  storeMs: number;
}

const SCRATCH_DB = 'meme-mirror-bench-ingest';

function scratchStore(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(SCRATCH_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('memes', { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Where an import's CPU goes, stage by stage, on real images (issue 25's ingest profile): hash,
 * decode, scaling to each long side in `sides`, both BlazeFace models on each copy, align + embed,
 * and the IndexedDB write. Pure measurement: nothing is added to the user's library.
 */
export async function timeIngestStages(options: { urls: string[]; sides: number[] }): Promise<ImageStages[]> {
  const assets = extensionAssetUrls();
  const [product, shortRange, fullRange, embedder, db] = await Promise.all([
    createFaceFinder({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceDetectorModel, fullRangeModelUrl: assets.faceDetectorFullRangeModel }),
    createFaceFinder({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceDetectorModel }),
    createFaceFinder({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceDetectorFullRangeModel }),
    createExpressionEmbedder({ modelUrl: assets.expressionModel, wasmPath: assets.tfliteWasm }),
    scratchStore(),
  ]);
  const out: ImageStages[] = [];
  try {
    for (const url of options.urls) {
      const blob = await (await fetch(url)).blob();
      const bytes = await blob.arrayBuffer();
      let started = performance.now();
      await sha256Hex(bytes);
      const hashMs = performance.now() - started;
      started = performance.now();
      const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
      const decodeMs = performance.now() - started;
      const stages: ImageStages = { url, bytes: blob.size, hashMs, decodeMs, sides: {}, product: { ms: 0, boxes: [] }, embedMs: [], storeMs: 0 };
      let largest: ImageData | undefined;
      for (const side of options.sides) {
        started = performance.now();
        const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
        const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
        const scaleMs = performance.now() - started;
        largest ??= pixels;
        const run = (finder: typeof shortRange): DetectorRun => {
          const detectStarted = performance.now();
          const faces = finder.detect(pixels);
          const ms = performance.now() - detectStarted;
          const back = bitmap.width / canvas.width;
          return { ms, boxes: faces.map((face) => ({ x: face.x * back, y: face.y * back, width: face.width * back, height: face.height * back })) };
        };
        stages.sides[side] = { scaleMs, shortRange: run(shortRange), fullRange: run(fullRange) };
      }
      if (largest) {
        started = performance.now();
        const found = await product.detectAllSizes(largest);
        const back = bitmap.width / largest.width;
        stages.product = { ms: performance.now() - started, boxes: found.map((face) => ({ x: face.x * back, y: face.y * back, width: face.width * back, height: face.height * back })) };
        for (const face of shortRange.detect(largest)) {
          started = performance.now();
          describeFace(largest, face, embedder);
          stages.embedMs.push(performance.now() - started);
        }
      }
      started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('memes', 'readwrite');
        transaction.objectStore('memes').put({ id: url, blob, embedding: new Float32Array(64) });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      stages.storeMs = performance.now() - started;
      bitmap.close();
      out.push(stages);
    }
  } finally {
    product.close();
    shortRange.close();
    fullRange.close();
    embedder.close();
    db.close();
    indexedDB.deleteDatabase(SCRATCH_DB);
  }
  return out;
}
