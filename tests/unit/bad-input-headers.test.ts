import { afterEach, beforeAll, expect, test, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { isImageCutShort, pixelLimitExceeded, readImageHeader } from '@/lib/library/image-format';
import { decodeMemeImage } from '@/lib/library/decode-meme-image';
import { makeBadInputs, uniqueFace, type BadInputFiles } from '../fixtures/bad-inputs/make-bad-inputs';

/**
 * The bad-input corpus (tests/fixtures/bad-inputs/make-bad-inputs.ts) through the format check
 * alone, in node: what is recognised, with which size, before any decoder sees a byte. The e2e
 * test (tests/e2e/bad-inputs.test.ts) takes the same files through the whole ingest.
 */
let files: BadInputFiles;
beforeAll(() => {
  files = makeBadInputs();
}, 120_000);

const header = (name: keyof BadInputFiles) => readImageHeader(new Uint8Array(readFileSync(files[name]).subarray(0, 64 * 1024)));

test.each([
  ['empty', undefined],
  ['svgScript', undefined],
  ['html', undefined],
  ['ico', undefined],
  ['tiff', undefined],
  ['zipAsJpeg', undefined],
  ['pdf', undefined],
  ['bomb30000', { mime: 'image/png', width: 30_000, height: 30_000 }],
  ['bomb16000', { mime: 'image/png', width: 16_000, height: 16_000 }],
  ['jpegClaiming65535', { mime: 'image/jpeg', width: 65_535, height: 65_535 }],
  // EXIF 6 stores the pixels turned: the header gives the stored size, the decoder the shown one.
  ['exif6', { mime: 'image/jpeg', width: 256, height: 512 }],
  ['exif1', { mime: 'image/jpeg', width: 512, height: 256 }],
  ['cmyk', { mime: 'image/jpeg', width: 512, height: 256 }],
  ['apng', { mime: 'image/png', width: 256, height: 256 }],
  ['webpAnimated', { mime: 'image/webp', width: 256, height: 256 }],
  ['webpLossless', { mime: 'image/webp', width: 256, height: 256 }],
  ['gif', { mime: 'image/gif', width: 256, height: 256 }],
  ['bmp', { mime: 'image/bmp', width: 256, height: 256 }],
  ['avif', { mime: 'image/avif', width: 256, height: 256 }],
  ['onePixel', { mime: 'image/png', width: 1, height: 1 }],
  ['jpegMagicThenText', { mime: 'image/jpeg' }],
  ['truncatedJpeg', { mime: 'image/jpeg', width: 256, height: 256 }],
] as const)('%s → %j', (name, expected) => {
  expect(header(name)).toEqual(expected);
});

test.each([
  ['bomb30000', 'side'],
  ['bomb16000', 'total'],
  ['jpegClaiming65535', 'side'],
  ['twoFaces', undefined],
  ['avif', undefined],
] as const)('%s breaks the pixel limit: %s', (name, expected) => {
  const { width, height } = header(name) ?? {};
  expect(pixelLimitExceeded(width!, height!)).toBe(expected);
});

/** Whole files: cut short is told apart from damage, and no whole image is called cut. */
test.each([
  ['truncatedJpeg', true],
  ['truncatedTail', true],
  ['truncatedPng', true],
  ['headerOnlyJpeg', true],
  ['jpegMagicThenText', false],
  ['empty', false],
  ['face', false],
  ['twoFaces', false],
  ['exif6', false],
  ['cmyk', false],
  ['just20mb', false],
  ['bomb16000', false],
  ['png16', false],
  ['pngAlpha', false],
  ['apng', false],
  ['webpLossless', false],
  ['webpAnimated', false],
  ['avif', false],
  ['gif', false],
  ['bmp', false],
] as const)('%s is cut short: %s', (name, expected) => {
  expect(isImageCutShort(new Uint8Array(readFileSync(files[name])))).toBe(expected);
});

test('a JPEG with a tag after its end (how the e2e makes unique files) is whole', () => {
  expect(isImageCutShort(new Uint8Array(uniqueFace('tag')))).toBe(false);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

test('decodeMemeImage refuses the 16000x16000 bomb from its header, before createImageBitmap', async () => {
  const createImageBitmap = vi.fn();
  vi.stubGlobal('createImageBitmap', createImageBitmap);
  await expect(decodeMemeImage(new Blob([readFileSync(files.bomb16000)]))).rejects.toThrow('too large to decode (16000×16000 pixels)');
  expect(createImageBitmap).not.toHaveBeenCalled();
});
