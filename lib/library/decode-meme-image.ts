import type { DecodedMeme } from './ingest-meme';
import { isTooManyPixels, readImageHeader, type MemeMime } from './image-format';
import { makeThumbnail } from './meme-thumbnail';

/** Faces are found in a copy no larger than this on its long side: detection time grows with pixels. */
export const DETECTION_MAX_SIDE = 640;

/**
 * Decodes an image the way the browser shows it (EXIF orientation applied; a GIF's first frame)
 * and returns pixels scaled down for detection, and with `thumbnailOf` (the file's type) the
 * library's thumbnail, drawn from the decoded bitmap while it is open. The bitmap is closed on
 * every path.
 * A header that announces more pixels than the library allows is refused before decoding: every
 * caller (search by example, re-embedding) is then safe from a decompression bomb, not only ingest.
 */
export async function decodeMemeImage(blob: Blob, { maxSide = DETECTION_MAX_SIDE, thumbnailOf }: { maxSide?: number; thumbnailOf?: MemeMime } = {}): Promise<DecodedMeme> {
  const head = new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer());
  const header = readImageHeader(head);
  if (header?.width !== undefined && header.height !== undefined && isTooManyPixels(header.width, header.height)) {
    throw new Error(`The image is too large to decode (${header.width}×${header.height} pixels)`);
  }
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  try {
    const { width, height } = bitmap;
    const scale = Math.min(1, maxSide / Math.max(width, height));
    const scaledWidth = Math.max(1, Math.round(width * scale));
    const scaledHeight = Math.max(1, Math.round(height * scale));
    const canvas = new OffscreenCanvas(scaledWidth, scaledHeight);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('No 2D canvas context');
    context.drawImage(bitmap, 0, 0, scaledWidth, scaledHeight);
    const pixels = context.getImageData(0, 0, scaledWidth, scaledHeight);
    // One that cannot be made costs the library page some decoding, not the meme: it shows the file.
    const thumbnail =
      thumbnailOf &&
      (await makeThumbnail(head, thumbnailOf, bitmap, pixels).catch((error: unknown) => {
        console.warn('Meme Mirror: no thumbnail for an image:', error instanceof Error ? error.message : error);
        return undefined;
      }));
    return { width, height, scale: scaledWidth / width, pixels, ...(thumbnail !== undefined ? { thumbnail } : {}) };
  } finally {
    bitmap.close();
  }
}
