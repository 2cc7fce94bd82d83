import type { RgbaImage } from '../vision/align-face';
import type { ExpressionEmbedding } from '../embedding/expression-embedder';
import { addMemeWithFaces, faceIdOf, findMemeBySha256, type DetectedFaceRecord, type MemeRecord, type PortableTaughtFace } from '../memes-db/memes-db';
import { isTooManyPixels, MAX_IMAGE_BYTES, readImageHeader, type MemeMime } from './image-format';
import { outcomeCode, type IngestOutcome } from './ingest-outcome';

/** Embeds one aligned face (alignFace's output). The offscreen document passes the real model's. */
export type EmbedFace = (face: Float32Array) => ExpressionEmbedding;

/** An image decoded for detection: pixels possibly scaled down, sizes as the browser displays it. */
export interface DecodedMeme {
  /** Displayed size after EXIF orientation. */
  width: number;
  height: number;
  /** The pixels faces are found in: the image scaled by `scale` (≤ 1). */
  pixels: RgbaImage;
  scale: number;
  /** Where asked for: the library page's picture of it, or null where it gets none (meme-thumbnail.ts). */
  thumbnail?: Blob | null;
}

/** A face found and embedded in an image, in the image's displayed pixels. */
export type AnalysedFace = Omit<DetectedFaceRecord, 'id' | 'memeId' | 'modelVersion'>;

/** What reading an image's faces gives: its displayed size and every face, or why it could not be decoded. */
export type ImageAnalysis =
  | { ok: true; width: number; height: number; faces: AnalysedFace[]; thumbnail?: Blob | null }
  | { ok: false; reason: 'decode-failed'; detail: string };

/**
 * Decodes an image and finds and embeds every face in it. The offscreen document hands this to a
 * worker (lib/offscreen/analysis-client.ts); analyseOnThread (lib/library/analyse-image.ts) is the body.
 */
export type AnalyseImage = (blob: Blob, mime: MemeMime) => Promise<ImageAnalysis>;

export interface IngestDeps {
  analyse: AnalyseImage;
  modelVersion: string;
  /** Given the faces once they are committed: the search index takes them from here, not from a read-back. */
  stored?(faces: readonly DetectedFaceRecord[]): void;
}

export interface IngestInput {
  blob: Blob;
  title: string;
  sourceUrl: string;
  pageUrl?: string;
  /** Kept when a library export is imported back. */
  addedAt?: number;
  /** The face an exported meme was taught, restored when the detector again finds none. */
  taughtFace?: PortableTaughtFace;
  /** The import-queue job the image comes from: a stored meme marks it done in its own transaction. */
  queueJobId?: number;
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks, decodes, detects and embeds an image, then stores it with its faces (and marks its
 * queue job done) in one transaction. Inference runs before the transaction opens. An image
 * without a face the detector knows (a cartoon, an animal) is kept too, with faceCount 0: the
 * user can teach it one.
 */
export async function ingestMeme(input: IngestInput, deps: IngestDeps): Promise<IngestOutcome> {
  if (input.blob.size > MAX_IMAGE_BYTES) return { ok: false, reason: 'too-large', bytes: input.blob.size };
  const bytes = await input.blob.arrayBuffer();
  const header = readImageHeader(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 64 * 1024)));
  if (!header) return { ok: false, reason: 'unsupported-type' };
  if (header.width !== undefined && header.height !== undefined && isTooManyPixels(header.width, header.height)) {
    return { ok: false, reason: 'too-many-pixels', width: header.width, height: header.height };
  }
  const sha256 = await sha256Hex(bytes);
  const existing = await findMemeBySha256(sha256);
  if (existing) return { ok: false, reason: 'duplicate', memeId: existing.id };

  // A slice shares the bytes (a new Blob of them would copy every image once more); it only
  // names the type the header proved, whatever the file or the server claimed.
  const blob = input.blob.type === header.mime ? input.blob : input.blob.slice(0, input.blob.size, header.mime);
  const analysis = await deps.analyse(blob, header.mime);
  if (!analysis.ok) return analysis;
  if (isTooManyPixels(analysis.width, analysis.height)) {
    return { ok: false, reason: 'too-many-pixels', width: analysis.width, height: analysis.height };
  }

  const memeId = crypto.randomUUID();
  const faces: DetectedFaceRecord[] = analysis.faces.map((face, n) => ({ ...face, id: faceIdOf(memeId, n), memeId, modelVersion: deps.modelVersion }));

  const meme: MemeRecord = {
    id: memeId,
    title: input.title.trim() || titleFromUrl(input.sourceUrl),
    sourceUrl: input.sourceUrl,
    ...(input.pageUrl ? { pageUrl: input.pageUrl } : {}),
    addedAt: input.addedAt ?? Date.now(),
    sha256,
    blob,
    mime: header.mime,
    width: analysis.width,
    height: analysis.height,
    faceCount: faces.length,
    ...(analysis.thumbnail !== undefined ? { thumbnail: analysis.thumbnail } : {}),
  };
  const outcome: IngestOutcome = { ok: true, memeId, faceCount: faces.length };
  const job = input.queueJobId === undefined ? undefined : { id: input.queueJobId, outcome: outcomeCode(outcome) };
  const stored = await addMemeWithFaces(meme, faces, job);
  if (!stored.ok) {
    const winner = await findMemeBySha256(sha256);
    return { ok: false, reason: 'duplicate', memeId: winner?.id ?? memeId };
  }
  deps.stored?.(faces);
  return outcome;
}

/** Titles made from URLs are cut here: a 3000-character file name is not a title. */
export const MAX_TITLE_FROM_URL = 200;

/** A readable title from a URL or file name: "success-kid.jpg" → "success kid". */
export function titleFromUrl(url: string): string {
  let name = url;
  try {
    const parsed = new URL(url);
    // A data: URL names no file, and its last "/" may sit anywhere in the base64: use its type.
    name = parsed.protocol === 'data:' ? parsed.pathname.split(/[;,]/)[0] : parsed.pathname;
  } catch {
    // A bare file name.
  }
  const segment = name.split('/').filter(Boolean).pop() ?? '';
  let last = segment;
  try {
    last = decodeURIComponent(segment);
  } catch {
    // A malformed escape ("100%-sure%E0%A4%A.jpg") stays as it was written: still a readable title.
  }
  const title = last.replace(/\.[a-z0-9]{2,5}$/i, '').replace(/[-_]+/g, ' ').trim() || url;
  return [...title].slice(0, MAX_TITLE_FROM_URL).join('').trim();
}
