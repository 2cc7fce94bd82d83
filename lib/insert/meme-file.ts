import * as v from 'valibot';

/** A meme as the insert path sees it: the original bytes, their type and a file name. */
export interface MemeToInsert {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

/**
 * Runtime messages are JSON (an ArrayBuffer arrives as `{}`), so the bytes cross as base64.
 * 24 MiB of meme is 32 MiB of base64, half of Chrome's 64 MiB message limit.
 */
export const MAX_MEME_BYTES = 24 * 1024 * 1024;

export const MemeWireSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  mime: v.pipe(v.string(), v.regex(/^image\/[a-z0-9.+-]{1,40}$/)),
  base64: v.pipe(v.string(), v.maxLength(Math.ceil(MAX_MEME_BYTES / 3) * 4), v.regex(/^[A-Za-z0-9+/]*={0,2}$/)),
});
export type MemeWire = v.InferOutput<typeof MemeWireSchema>;

/** A file name a site can take: no path separators or control characters, at most 120 characters. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.slice(0, 120).trim() || 'meme';
}

export function memeToWire(meme: MemeToInsert): MemeWire {
  let binary = '';
  for (let i = 0; i < meme.bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...meme.bytes.subarray(i, i + 0x8000));
  }
  return { name: safeFileName(meme.name), mime: meme.mime, base64: btoa(binary) };
}

export function memeFromWire(wire: MemeWire): MemeToInsert {
  const binary = atob(wire.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { name: wire.name, mime: wire.mime, bytes };
}

const SIGNATURES: readonly { mime: string; at: number; bytes: readonly number[] }[] = [
  { mime: 'image/png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/gif', at: 0, bytes: [0x47, 0x49, 0x46, 0x38] },
  { mime: 'image/jpeg', at: 0, bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/webp', at: 8, bytes: [0x57, 0x45, 0x42, 0x50] },
  { mime: 'image/bmp', at: 0, bytes: [0x42, 0x4d] },
];

/** The image type the bytes say they are (PNG, GIF, JPEG, WebP, BMP), if any. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(({ at, bytes: signature }) => signature.every((byte, i) => bytes[at + i] === byte))?.mime;
}

/**
 * What the meme library hands over: a Blob, with its stored type. A Blob read back without a type
 * (or with a wrong one) gets the type its bytes announce.
 */
export async function memeFromBlob(blob: Blob, name: string, mime?: string): Promise<MemeToInsert> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const declared = mime ?? blob.type;
  return { name, mime: sniffImageType(bytes) ?? (declared.startsWith('image/') ? declared : 'image/png'), bytes };
}

/** Image types every messenger we know of accepts as they are; anything else goes in as PNG. */
export const WIDELY_ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** Extension for a MIME type, so a site that looks at the file name sees the truth. */
export function extensionFor(mime: string): string {
  const subtype = mime.split('/')[1] ?? 'bin';
  return { jpeg: 'jpg', 'svg+xml': 'svg' }[subtype] ?? subtype;
}

/** `name` with its extension replaced by the one `mime` calls for. */
export function fileNameFor(name: string, mime: string): string {
  return `${name.replace(/\.[a-z0-9]{1,5}$/i, '')}.${extensionFor(mime)}`;
}

/**
 * The meme as a File made in `realm` (the window of the document it goes into: a same-origin
 * iframe has its own File constructor, and editors may test `instanceof File`).
 */
export function memeFile(meme: MemeToInsert, realm: Window = window): File {
  const FileInRealm = (realm as Window & { File: typeof File }).File ?? File;
  const bytes = new Uint8Array(meme.bytes); // a copy the File owns, on a plain ArrayBuffer
  return new FileInRealm([bytes], fileNameFor(meme.name, meme.mime), { type: meme.mime, lastModified: Date.now() });
}
