import { expect, test } from 'vitest';
import { isAnimatedPng } from '@/lib/library/image-format';
import { hasTransparency, pictureOf, thumbnailableMime, thumbnailSize, THUMBNAIL_MAX_SIDE } from '@/lib/library/meme-thumbnail';

/** A PNG's signature and chunks (type, data length), with zeroed data and CRCs. */
function pngWithChunks(...chunks: [type: string, length: number][]): Uint8Array {
  const bytes = new Uint8Array(8 + chunks.reduce((sum, [, length]) => sum + 12 + length, 0));
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer);
  let at = 8;
  for (const [type, length] of chunks) {
    view.setUint32(at, length);
    bytes.set(new TextEncoder().encode(type), at + 4);
    at += 12 + length;
  }
  return bytes;
}

test('a thumbnail keeps the shape and is 400 px on its long side; a picture no larger gets none', () => {
  expect(THUMBNAIL_MAX_SIDE).toBe(400);
  expect(thumbnailSize(640, 480)).toEqual({ width: 400, height: 300 });
  expect(thumbnailSize(300, 2000)).toEqual({ width: 60, height: 400 });
  expect(thumbnailSize(5000, 3)).toEqual({ width: 400, height: 1 });
  expect(thumbnailSize(400, 300)).toBeUndefined();
  expect(thumbnailSize(120, 90)).toBeUndefined();
});

test('from its record alone, only a JPEG or PNG larger than a thumbnail may get one', () => {
  expect(thumbnailableMime({ mime: 'image/jpeg', width: 800, height: 600 })).toBe('image/jpeg');
  expect(thumbnailableMime({ mime: 'image/png', width: 300, height: 900 })).toBe('image/png');
  expect(thumbnailableMime({ mime: 'image/png', width: 400, height: 400 })).toBeUndefined();
  for (const mime of ['image/gif', 'image/webp', 'image/avif', 'image/bmp']) expect(thumbnailableMime({ mime, width: 2000, height: 1000 })).toBeUndefined();
});

test('an APNG names its animation before the image data; a still PNG does not', () => {
  expect(isAnimatedPng(pngWithChunks(['IHDR', 13], ['acTL', 8], ['IDAT', 20]))).toBe(true);
  expect(isAnimatedPng(pngWithChunks(['IHDR', 13], ['tEXt', 30], ['IDAT', 20], ['acTL', 8]))).toBe(false);
  expect(isAnimatedPng(pngWithChunks(['IHDR', 13], ['IDAT', 20]))).toBe(false);
  // Cut short (only the file's first bytes are read): no animation named, so a still image.
  expect(isAnimatedPng(pngWithChunks(['IHDR', 13], ['tEXt', 5000]).subarray(0, 64))).toBe(false);
});

test('one pixel not fully opaque makes an image transparent', () => {
  const opaque = { data: new Uint8ClampedArray(4 * 6).fill(255), width: 3, height: 2 };
  expect(hasTransparency(opaque)).toBe(false);
  opaque.data[4 * 5 + 3] = 254;
  expect(hasTransparency(opaque)).toBe(true);
});

test('pages show the thumbnail where there is one, the file otherwise', () => {
  const blob = new Blob(['file']);
  const thumbnail = new Blob(['small']);
  expect(pictureOf({ blob, thumbnail })).toBe(thumbnail);
  expect(pictureOf({ blob })).toBe(blob);
  expect(pictureOf({ blob, thumbnail: null })).toBe(blob);
});
