/** A PNG header (signature + IHDR) of the given size, followed by `tag` so each file hashes differently. */
export function pngBytes(width: number, height: number, tag: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(33 + tag.length);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set(new TextEncoder().encode(tag), 33);
  return bytes;
}
