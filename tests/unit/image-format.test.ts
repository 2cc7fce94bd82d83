import { describe, expect, test } from 'vitest';
import { isImageCutShort, MAX_IMAGE_PIXELS, pixelLimitExceeded, readImageHeader } from '@/lib/library/image-format';
import { outcomeMessage } from '@/lib/library/ingest-outcome';

/**
 * Sizes read from hand-made headers, one per format and variant, so each parser is pinned by
 * bytes whose meaning is spelled out here; tests/unit/bad-input-headers.test.ts reads real files.
 */
const bytes = (...parts: (ArrayLike<number> | string)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : Array.from(part))));
const u16be = (n: number) => [n >> 8, n & 0xff];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, n >> 8];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

const png = (width: number, height: number) => bytes('\x89PNG\r\n\x1a\n', u32be(13), 'IHDR', u32be(width), u32be(height), [8, 6, 0, 0, 0], u32be(0));
const pngEnd = bytes(u32be(0), 'IEND', u32be(0xae426082));
/** SOI, an APP0 to skip, then the given frame marker with height and width. */
const jpeg = (sof: number, width: number, height: number) => bytes([0xff, 0xd8, 0xff, 0xe0], u16be(6), 'JFIF', [0xff, sof], u16be(11), [8], u16be(height), u16be(width), [1, 1, 0x11, 0]);
const box = (type: string, ...body: (ArrayLike<number> | string)[]) => {
  const inner = bytes(...body);
  return [...u32be(8 + inner.length), ...[...type].map((c) => c.charCodeAt(0)), ...inner];
};
const ispe = (width: number, height: number) => box('ispe', [0, 0, 0, 0], u32be(width), u32be(height));
const avif = (...properties: number[][]) =>
  bytes(box('ftyp', 'avif', u32be(0), 'mif1'), box('meta', [0, 0, 0, 0], box('hdlr', [0, 0, 0, 0], u32be(0), 'pict'), box('iprp', box('ipco', ...properties))));

describe('readImageHeader: sizes from the header', () => {
  test.each([
    ['PNG IHDR', png(16_000, 16_000), { mime: 'image/png', width: 16_000, height: 16_000 }],
    ['JPEG baseline (SOF0) after APP0', jpeg(0xc0, 640, 480), { mime: 'image/jpeg', width: 640, height: 480 }],
    ['JPEG progressive (SOF2)', jpeg(0xc2, 9000, 8000), { mime: 'image/jpeg', width: 9000, height: 8000 }],
    ['JPEG: a DHT (C4) is not a frame header', bytes([0xff, 0xd8, 0xff, 0xc4], u16be(4), [0, 0], [0xff, 0xc1], u16be(11), [8], u16be(30), u16be(40), [1, 1, 0x11, 0]), { mime: 'image/jpeg', width: 40, height: 30 }],
    ['GIF logical screen', bytes('GIF89a', u16le(800), u16le(600), [0, 0, 0]), { mime: 'image/gif', width: 800, height: 600 }],
    ['WebP VP8X (24-bit sizes minus one)', bytes('RIFF', u32le(30), 'WEBPVP8X', u32le(10), [0, 0, 0, 0], u24le(15_999), u24le(15_999)), { mime: 'image/webp', width: 16_000, height: 16_000 }],
    ['WebP VP8L (14-bit sizes minus one)', bytes('RIFF', u32le(30), 'WEBPVP8L', u32le(5), [0x2f], u32le((8191 << 14) | 8191)), { mime: 'image/webp', width: 8192, height: 8192 }],
    ['WebP VP8 (key frame)', bytes('RIFF', u32le(30), 'WEBPVP8 ', u32le(10), [0, 0, 0, 0x9d, 0x01, 0x2a], u16le(1024), u16le(768)), { mime: 'image/webp', width: 1024, height: 768 }],
    ['BMP, bottom-up', bytes('BM', u32le(0), u32le(0), u32le(54), u32le(40), u32le(300), u32le(200)), { mime: 'image/bmp', width: 300, height: 200 }],
    ['BMP, top-down (negative height)', bytes('BM', u32le(0), u32le(0), u32le(54), u32le(40), u32le(300), u32le(-200 >>> 0)), { mime: 'image/bmp', width: 300, height: 200 }],
    ['AVIF ispe', avif(ispe(16_000, 16_000)), { mime: 'image/avif', width: 16_000, height: 16_000 }],
    ['AVIF grid: the canvas ispe, not a tile', avif(ispe(512, 512), ispe(12_000, 9_000), ispe(256, 256)), { mime: 'image/avif', width: 12_000, height: 9_000 }],
    ['AVIF without meta (size left to the decoder)', bytes(box('ftyp', 'avif', u32be(0)), box('mdat', [1, 2, 3])), { mime: 'image/avif' }],
    ['AVIF whose boxes claim more than there is', bytes(box('ftyp', 'avif', u32be(0)), u32be(0xffff), 'meta'), { mime: 'image/avif' }],
  ])('%s', (_name, header, expected) => {
    expect(readImageHeader(header)).toEqual(expected);
  });
});

describe('the pixel limits', () => {
  test.each([
    [8160, 6144, undefined], // a 50 MP phone camera's full size
    [8000, 8000, undefined], // exactly the budget
    [8000, 8001, 'total'],
    [16_000, 16_000, 'total'], // under 16k a side, 1 GB decoded
    [16_385, 1, 'side'],
    [30_000, 30_000, 'side'],
  ] as const)('%d×%d → %s', (width, height, expected) => {
    expect(pixelLimitExceeded(width, height)).toBe(expected);
  });

  test('the user is told which limit, with the numbers', () => {
    expect(MAX_IMAGE_PIXELS).toBe(64_000_000);
    expect(outcomeMessage({ ok: false, reason: 'too-many-pixels', width: 16_000, height: 16_000 })).toEqual(['libraryTooManyMegapixels', '16000×16000', 256, 64]);
    expect(outcomeMessage({ ok: false, reason: 'too-many-pixels', width: 30_000, height: 30_000 })).toEqual(['libraryTooManyPixels', '30000×30000']);
  });
});

describe('isImageCutShort: the file stops before its format says it ends', () => {
  const scan = [0xff, 0xda, ...u16be(8), 1, 1, 0, 0, 0x3f, 0, 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56];
  test.each([
    ['JPEG ending in its EOI', bytes(jpeg(0xc0, 8, 8), scan, [0xff, 0xd9]), false],
    ['JPEG with bytes after its EOI', bytes(jpeg(0xc0, 8, 8), scan, [0xff, 0xd9], 'trailing tag'), false],
    ['JPEG with two scans (progressive)', bytes(jpeg(0xc2, 8, 8), scan, scan, [0xff, 0xd9]), false],
    ['JPEG cut in its scan', bytes(jpeg(0xc0, 8, 8), scan), true],
    ['JPEG cut before EOI by two bytes', bytes(jpeg(0xc0, 8, 8), scan, [0xff]), true],
    ['JPEG cut inside a segment after its frame header', bytes(jpeg(0xc0, 8, 8), [0xff, 0xc4], u16be(400), [1, 2, 3]), true],
    ['JPEG magic then text (damage, not a cut)', bytes([0xff, 0xd8, 0xff, 0xe0], 'this is text, not a JPEG'), false],
    ['JPEG with garbage where a marker belongs', bytes([0xff, 0xd8, 0xff, 0xdb], u16be(4), [0, 0], new Array(40).fill(7)), false],
    ['PNG ending in IEND', bytes(png(1, 1), pngEnd), false],
    ['PNG without IEND', png(1, 1), true],
    ['PNG cut inside a chunk', bytes(png(1, 1), u32be(1000), 'IDAT', [1, 2, 3]), true],
    ['WebP whose RIFF size fits', bytes('RIFF', u32le(18), 'WEBPVP8L', u32le(5), [0x2f], u32le(0), [0]), false],
    ['WebP whose RIFF size runs past the end', bytes('RIFF', u32le(1000), 'WEBPVP8L', u32le(5), [0x2f], u32le(0), [0]), true],
    ['AVIF whose boxes all fit', avif(ispe(1, 1)), false],
    ['AVIF cut inside mdat', bytes(avif(ispe(1, 1)), u32be(500), 'mdat', [1, 2]), true],
    ['GIF is not judged', bytes('GIF89a', u16le(1), u16le(1), [0, 0, 0]), false],
    ['not an image', bytes('<!doctype html>'), false],
  ])('%s', (_name, file, expected) => {
    expect(isImageCutShort(file)).toBe(expected);
  });
});

test('each download failure has its own sentence', () => {
  expect(outcomeMessage({ ok: false, reason: 'http-error', status: 401 })).toEqual(['librarySignInNeeded', 401]);
  expect(outcomeMessage({ ok: false, reason: 'http-error', status: 403 })).toEqual(['librarySignInNeeded', 403]);
  expect(outcomeMessage({ ok: false, reason: 'http-error', status: 404 })).toEqual(['libraryHttpError', 404]);
  expect(outcomeMessage({ ok: false, reason: 'not-shared' })).toEqual(['libraryNotShared']);
  expect(outcomeMessage({ ok: false, reason: 'redirect-loop' })).toEqual(['libraryRedirectLoop']);
  expect(outcomeMessage({ ok: false, reason: 'page-only' })).toEqual(['libraryPageOnly']);
  expect(outcomeMessage({ ok: false, reason: 'web-page' })).toEqual(['libraryWebPage']);
  expect(outcomeMessage({ ok: false, reason: 'download-cut', declared: 20 })).toEqual(['libraryDownloadCut', 20]);
  expect(outcomeMessage({ ok: false, reason: 'incomplete', bytes: 4000 })).toEqual(['libraryIncomplete', 4000]);
  expect(outcomeMessage({ ok: false, reason: 'network-error', detail: 'Failed to fetch' })).toEqual(['libraryNetworkError']);
});
