import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'playwright-core';
import { MEMEGEN } from './library-fixtures';
import type { StaticServer } from './static-server';

export interface AddedMeme {
  file: string;
  ok: boolean;
  message: string;
}

/** What "Add to Meme Mirror" reports, as the tests read it. */
export interface MenuAddResult {
  outcome: { ok: boolean; reason?: string; memeId?: string };
  /** The sentence the notification showed. */
  message: string;
}

/**
 * Adds one image the way "Add to Meme Mirror" does: through the context menu's own function in
 * the service worker (Playwright cannot click a context menu). pageUrl: the page it was on.
 */
export function addThroughMenu(serviceWorker: Worker, srcUrl: string, pageUrl?: string): Promise<MenuAddResult> {
  return serviceWorker.evaluate(
    ({ srcUrl, pageUrl }) =>
      (globalThis as unknown as { addImageFromContextMenu: (info: object) => Promise<MenuAddResult> }).addImageFromContextMenu({
        menuItemId: 'meme-mirror-add-image',
        srcUrl,
        ...(pageUrl ? { pageUrl } : {}),
      }),
    { srcUrl, pageUrl },
  );
}

/**
 * The first `count` memegen templates (all of them without a count) as paths on a server of
 * MEMEGEN, in the folder's order, so every test that builds a library from them gets the same ones.
 */
export function memegenFiles(count?: number): string[] {
  return readdirSync(join(MEMEGEN, 'images'))
    .slice(0, count)
    .map((file) => `images/${file}`);
}

/** Adds the server's files one after another, as a user adding them from its index page would. */
export async function addMemesThroughMenu(serviceWorker: Worker, server: StaticServer, files: string[]): Promise<AddedMeme[]> {
  const added: AddedMeme[] = [];
  for (const file of files) {
    const { outcome, message } = await addThroughMenu(serviceWorker, server.url(file), server.url('/'));
    added.push({ file, ok: outcome.ok, message });
  }
  return added;
}

/**
 * Marks every stored face as made by an older expression model (another version, a 64-d zero
 * vector), as a library looks after an update that changed the model.
 */
export function ageStoredFaces(serviceWorker: Worker): Promise<void> {
  return serviceWorker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('meme-mirror');
      request.onsuccess = () => resolve(request.result);
    });
    const store = db.transaction('faces', 'readwrite').objectStore('faces');
    await new Promise<void>((resolve) => {
      store.openCursor().onsuccess = (event) => {
        const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
        if (!cursor) return resolve();
        cursor.update({ ...cursor.value, modelVersion: 'expr-older', embedding: new Float32Array(64) });
        cursor.continue();
      };
    });
    db.close();
  });
}

/** Drops every meme's thumbnail and its "gets none" mark, as memes stored before 7 Dec 2026 are. */
export function stripThumbnails(serviceWorker: Worker): Promise<void> {
  return serviceWorker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('meme-mirror');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const store = db.transaction('memes', 'readwrite').objectStore('memes');
    await new Promise<void>((resolve, reject) => {
      const request = store.openCursor();
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) return resolve();
        const { thumbnail: _dropped, ...old } = cursor.value as Record<string, unknown>;
        cursor.update(old);
        cursor.continue();
      };
      request.onerror = () => reject(request.error);
    });
    db.close();
  });
}
