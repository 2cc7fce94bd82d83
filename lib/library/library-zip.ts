import { strFromU8, strToU8, unzip, zip, type Unzipped, type Zippable } from 'fflate';
import * as v from 'valibot';
import type { MemeId, MemeRecord, PortableTaughtFace } from '../memes-db/memes-db';
import { readImageHeader } from './image-format';

// Typed as the record it restores, so the two cannot drift apart.
const TaughtFaceSchema: v.GenericSchema<unknown, PortableTaughtFace> = v.union([
  v.object({ taught: v.literal('word'), word: v.pipe(v.string(), v.maxLength(40)) }),
  v.object({
    taught: v.literal('camera'),
    embedding: v.pipe(v.array(v.pipe(v.number(), v.finite())), v.maxLength(1024)),
    probabilities: v.pipe(v.array(v.pipe(v.number(), v.finite())), v.maxLength(64)),
    modelVersion: v.pipe(v.string(), v.maxLength(100)),
  }),
]);

/**
 * manifest.json at the root of an export: enough to restore every meme's title, source and date,
 * and the face a meme without a detected one was taught.
 */
const ManifestSchema = v.object({
  format: v.literal('meme-mirror-library'),
  version: v.literal(1),
  exportedAt: v.number(),
  memes: v.array(
    v.object({
      file: v.string(),
      title: v.string(),
      sourceUrl: v.string(),
      pageUrl: v.optional(v.string()),
      addedAt: v.number(),
      sha256: v.optional(v.string()),
      // A taught face that does not parse is lost alone, not the manifest with every title.
      taughtFace: v.fallback(v.optional(TaughtFaceSchema), undefined),
    }),
  ),
});
export type LibraryManifest = v.InferOutput<typeof ManifestSchema>;

export const MANIFEST_NAME = 'manifest.json';

const EXTENSION_OF: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
};

function safeName(title: string): string {
  return title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'meme';
}

/**
 * The whole library as one .zip: each image file as it was added (stored, not recompressed),
 * plus manifest.json with titles, sources, dates and taught faces. Detected faces are not
 * exported: importing runs the current models again.
 */
export async function exportLibraryZip(memes: readonly MemeRecord[], taughtFaces: ReadonlyMap<MemeId, PortableTaughtFace> = new Map()): Promise<Uint8Array> {
  const files: Zippable = {};
  const manifest: LibraryManifest = { format: 'meme-mirror-library', version: 1, exportedAt: Date.now(), memes: [] };
  for (const [n, meme] of memes.entries()) {
    const file = `images/${String(n + 1).padStart(4, '0')}-${safeName(meme.title)}.${EXTENSION_OF[meme.mime] ?? 'img'}`;
    files[file] = [new Uint8Array(await meme.blob.arrayBuffer()), { level: 0 }];
    manifest.memes.push({
      file,
      title: meme.title,
      sourceUrl: meme.sourceUrl,
      ...(meme.pageUrl ? { pageUrl: meme.pageUrl } : {}),
      addedAt: meme.addedAt,
      sha256: meme.sha256,
      ...(taughtFaces.has(meme.id) ? { taughtFace: taughtFaces.get(meme.id) } : {}),
    });
  }
  files[MANIFEST_NAME] = strToU8(JSON.stringify(manifest, null, 2));
  return new Promise((resolve, reject) => zip(files, (error, data) => (error ? reject(error) : resolve(data))));
}

/** One image found in a zip, with what the manifest says about it (if the zip is an export). */
export interface ZipImage {
  path: string;
  blob: Blob;
  title?: string;
  sourceUrl?: string;
  pageUrl?: string;
  addedAt?: number;
  taughtFace?: PortableTaughtFace;
}

/**
 * Reads the images out of a .zip: a Meme Mirror export (manifest.json restores titles, sources
 * and dates) or any zip of images (each named after its file). Non-images are skipped.
 */
export async function readLibraryZip(bytes: Uint8Array): Promise<ZipImage[]> {
  const entries = await new Promise<Unzipped>((resolve, reject) =>
    unzip(bytes, (error, data) => (error ? reject(error) : resolve(data))),
  );
  let manifest: LibraryManifest | undefined;
  const manifestBytes = entries[MANIFEST_NAME];
  if (manifestBytes) {
    try {
      const parsed = v.safeParse(ManifestSchema, JSON.parse(strFromU8(manifestBytes)));
      if (parsed.success) manifest = parsed.output;
    } catch {
      // Not our manifest: import the images by file name.
    }
  }
  const described = new Map(manifest?.memes.map((meme) => [meme.file, meme]));
  const images: ZipImage[] = [];
  for (const [path, data] of Object.entries(entries)) {
    if (path.endsWith('/') || path.startsWith('__MACOSX/')) continue;
    const header = readImageHeader(data.subarray(0, 64 * 1024));
    if (!header) continue;
    const meta = described.get(path);
    images.push({
      path,
      blob: new Blob([data as BlobPart], { type: header.mime }),
      ...(meta ? { title: meta.title, sourceUrl: meta.sourceUrl, pageUrl: meta.pageUrl, addedAt: meta.addedAt } : {}),
      ...(meta?.taughtFace ? { taughtFace: meta.taughtFace } : {}),
    });
  }
  return images;
}
