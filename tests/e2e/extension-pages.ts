import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { FaceBox } from '../../lib/vision/face-box';

/**
 * Runs the offscreen document's detector on a still image, through the same frame channel the
 * popup uses, from any extension page. The answer is in the image's own pixels.
 */
export async function detectStillImage(page: Page, imagePath: string): Promise<FaceBox[]> {
  const base64 = readFileSync(imagePath).toString('base64');
  return page.evaluate(async (data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    const image = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const channel = new BroadcastChannel('meme-mirror/frames');
    const requestId = 900_000 + Math.floor(Math.random() * 1000);
    try {
      return await new Promise<FaceBox[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('offscreen detector did not answer')), 30_000);
        channel.onmessage = (event: MessageEvent<{ type: string; requestId?: number; faces?: FaceBox[]; reason?: string }>) => {
          if (event.data.requestId !== requestId) return;
          clearTimeout(timer);
          if (event.data.type === 'frame-result' && event.data.faces) resolve(event.data.faces);
          else reject(new Error(event.data.reason ?? 'detection failed'));
        };
        channel.postMessage({ type: 'detect-frame', requestId, width: image.width, height: image.height, pixels: image.data });
      });
    } finally {
      channel.close();
    }
  }, base64);
}
