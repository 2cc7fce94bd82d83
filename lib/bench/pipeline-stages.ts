import createExpressionEmbedder from '../embedding/expression-embedder';
import { extensionAssetUrls } from '../extension-assets';
import { describeFace } from '../match/describe-face';
import { openCamera, stopCamera } from '../vision/camera';
import { largestFace } from '../vision/face-box';
import { createFaceFinder } from '../vision/face-detector';
import { createFrameSampler } from '../vision/frame-sampler';

export interface StageTimings {
  delegate: 'CPU' | 'GPU';
  sampleSide: number;
  loadMs: number;
  frames: number;
  facesFound: number;
  detectMs: number[];
  embedMs: number[];
}

/**
 * Times each stage of the live pipeline on real camera frames, in an extension page with the
 * shipped models: sampling, detection (CPU or WebGL delegate) and align + embed.
 */
export async function timePipelineStages(options: { delegate: 'CPU' | 'GPU'; frames: number; sampleSide: number }): Promise<StageTimings> {
  const assets = extensionAssetUrls();
  const loadStarted = performance.now();
  const [finder, embedder] = await Promise.all([
    createFaceFinder({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceDetectorModel, delegate: options.delegate }),
    createExpressionEmbedder({ modelUrl: assets.expressionModel, wasmPath: assets.tfliteWasm }),
  ]);
  const loadMs = performance.now() - loadStarted;
  const opened = await openCamera();
  if (!opened.ok) throw new Error(`camera: ${opened.problem}`);
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = opened.stream;
  await video.play();
  const sampler = createFrameSampler(options.sampleSide);
  const timings: StageTimings = { ...options, loadMs, facesFound: 0, detectMs: [], embedMs: [] };
  try {
    for (let i = 0; i < options.frames; i++) {
      await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
      const image = sampler.sample(video);
      if (!image) continue;
      const detectStarted = performance.now();
      const face = largestFace(finder.detect(image));
      const detected = performance.now();
      timings.detectMs.push(detected - detectStarted);
      if (!face) continue;
      timings.facesFound++;
      describeFace(image, face, embedder);
      timings.embedMs.push(performance.now() - detected);
    }
  } finally {
    stopCamera(opened.stream);
    finder.close();
    embedder.close();
  }
  return timings;
}
