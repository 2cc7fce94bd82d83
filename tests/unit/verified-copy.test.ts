import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { AssetChecksumError, copyVerifiedFile, sha256Hex } from '@/scripts/assets/verified-copy';
import { FACE_LANDMARKER } from '@/scripts/assets/build-assets';

const dir = mkdtempSync(join(tmpdir(), 'verified-copy-'));

test('the committed landmarker bundle is the official file the build pins', () => {
  expect(sha256Hex(new Uint8Array(readFileSync(FACE_LANDMARKER.source)))).toBe(FACE_LANDMARKER.sha256);
});

test('a file with the pinned sha256 is copied byte for byte', async () => {
  const source = join(dir, 'good.bin');
  writeFileSync(source, 'landmarker bytes');
  const target = join(dir, 'good-copy.bin');
  await copyVerifiedFile(source, target, sha256Hex(new TextEncoder().encode('landmarker bytes')));
  expect(readFileSync(target, 'utf8')).toBe('landmarker bytes');
});

test('a file whose sha256 differs fails the build and is not copied', async () => {
  const source = join(dir, 'swapped.bin');
  writeFileSync(source, 'landmarker bytes, one changed');
  const target = join(dir, 'swapped-copy.bin');
  await expect(copyVerifiedFile(source, target, FACE_LANDMARKER.sha256)).rejects.toThrow(AssetChecksumError);
  await expect(copyVerifiedFile(source, target, FACE_LANDMARKER.sha256)).rejects.toThrow(/expected 64184e22/);
  expect(existsSync(target)).toBe(false);
});
