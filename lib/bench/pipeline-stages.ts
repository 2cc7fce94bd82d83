import createExpressionEmbedder from '../embedding/expression-embedder';
import { extensionAssetUrls } from '../extension-assets';
import { describeFace } from '../match/describe-face';
import { openCamera, stopCamera } from '../vision/camera';
import { largestFace } from '../vision/face-box';
import { createFaceFinder } from '../vision/face-detector';
import { createFaceGeometryReader } from '../vision/face-landmarker';
import { createFrameSampler } from '../vision/frame-sampler';
import { createMediapipeFaceFinder } from '../vision/mediapipe-face-detector';

/** The product's BlazeFace runner, or MediaPipe's Tasks API on the CPU or WebGL (the earlier path). */
export type FrameDetector = 'ours' | 'mediapipe-cpu' | 'mediapipe-webgl';

export interface StageTimings {
  detector: FrameDetector;
  sampleSide: number;
  loadMs: number;
  frames: number;
  facesFound: number;
  detectMs: number[];
  embedMs: number[];
  /** FaceLandmarker (VIDEO mode, tracking) on the same sampled frame, whether or not our detector found a face. */
  landmarkerMs: number[];
  /** Per frame with a face: align + embed plus the landmarker, the cost of one fused expression. */
  landmarkerAndEmbedMs: number[];
}

/**
 * Times each stage of the live pipeline on real camera frames, in an extension page with the
 * shipped models: sampling, detection (ours or MediaPipe's), align + embed, and MediaPipe's
 * FaceLandmarker on the same frames, which alone is the landmarker-only pipeline we compare with.
 */
export async function timePipelineStages(options: { detector: FrameDetector; frames: number; sampleSide: number }): Promise<StageTimings> {
  const assets = extensionAssetUrls();
  const loadStarted = performance.now();
  const [finder, embedder, landmarker] = await Promise.all([
    options.detector === 'ours'
      ? createFaceFinder({ wasmPath: assets.tfliteWasm, modelUrl: assets.faceDetectorModel })
      : createMediapipeFaceFinder({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceDetectorModel, delegate: options.detector === 'mediapipe-cpu' ? 'CPU' : 'GPU' }),
    createExpressionEmbedder({ modelUrl: assets.expressionModel, wasmPath: assets.tfliteWasm }),
    createFaceGeometryReader({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceLandmarkerModel, mode: 'VIDEO' }),
  ]);
  const loadMs = performance.now() - loadStarted;
  const opened = await openCamera();
  if (!opened.ok) throw new Error(`camera: ${opened.problem}`);
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = opened.stream;
  await video.play();
  const sampler = createFrameSampler(options.sampleSide);
  const timings: StageTimings = { ...options, loadMs, facesFound: 0, detectMs: [], embedMs: [], landmarkerMs: [], landmarkerAndEmbedMs: [] };
  try {
    for (let i = 0; i < options.frames; i++) {
      await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
      const image = sampler.sample(video);
      if (!image) continue;
      const detectStarted = performance.now();
      const face = largestFace(finder.detect(image));
      const detected = performance.now();
      timings.detectMs.push(detected - detectStarted);
      landmarker.blendshapes(image, detected);
      const landmarked = performance.now();
      timings.landmarkerMs.push(landmarked - detected);
      if (!face) continue;
      timings.facesFound++;
      describeFace(image, face, embedder);
      const embedMs = performance.now() - landmarked;
      timings.embedMs.push(embedMs);
      timings.landmarkerAndEmbedMs.push(embedMs + (landmarked - detected));
    }
  } finally {
    stopCamera(opened.stream);
    finder.close();
    embedder.close();
    landmarker.close();
  }
  return timings;
}
