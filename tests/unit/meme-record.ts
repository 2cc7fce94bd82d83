import type { MemeRecord } from '@/lib/memes-db/memes-db';

/** A stored meme for the database tests: a small PNG-typed blob, one face unless told otherwise. */
export function memeRecord(id: string, overrides: Partial<MemeRecord> = {}): MemeRecord {
  return {
    id,
    title: `Meme ${id}`,
    sourceUrl: `https://example.test/${id}.png`,
    addedAt: 1000,
    sha256: `sha-${id}`,
    blob: new Blob([`bytes of ${id}`], { type: 'image/png' }),
    mime: 'image/png',
    width: 100,
    height: 80,
    faceCount: 1,
    ...overrides,
  };
}
