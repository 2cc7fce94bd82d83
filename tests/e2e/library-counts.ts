import type { Page, Worker } from 'playwright-core';

export interface LibraryCounts {
  memes: number;
  faces: number;
  importQueue: number;
}

/** How many records each store of the extension's IndexedDB holds, read in an extension context. */
export function libraryCounts(context: Page | Worker): Promise<LibraryCounts> {
  return (context as Page).evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('meme-mirror');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // One transaction, so the three counts are of one committed state.
    const transaction = db.transaction(['memes', 'faces', 'importQueue']);
    const count = (store: string) =>
      new Promise<number>((resolve, reject) => {
        const request = transaction.objectStore(store).count();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const [memes, faces, importQueue] = await Promise.all([count('memes'), count('faces'), count('importQueue')]);
    const counts = { memes, faces, importQueue };
    db.close();
    return counts;
  });
}
