import { memesDb } from '../memes-db/memes-db';
import type { MemeId } from '../memes-db/schema';
import { MAX_TITLE_FROM_URL } from './ingest-meme';

/** Titles are one line of readable text: page text may carry newlines, tabs and runs of spaces. */
export function cleanTitle(raw: string): string {
  const line = raw.replace(/\s+/gu, ' ').trim();
  return [...line].slice(0, MAX_TITLE_FROM_URL).join('').trim();
}

/**
 * The best title the page gives an image: its alt text, else its title attribute, else the
 * page's title; undefined when all are empty (the file name stays the title then).
 */
export function titleFromPage(page: { alt?: string; title?: string; pageTitle?: string }): string | undefined {
  for (const candidate of [page.alt, page.title, page.pageTitle]) {
    const title = cleanTitle(candidate ?? '');
    if (title) return title;
  }
  return undefined;
}

/** Gives a stored meme a new title; false when the meme is gone or the title is blank. */
export async function renameMeme(memeId: MemeId, title: string): Promise<boolean> {
  const clean = cleanTitle(title);
  if (!clean) return false;
  const tx = (await memesDb()).transaction('memes', 'readwrite');
  const meme = await tx.store.get(memeId);
  if (meme) await tx.store.put({ ...meme, title: clean });
  await tx.done;
  return meme !== undefined;
}
