import { deleteMeme, facesOfMeme, listFaces, listMemes, listNewestMemes, type FaceRecord, type MemeRecord } from '../memes-db/memes-db';
import { announceLibraryEvent } from './library-channel';

/** What the options page shows: every meme, newest first, with its faces and the bytes stored. */
export interface LibraryView {
  memes: MemeRecord[];
  facesByMeme: Map<string, FaceRecord[]>;
  faceCount: number;
  imageBytes: number;
}

export async function loadLibraryView(): Promise<LibraryView> {
  const [memes, faces] = await Promise.all([listMemes(), listFaces()]);
  const facesByMeme = new Map<string, FaceRecord[]>();
  for (const face of faces) facesByMeme.set(face.memeId, [...(facesByMeme.get(face.memeId) ?? []), face]);
  return { memes, facesByMeme, faceCount: faces.length, imageBytes: memes.reduce((sum, meme) => sum + meme.blob.size, 0) };
}

/**
 * The newest memes with their faces, for a first screen: reading every record of a 10,000-meme
 * library takes 0.3-1 s on this project's machine (IndexedDB hands over a Blob handle per meme).
 */
export async function loadNewestMemes(limit: number): Promise<Pick<LibraryView, 'memes' | 'facesByMeme'>> {
  const memes = await listNewestMemes(limit);
  const faces = await Promise.all(memes.map((meme) => facesOfMeme(meme.id)));
  return { memes, facesByMeme: new Map(memes.map((meme, i) => [meme.id, faces[i]])) };
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
