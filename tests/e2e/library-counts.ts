import type { Page, Worker } from 'playwright-core';
import { readStores } from './library-fixtures';

export interface LibraryCounts {
  memes: number;
  faces: number;
  importQueue: number;
}

/**
 * How many records each store of the extension's IndexedDB holds, read in an extension context
 * through readStores' single transaction, so the three counts are of one committed state.
 */
export async function libraryCounts(context: Page | Worker): Promise<LibraryCounts> {
  const { memes, faces, importQueue } = await readStores<{ memes: object; faces: object; importQueue: object }>(context, ['memes', 'faces', 'importQueue']);
  return { memes: memes.length, faces: faces.length, importQueue: importQueue.length };
}
