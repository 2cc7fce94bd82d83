import createExpressionEmbedder from '../embedding/expression-embedder';
import { extensionAssetUrls } from '../extension-assets';
import { sha256Hex } from '../library/ingest-meme';
import { describeFace } from '../match/describe-face';
import { DETECTION_MAX_SIDE } from '../library/decode-meme-image';
import type { Box, FaceBox } from '../vision/face-box';
import { createFaceFinder, type FaceFinder } from '../vision/face-detector';
import { createMediapipeFaceFinder } from '../vision/mediapipe-face-detector';

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
  /** The copy at most 640 px long that ingest detects in and aligns on (drawImage + getImageData). */
  scaleMs: number;
  /** Both BlazeFace models on that copy, merged: as the product runs them, and as MediaPipe's Tasks API does. */
  detectors: Record<'ours' | 'mediapipe', DetectorRun>;
  /** Align + embed of each face the product found. */
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
 * decode, the 640 px copy, both BlazeFace models (the product's runner and MediaPipe's, on the
 * same copy), align + embed, and the IndexedDB write. Pure measurement: nothing is added to the
 * user's library.
 */
export async function timeIngestStages(options: { urls: string[] }): Promise<ImageStages[]> {
  const assets = extensionAssetUrls();
  const [ours, mediapipe, embedder, db] = await Promise.all([
    createFaceFinder({ wasmPath: assets.tfliteWasm, modelUrl: assets.faceDetectorModel, fullRangeModelUrl: assets.faceDetectorFullRangeModel }),
    createMediapipeFaceFinder({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceDetectorModel, fullRangeModelUrl: assets.faceDetectorFullRangeModel }),
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
      started = performance.now();
      const scale = Math.min(1, DETECTION_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      const scaleMs = performance.now() - started;
      const back = bitmap.width / canvas.width;
      const run = async (finder: FaceFinder): Promise<{ run: DetectorRun; faces: FaceBox[] }> => {
        const detectStarted = performance.now();
        const faces = await finder.detectAllSizes(pixels);
        const ms = performance.now() - detectStarted;
        return { faces, run: { ms, boxes: faces.map((face) => ({ x: face.x * back, y: face.y * back, width: face.width * back, height: face.height * back })) } };
      };
      const product = await run(ours);
      const baseline = await run(mediapipe);
      const embedMs: number[] = [];
      for (const face of product.faces) {
        started = performance.now();
        describeFace(pixels, face, embedder);
        embedMs.push(performance.now() - started);
      }
      started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('memes', 'readwrite');
        transaction.objectStore('memes').put({ id: url, blob, embedding: new Float32Array(64) });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      const storeMs = performance.now() - started;
      bitmap.close();
      out.push({ url, bytes: blob.size, hashMs, decodeMs, scaleMs, detectors: { ours: product.run, mediapipe: baseline.run }, embedMs, storeMs });
    }
  } finally {
    ours.close();
    mediapipe.close();
    embedder.close();
    db.close();
    indexedDB.deleteDatabase(SCRATCH_DB);
  }
  return out;
}
