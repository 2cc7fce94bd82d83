import type { MemeToInsert } from './meme-file';

/**
 * Re-encodes a meme as PNG (the only image type the async clipboard must support, and the
 * fallback for sites that refuse the original). An animated GIF keeps its first frame.
 */
export async function memeAsPng(meme: MemeToInsert): Promise<MemeToInsert> {
  if (meme.mime === 'image/png') return meme;
  const bitmap = await createImageBitmap(new Blob([new Uint8Array(meme.bytes)], { type: meme.mime }));
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas to convert the meme to PNG');
    context.drawImage(bitmap, 0, 0);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    return { name: meme.name, mime: 'image/png', bytes: new Uint8Array(await png.arrayBuffer()) };
  } finally {
    bitmap.close();
  }
}
