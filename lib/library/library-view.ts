import { deleteMeme, facesOfMemes, listFaces, listMemes, listNewestMemes, readMemesWithFaces, type FaceRecord, type MemeId, type MemeRecord } from '../memes-db/memes-db';
import { announceLibraryEvent } from './library-channel';

/** What the options page shows: every meme, newest first, with its faces and the bytes stored (files and thumbnails). */
export interface LibraryView {
  memes: MemeRecord[];
  facesByMeme: Map<string, FaceRecord[]>;
  faceCount: number;
  imageBytes: number;
}

/** What a meme takes in storage: its file and its thumbnail (its faces' vectors are small beside them). */
const storedBytes = (meme: MemeRecord) => meme.blob.size + (meme.thumbnail?.size ?? 0);

export async function loadLibraryView(): Promise<LibraryView> {
  const [memes, faces] = await Promise.all([listMemes(), listFaces()]);
  const facesByMeme = new Map<string, FaceRecord[]>();
  for (const face of faces) facesByMeme.set(face.memeId, [...(facesByMeme.get(face.memeId) ?? []), face]);
  return { memes, facesByMeme, faceCount: faces.length, imageBytes: memes.reduce((sum, meme) => sum + storedBytes(meme), 0) };
}

/** listMemes' order: newest first, and among memes added in the same millisecond, the larger id first. */
function newestFirst(a: MemeRecord, b: MemeRecord): number {
  if (a.addedAt !== b.addedAt) return b.addedAt - a.addedAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The view with `fresh` memes put in (new, or read again after a change) and `removed` ones taken
 * out, counts kept in step: what reading everything again would give, without reading it.
 */
export function mergeLibraryView(view: LibraryView, fresh: readonly { meme: MemeRecord; faces: FaceRecord[] }[], removed: ReadonlySet<MemeId>): LibraryView {
  const replaced = new Set([...removed, ...fresh.map(({ meme }) => meme.id)]);
  const facesByMeme = new Map(view.facesByMeme);
  let { faceCount, imageBytes } = view;
  for (const meme of view.memes) {
    if (!replaced.has(meme.id)) continue;
    faceCount -= facesByMeme.get(meme.id)?.length ?? 0;
    imageBytes -= storedBytes(meme);
    facesByMeme.delete(meme.id);
  }
  for (const { meme, faces } of fresh) {
    faceCount += faces.length;
    imageBytes += storedBytes(meme);
    // As loadLibraryView builds it: a meme without faces has no entry.
    if (faces.length > 0) facesByMeme.set(meme.id, faces);
  }
  const memes = [...view.memes.filter((meme) => !replaced.has(meme.id)), ...fresh.map(({ meme }) => meme)].sort(newestFirst);
  return { memes, facesByMeme, faceCount, imageBytes };
}

/** Memes read again after a change, and those that are gone: what mergeLibraryView takes. */
export interface LibraryChanges {
  fresh: { meme: MemeRecord; faces: FaceRecord[] }[];
  gone: Set<MemeId>;
}

/**
 * Reads only the memes an event named: an import announces each meme it adds, and reading the
 * whole library again for them (every record, each with its Blob handle) once a second took the
 * renderer and IndexedDB's process away from the import itself.
 */
export async function readLibraryChanges(changed: ReadonlySet<MemeId>, removed: ReadonlySet<MemeId>): Promise<LibraryChanges> {
  const read = await readMemesWithFaces([...changed]);
  return {
    fresh: read.flatMap(({ meme, faces }) => (meme ? [{ meme, faces }] : [])),
    // A meme deleted meanwhile reads back as nothing: it goes too.
    gone: new Set([...removed, ...read.filter(({ meme }) => !meme).map(({ id }) => id)]),
  };
}

/**
 * The newest memes with their faces, for a first screen: reading every record of a 10,000-meme
 * library takes 0.3-1 s on this project's machine (IndexedDB hands over a Blob handle per meme).
 */
export async function loadNewestMemes(limit: number): Promise<Pick<LibraryView, 'memes' | 'facesByMeme'>> {
  const memes = await listNewestMemes(limit);
  const faces = await facesOfMemes(memes.map((meme) => meme.id));
  return { memes, facesByMeme: new Map(memes.map((meme, i) => [meme.id, faces[i] ?? []])) };
}

/** Memes whose title contains the filter, ignoring case and accents. */
export function filterMemes(memes: readonly MemeRecord[], filter: string): MemeRecord[] {
  const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const wanted = fold(filter.trim());
  return wanted ? memes.filter((meme) => fold(meme.title).includes(wanted)) : [...memes];
}

/** Deletes a meme with its faces, and tells the search index (offscreen) to drop them. */
export async function deleteMemeFromLibrary(memeId: string): Promise<void> {
  await deleteMeme(memeId);
  announceLibraryEvent({ type: 'memes-changed', added: [], removed: [memeId] });
}

export function formatBytes(bytes: number, locale?: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
