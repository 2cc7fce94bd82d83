import { beforeAll, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { readImageHeader } from '@/lib/library/image-format';
import { makeBadInputs, type BadInputFiles } from '../fixtures/bad-inputs/make-bad-inputs';

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
  ['avif', { mime: 'image/avif' }],
  ['onePixel', { mime: 'image/png', width: 1, height: 1 }],
  ['jpegMagicThenText', { mime: 'image/jpeg' }],
  ['truncatedJpeg', { mime: 'image/jpeg', width: 256, height: 256 }],
] as const)('%s → %j', (name, expected) => {
  expect(header(name)).toEqual(expected);
});
