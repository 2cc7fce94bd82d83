import { serveFrames, type FrameReply, type FrameRequest } from '../messaging/frame-channel';
import { createFaceFinder, type FaceFinder } from '../vision/face-detector';
import { extensionAssetUrls } from '../extension-assets';

/**
 * The offscreen document's detection service: loads the face finder once, keeps it warm, and
 * answers each frame the popup sends with the faces in it.
 */
export function startFrameService(signal: AbortSignal): void {
  const assets = extensionAssetUrls();
  let finder: FaceFinder | undefined;
  const loading = createFaceFinder({ wasmBaseUrl: assets.mediapipeWasm, modelUrl: assets.faceDetectorModel }).then(
    (loaded) => {
      finder = loaded;
      service.announceReady();
      return loaded;
    },
  );
  signal.addEventListener('abort', () => finder?.close(), { once: true });

  async function handle(request: FrameRequest): Promise<FrameReply> {
    const started = performance.now();
    try {
      const ready = finder ?? (await loading);
      const image = new ImageData(request.pixels, request.width, request.height);
      const detectStarted = performance.now();
      const faces = ready.detect(image);
      const done = performance.now();
      return {
        type: 'frame-result',
        requestId: request.requestId,
        faces,
        timings: { detectMs: done - detectStarted, totalMs: done - started },
      };
    } catch (error) {
      return { type: 'frame-error', requestId: request.requestId, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  const service = serveFrames(handle, signal);
}
