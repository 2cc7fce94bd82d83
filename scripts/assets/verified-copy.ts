import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

/** A committed third-party file whose bytes are not the ones the repo pinned. */
export class AssetChecksumError extends Error {}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Copies a file we redistribute but did not build (a Google model bundle) only if its sha256 is the
 * one pinned in the repo, so a swapped or truncated file fails the build instead of shipping.
 */
export async function copyVerifiedFile(source: string, target: string, expectedSha256: string): Promise<void> {
  const bytes = new Uint8Array(await readFile(source));
  const actual = sha256Hex(bytes);
  if (actual !== expectedSha256.toLowerCase()) {
    throw new AssetChecksumError(`${source}: sha256 ${actual}, expected ${expectedSha256} (${bytes.byteLength} bytes)`);
  }
  await writeFile(target, bytes);
}
