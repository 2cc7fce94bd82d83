import type { MemeRecord } from '../memes-db/schema';
import type { RgbaImage } from '../vision/align-face';
import { isAnimatedPng, type MemeMime } from './image-format';

/**
 * Long side of the picture the library page shows for a meme. Its cards are 200-416 px wide, so
 * 400 px is sharp at 1x and near it at 2x, where the file itself can be 2,000 px and 1 MB.
 */
export const THUMBNAIL_MAX_SIDE = 400;

const JPEG_QUALITY = 0.85;

/** A GIF, WebP or AVIF may move, and a thumbnail would stop it: only JPEG and PNG (checked for APNG) get one. */
export type StillMime = Extract<MemeMime, 'image/jpeg' | 'image/png'>;
const isStillFormat = (mime: string): mime is StillMime => mime === 'image/jpeg' || mime === 'image/png';

/**
 * A stored meme's type where its record says it could get a thumbnail (a PNG may still turn out
 * moving or transparent), else undefined.
 */
export function thumbnailableMime(meme: Pick<MemeRecord, 'mime' | 'width' | 'height'>): StillMime | undefined {
  return isStillFormat(meme.mime) && thumbnailSize(meme.width, meme.height) !== undefined ? meme.mime : undefined;
}

/** The thumbnail's size for a picture of this size, or undefined where the picture is no larger. */
export function thumbnailSize(width: number, height: number): { width: number; height: number } | undefined {
  const scale = THUMBNAIL_MAX_SIDE / Math.max(width, height);
  if (scale >= 1) return undefined;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export function hasTransparency(image: RgbaImage): boolean {
  for (let alpha = 3; alpha < image.data.length; alpha += 4) if (image.data[alpha] !== 255) return true;
  return false;
}

/**
 * A small JPEG of a still, opaque meme for the library page, drawn from the decoded `bitmap`
 * (`head` is the file's first bytes, for the animation check; `pixels` is ingest's copy of the
 * bitmap, for the transparency check). Showing each meme's own file there
 * made the page decode every new meme at full size during an import: 16 % of the import's CPU
 * (issue 25). Animated images (GIF, APNG, WebP, AVIF) keep moving and transparent ones keep their
 * alpha: those get none (null), and the page shows the file.
 */
export async function makeThumbnail(head: Uint8Array, mime: MemeMime, bitmap: ImageBitmap, pixels: RgbaImage): Promise<Blob | null> {
  const size = thumbnailSize(bitmap.width, bitmap.height);
  if (!size || !isStillFormat(mime)) return null;
  if (mime === 'image/png' && (isAnimatedPng(head) || hasTransparency(pixels))) return null;
  const canvas = new OffscreenCanvas(size.width, size.height);
  // CPU pixels: a GPU canvas is SwiftShader where there is no GPU, several times slower.
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
}

/** What a page shows for a meme: its thumbnail where it has one. Inserting and exporting use the file. */
export const pictureOf = (meme: Pick<MemeRecord, 'blob' | 'thumbnail'>): Blob => meme.thumbnail ?? meme.blob;
