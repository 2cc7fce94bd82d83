/** What the library accepts: a file's format and size from its first bytes, and whether a whole file stops early. */

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 16_384;
/**
 * Decoded pixels allowed in all: 64 megapixels is at most 256 MB of RGBA for one decode (the side
 * limit alone let a 16000x16000 PNG of 31 kB take 1 GB and 3-7 s), and still above every phone
 * camera's full size (48-50 MP sensors write 8064x6048 or 8160x6144). Memes are far smaller.
 */
export const MAX_IMAGE_PIXELS = 64_000_000;

export const MEME_MIMES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/bmp'] as const;
export type MemeMime = (typeof MEME_MIMES)[number];

export interface ImageHeader {
  mime: MemeMime;
  /** Undefined where the bytes read do not say (a JPEG cut before its frame header, an AVIF without `ispe`). */
  width?: number;
  height?: number;
}

type Size = { width: number; height: number };

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const dataView = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegSize(bytes: Uint8Array): Size | undefined {
  const view = dataView(bytes);
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (isStartOfFrame(marker)) return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    at += 2 + view.getUint16(at + 2);
  }
  return undefined;
}

function webpSize(bytes: Uint8Array): Size | undefined {
  const view = dataView(bytes);
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8X' && bytes.length >= 30) {
    const w = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16));
    const h = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16));
    return { width: w, height: h };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30) return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = view.getUint32(21, true);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return undefined;
}

/** ISO-BMFF boxes between `start` and `end`: type, where the payload starts, where the box ends. */
function* isoBoxes(bytes: Uint8Array, start: number, end: number): Generator<{ type: string; body: number; end: number }> {
  const view = dataView(bytes);
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) return;
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header) return;
    yield { type: ascii(bytes, at + 4, 4), body: at + header, end: Math.min(at + size, end) };
    at += size;
  }
}

/**
 * The largest `ispe` (image spatial extents) in meta/iprp/ipco. A grid image's own `ispe` is the
 * whole canvas and its tiles are smaller, so the largest is what a decoder would allocate.
 */
function avifSize(bytes: Uint8Array): Size | undefined {
  const view = dataView(bytes);
  const find = (start: number, end: number, type: string) => [...isoBoxes(bytes, start, end)].find((box) => box.type === type);
  const meta = find(0, bytes.length, 'meta');
  // meta is a full box: its version and flags come before its children.
  const iprp = meta && find(meta.body + 4, meta.end, 'iprp');
  const ipco = iprp && find(iprp.body, iprp.end, 'ipco');
  let largest: Size | undefined;
  for (const box of ipco ? isoBoxes(bytes, ipco.body, ipco.end) : []) {
    if (box.type !== 'ispe' || box.body + 12 > box.end) continue;
    const size = { width: view.getUint32(box.body + 4), height: view.getUint32(box.body + 8) };
    if (!largest || size.width * size.height > largest.width * largest.height) largest = size;
  }
  return largest;
}

/** Recognises the six accepted formats by their magic bytes (a server's Content-Type is not trusted). */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 12) return undefined;
  const view = dataView(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: 'image/jpeg', ...jpegSize(bytes) };
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n' && bytes.length >= 24) {
    return { mime: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (ascii(bytes, 0, 4) === 'GIF8') return { mime: 'image/gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return { mime: 'image/webp', ...webpSize(bytes) };
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) {
    return { mime: 'image/bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  }
  if (ascii(bytes, 4, 4) === 'ftyp' && ['avif', 'avis'].includes(ascii(bytes, 8, 4))) return { mime: 'image/avif', ...avifSize(bytes) };
  return undefined;
}

/** Which limit a size breaks, if any: a side over 16k, or more pixels in all than the budget. */
export function pixelLimitExceeded(width: number, height: number): 'side' | 'total' | undefined {
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) return 'side';
  if (width * height > MAX_IMAGE_PIXELS) return 'total';
  return undefined;
}

export function isTooManyPixels(width: number, height: number): boolean {
  return pixelLimitExceeded(width, height) !== undefined;
}

/** A JPEG that ends before its EOI marker, once its frame header was seen (before that it is not a JPEG but damage). */
function jpegCutShort(bytes: Uint8Array): boolean {
  const view = dataView(bytes);
  let sawFrame = false;
  let at = 2;
  for (;;) {
    if (at + 2 > bytes.length) return sawFrame;
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1];
    if (marker === 0xd9) return false;
    // Fill bytes, TEM and RSTn stand alone; every other marker carries a length.
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    if (at + 4 > bytes.length) return sawFrame;
    const segmentEnd = at + 2 + view.getUint16(at + 2);
    if (segmentEnd > bytes.length) return sawFrame;
    sawFrame ||= isStartOfFrame(marker);
    at = segmentEnd;
    if (marker !== 0xda) continue;
    // Entropy-coded data follows a scan header; in it 0xFF is followed by 0x00 (stuffing) or a RSTn.
    for (;;) {
      at = bytes.indexOf(0xff, at);
      if (at < 0 || at + 1 >= bytes.length) return sawFrame;
      const next = bytes[at + 1];
      if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
      at += 2;
    }
  }
}

/** A PNG's chunks in order, each whose length and type the bytes hold: its type and where it ends. */
function* pngChunks(bytes: Uint8Array): Generator<{ type: string; end: number }> {
  const view = dataView(bytes);
  for (let at = 8; at + 8 <= bytes.length; ) {
    const end = at + 12 + view.getUint32(at);
    yield { type: ascii(bytes, at + 4, 4), end };
    at = end;
  }
}

function pngCutShort(bytes: Uint8Array): boolean {
  for (const { type, end } of pngChunks(bytes)) {
    if (end > bytes.length) return true;
    if (type === 'IEND') return false;
  }
  return true;
}

/**
 * An APNG names its animation (acTL) before its first image data (IDAT); a plain PNG never does.
 * Bytes that stop before either (a file's first bytes only) read as a still image.
 */
export function isAnimatedPng(bytes: Uint8Array): boolean {
  for (const { type } of pngChunks(bytes)) {
    if (type === 'acTL') return true;
    if (type === 'IDAT') return false;
  }
  return false;
}

function isoCutShort(bytes: Uint8Array): boolean {
  const view = dataView(bytes);
  for (let at = 0; at < bytes.length; ) {
    if (at + 8 > bytes.length) return true;
    const size = view.getUint32(at);
    if (size === 0) return false;
    const boxSize = size === 1 ? (at + 16 > bytes.length ? Infinity : Number(view.getBigUint64(at + 8))) : size;
    if (boxSize < 8 || at + boxSize > bytes.length) return true;
    at += boxSize;
  }
  return false;
}

/**
 * Whether a whole file of a recognised format stops before its own structure says it ends: a
 * download cut short (or a Content-Length that lies low), told apart from other damage. Chromium
 * refuses to decode all of these, so nothing it could show is refused here. GIF and BMP are not
 * judged: a GIF is read frame by frame and a BMP's declared size is often wrong.
 */
export function isImageCutShort(bytes: Uint8Array): boolean {
  switch (readImageHeader(bytes)?.mime) {
    case 'image/jpeg':
      return jpegCutShort(bytes);
    case 'image/png':
      return pngCutShort(bytes);
    case 'image/webp':
      return dataView(bytes).getUint32(4, true) + 8 > bytes.length;
    case 'image/avif':
      return isoCutShort(bytes);
    default:
      return false;
  }
}
