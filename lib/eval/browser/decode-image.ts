import { greyToRgba, type RgbaPixels } from '../face-crop-padding';

/** Fetches an encoded image from the eval server and decodes it to RGBA the way a page would. */
export async function decodeImageUrl(url: string): Promise<RgbaPixels> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const bitmap = await createImageBitmap(await response.blob());
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { data, width, height };
  } finally {
    bitmap.close();
  }
}

/** Fetches `count` consecutive width×height grey records in one request and expands each to RGBA. */
export async function decodeGreyRecords(url: string, first: number, count: number, width: number, height: number): Promise<RgbaPixels[]> {
  const recordBytes = width * height;
  const response = await fetch(`${url}?offset=${first * recordBytes}&length=${count * recordBytes}`);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length !== count * recordBytes) throw new Error(`short read: ${bytes.length} of ${count * recordBytes} bytes`);
  return Array.from({ length: count }, (_, i) => greyToRgba(bytes.subarray(i * recordBytes, (i + 1) * recordBytes), width, height));
}
