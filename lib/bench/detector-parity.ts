import { extensionAssetUrls } from '../extension-assets';
import { decodeMemeImage } from '../library/decode-meme-image';
import type { FaceBox } from '../vision/face-box';
import { createFaceFinder } from '../vision/face-detector';
import { createMediapipeFaceFinder } from '../vision/mediapipe-face-detector';

export interface DetectorPair {
  url: string;
  width: number;
  height: number;
  ours: FaceBox[];
  mediapipe: FaceBox[];
}

/**
 * The short-range faces of each image, found by the product's BlazeFace runner and by MediaPipe's
 * Tasks FaceDetector on the same pixels (at most `maxSide` long, as live frames are sampled), for
 * the parity test: the same network must find the same faces and eyes whoever runs it.
 */
export async function detectWithBoth(options: { urls: string[]; maxSide: number }): Promise<DetectorPair[]> {
  const assets = extensionAssetUrls();
  const [ours, mediapipe] = await Promise.all([
    createFaceFinder({ wasmPath: assets.tfliteWasm, modelUrl: assets.faceDetectorModel }),
    createMediapipeFaceFinder({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceDetectorModel }),
  ]);
  try {
    const pairs: DetectorPair[] = [];
    for (const url of options.urls) {
      const { pixels } = await decodeMemeImage(await (await fetch(url)).blob(), { maxSide: options.maxSide });
      pairs.push({ url, width: pixels.width, height: pixels.height, ours: ours.detect(pixels), mediapipe: mediapipe.detect(pixels) });
    }
    return pairs;
  } finally {
    ours.close();
    mediapipe.close();
  }
}
