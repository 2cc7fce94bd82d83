/**
 * Puts every byte the extension runs into public/generated/, from npm packages and this repo
 * only: MediaPipe's vision wasm, the TFLite web runtime, the face detector (with the metadata the
 * Tasks API needs) and our expression model. Nothing is fetched at run time.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { attachMetadata } from './tflite-attach-metadata';
import { buildModelMetadata } from './tflite-metadata';
import { patchTfliteGlue } from './patch-tflite-glue';
import { patchMediapipeGlue } from './patch-mediapipe-glue';
import { copyVerifiedFile } from './verified-copy';

// Some packages (tasks-vision) do not export package.json, so resolve through node_modules itself.
const packageDir = (name: string) => join(process.cwd(), 'node_modules', name);

/** Values of the official MediaPipe BlazeFace short-range metadata: [-1, 1] RGB input. */
export const FACE_DETECTOR_METADATA = {
  name: 'Short Range Face Detection',
  description: 'BlazeFace short range from @mediapipe/face_detection, metadata added by Meme Mirror',
  version: '1',
  author: 'MediaPipe',
  license: 'Apache License 2.0',
  inputs: [
    {
      name: 'image',
      description: 'Input image to be detected',
      image: { colorSpace: 'RGB' as const, mean: 127.5, std: 127.5, min: -1, max: 1 },
    },
  ],
  outputs: [
    { name: 'raw boxes/keypoints', description: 'Undecoded face bboxes location and keypoints' },
    { name: 'scores', description: 'Scores of the detected bboxes.' },
  ],
};

/**
 * MediaPipe's FaceLandmarker bundle (detector + 478-point mesh + 52 blendshapes), committed unchanged
 * under models/ with its Apache 2.0 notice: no npm package ships it. The sha256 is the official
 * file's, listed in ../shared/models/README.md.
 */
export const FACE_LANDMARKER = {
  source: 'models/face_landmarker.task',
  target: 'models/face-landmarker.task',
  sha256: '64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff',
};

/**
 * The full-range network takes the same [-1, 1] RGB input. The Tasks FaceDetector picks its
 * anchors from the model's input size (192x192 here, 128x128 for short range): tried, it finds
 * the small faces short range misses (tests/e2e/library-bulk-import.test.ts).
 */
export const FULL_RANGE_FACE_DETECTOR_METADATA = {
  ...FACE_DETECTOR_METADATA,
  name: 'Full Range Face Detection',
  description: 'BlazeFace full range from @mediapipe/face_detection, metadata added by Meme Mirror',
};

export async function buildFaceDetectorModel(
  file = 'face_detection_short_range.tflite',
  metadata = FACE_DETECTOR_METADATA,
): Promise<Uint8Array> {
  const source = join(packageDir('@mediapipe/face_detection'), file);
  return attachMetadata(new Uint8Array(await readFile(source)), buildModelMetadata(metadata));
}

async function copyInto(targetDir: string, sourceDir: string, files: string[]): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  await Promise.all(files.map((file) => copyFile(join(sourceDir, file), join(targetDir, file))));
}

export async function buildAssets(root: string): Promise<void> {
  const out = join(root, 'public/generated');
  // Start empty: the package must hold exactly what this script puts there, nothing left over.
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'models'), { recursive: true });
  await writeFile(join(out, 'models/face-detector.tflite'), await buildFaceDetectorModel());
  await writeFile(
    join(out, 'models/face-detector-full-range.tflite'),
    await buildFaceDetectorModel('face_detection_full_range.tflite', FULL_RANGE_FACE_DETECTOR_METADATA),
  );
  await copyVerifiedFile(join(root, FACE_LANDMARKER.source), join(out, FACE_LANDMARKER.target), FACE_LANDMARKER.sha256);

  // SIMD builds only: every Chromium that runs MV3 has wasm SIMD, and each variant costs 4-13 MB.
  const visionWasm = join(packageDir('@mediapipe/tasks-vision'), 'wasm');
  await copyInto(join(out, 'mediapipe'), visionWasm, ['vision_wasm_internal.wasm']);
  // Its stderr would show informational lines as errors; see patch-mediapipe-glue.ts.
  const visionGlue = await readFile(join(visionWasm, 'vision_wasm_internal.js'), 'utf8');
  await writeFile(join(out, 'mediapipe/vision_wasm_internal.js'), patchMediapipeGlue(visionGlue));
  const tfliteWasm = join(packageDir('@tensorflow/tfjs-tflite'), 'wasm');
  await copyInto(join(out, 'tflite'), tfliteWasm, ['tflite_web_api_cc_simd.wasm']);
  // MV3 forbids the glue's run-time code generation; see patch-tflite-glue.ts.
  const glue = await readFile(join(tfliteWasm, 'tflite_web_api_cc_simd.js'), 'utf8');
  await writeFile(join(out, 'tflite/tflite_web_api_cc_simd.js'), patchTfliteGlue(glue));

  const expressionModel = join(root, 'models/expression-embedder.tflite');
  if (existsSync(expressionModel)) await copyFile(expressionModel, join(out, 'models/expression-embedder.tflite'));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  await buildAssets(process.cwd());
}
