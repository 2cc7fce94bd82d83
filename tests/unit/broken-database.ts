import { openDB } from 'idb';
import { MEMES_DB_NAME, MEMES_DB_VERSION } from '@/lib/memes-db/schema';

/** Leaves the database at a newer version than this code's, as a later extension version would: opening it fails. */
export async function leaveDatabaseAtNewerVersion(): Promise<void> {
  (await openDB(MEMES_DB_NAME, MEMES_DB_VERSION + 1)).close();
}

/** Deletes the database, so the next open creates it afresh. */
export function deleteMemesDatabase(): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(MEMES_DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}
