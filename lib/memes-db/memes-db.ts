import { openDB, type IDBPDatabase, type IDBPObjectStore, type StoreNames } from 'idb';
import {
  MEMES_DB_NAME,
  MEMES_DB_VERSION,
  upgradeMemesDb,
  type FaceId,
  type FaceRecord,
  type ImportJob,
  type ImportJobState,
  type MemeId,
  type MemeMirrorDB,
  type MemeRecord,
  type TaughtFaceRecord,
} from './schema';

export type * from './schema';

let connection: Promise<IDBPDatabase<MemeMirrorDB>> | undefined;

/** The module's one connection, opened (and upgraded) on first use. */
export function memesDb(): Promise<IDBPDatabase<MemeMirrorDB>> {
  if (connection) return connection;
  const opening = openDB<MemeMirrorDB>(MEMES_DB_NAME, MEMES_DB_VERSION, {
    upgrade: (db, oldVersion, newVersion, transaction) =>
      upgradeMemesDb(db, oldVersion, newVersion ?? MEMES_DB_VERSION, transaction),
    // Another context upgrading the schema (a newer extension version): let it, reopen next time.
    blocking: () => void closeMemesDb(),
    terminated: () => {
      connection = undefined;
    },
  });
  connection = opening;
  // A failed open is not kept: every later verb would fail with it, though the next try may work.
  opening.catch(() => {
    if (connection === opening) connection = undefined;
  });
  return opening;
}

/** Closes the connection; the next verb opens a new one. */
export async function closeMemesDb(): Promise<void> {
  const open = connection;
  connection = undefined;
  if (open) (await open).close();
}

export function faceIdOf(memeId: MemeId, n: number): FaceId {
  return `${memeId}#${n}`;
}

export async function findMemeBySha256(sha256: string): Promise<MemeRecord | undefined> {
  return (await memesDb()).getFromIndex('memes', 'by-sha256', sha256);
}

export type AddMemeResult = { ok: true } | { ok: false; reason: 'duplicate' };

/** An import-queue job to mark finished in the transaction that stores its meme. */
export interface FinishedJob {
  id: number;
  outcome: string;
}

/**
 * Writes a meme and all its faces in one transaction: either all of it is stored or none.
 * Call it after inference, so the transaction never waits on a model. With `job`, that import
 * job is marked done in the same transaction: a stop can never leave a stored meme whose job
 * runs again (and comes back "already there").
 */
export async function addMemeWithFaces(meme: MemeRecord, faces: readonly FaceRecord[], job?: FinishedJob): Promise<AddMemeResult> {
  const db = await memesDb();
  // Relaxed durability: committed once the browser has the data, without waiting for the disk
  // flush; only an OS crash could lose it, and the import queue then redoes the job.
  // The queue is locked only when a job rides along: a context-menu add leaves the import's reads alone.
  const stores: StoreNames<MemeMirrorDB>[] = job ? ['memes', 'faces', 'importQueue'] : ['memes', 'faces'];
  const tx = db.transaction(stores, 'readwrite', { durability: 'relaxed' });
  const writes: Promise<unknown>[] = [tx.done];
  try {
    writes.push(tx.objectStore('memes').add(meme));
    for (const face of faces) writes.push(tx.objectStore('faces').add(face));
    if (job) writes.push(markJobFinished(tx.objectStore('importQueue'), job.id, 'done', job.outcome));
    await Promise.all(writes);
    return { ok: true };
  } catch (error) {
    // A request that throws synchronously (e.g. DataCloneError) leaves the transaction alive
    // with earlier puts queued: abort, so a failure anywhere stores nothing.
    for (const write of writes) write.catch(() => undefined);
    abortQuietly(tx);
    // The unique sha256 index refuses a second copy added concurrently.
    if (isConstraintError(error) && (await findMemeBySha256(meme.sha256))) return { ok: false, reason: 'duplicate' };
    throw error;
  }
}

function isConstraintError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConstraintError';
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted.
  }
}

export async function getMeme(id: MemeId): Promise<MemeRecord | undefined> {
  return (await memesDb()).get('memes', id);
}

/** Every meme, newest first. */
export async function listMemes(): Promise<MemeRecord[]> {
  return (await (await memesDb()).getAllFromIndex('memes', 'by-added')).reverse();
}

/** The `limit` newest memes, in `listMemes` order, read without going through the whole store. */
export async function listNewestMemes(limit: number): Promise<MemeRecord[]> {
  const memes: MemeRecord[] = [];
  let cursor = await (await memesDb()).transaction('memes').store.index('by-added').openCursor(null, 'prev');
  while (cursor && memes.length < limit) {
    memes.push(cursor.value);
    cursor = await cursor.continue();
  }
  return memes;
}

export async function countMemes(): Promise<number> {
  return (await memesDb()).count('memes');
}

export async function facesOfMeme(memeId: MemeId): Promise<FaceRecord[]> {
  return (await memesDb()).getAllFromIndex('faces', 'by-meme', memeId);
}

/**
 * Memes with their faces, read in one transaction: during an import the options page asks for
 * every meme added in the last second, and a transaction each (two a meme) cost IndexedDB's
 * process and the page's thread more than the reads. A meme not found comes back without `meme`.
 */
export async function readMemesWithFaces(ids: readonly MemeId[]): Promise<{ id: MemeId; meme?: MemeRecord; faces: FaceRecord[] }[]> {
  if (ids.length === 0) return [];
  const tx = (await memesDb()).transaction(['memes', 'faces']);
  const byMeme = tx.objectStore('faces').index('by-meme');
  const read = Promise.all(ids.map(async (id) => ({ id, meme: await tx.objectStore('memes').get(id), faces: await byMeme.getAll(id) })));
  const [records] = await Promise.all([read, tx.done]);
  return records;
}

/**
 * Memes and one face of each, in one transaction: the popup's results name a meme and the face
 * that matched, and the first three are waited on before anything is shown.
 */
export async function readMemeFaces(pairs: readonly { memeId: MemeId; faceId: FaceId }[]): Promise<{ meme?: MemeRecord; face?: FaceRecord }[]> {
  if (pairs.length === 0) return [];
  const tx = (await memesDb()).transaction(['memes', 'faces']);
  const read = Promise.all(
    pairs.map(async ({ memeId, faceId }) => ({ meme: await tx.objectStore('memes').get(memeId), face: await tx.objectStore('faces').get(faceId) })),
  );
  const [records] = await Promise.all([read, tx.done]);
  return records;
}

/** The faces of each meme, in one transaction. */
export async function facesOfMemes(ids: readonly MemeId[]): Promise<FaceRecord[][]> {
  const tx = (await memesDb()).transaction('faces');
  const byMeme = tx.store.index('by-meme');
  const [faces] = await Promise.all([Promise.all(ids.map((id) => byMeme.getAll(id))), tx.done]);
  return faces;
}

export async function listFaces(): Promise<FaceRecord[]> {
  return (await memesDb()).getAll('faces');
}

/** Faces whose embedding came from a model other than `modelVersion`. */
export async function facesNotFromModel(modelVersion: string, limit?: number): Promise<FaceRecord[]> {
  const db = await memesDb();
  const stale: FaceRecord[] = [];
  let cursor = await db.transaction('faces').store.openCursor();
  while (cursor && (limit === undefined || stale.length < limit)) {
    if (cursor.value.modelVersion !== modelVersion) stale.push(cursor.value);
    cursor = await cursor.continue();
  }
  return stale;
}

export async function countFacesFromModel(modelVersion: string): Promise<number> {
  return (await memesDb()).countFromIndex('faces', 'by-model', modelVersion);
}

export async function countFaces(): Promise<number> {
  return (await memesDb()).count('faces');
}

/** Replaces the embeddings of faces (re-index), in one transaction. Faces deleted meanwhile stay deleted. */
export async function updateFaceEmbeddings(
  updates: readonly Pick<FaceRecord, 'id' | 'embedding' | 'probabilities' | 'modelVersion'>[],
): Promise<FaceRecord[]> {
  const tx = (await memesDb()).transaction('faces', 'readwrite');
  const written: FaceRecord[] = [];
  const writes = updates.map(async (update) => {
    const face = await tx.store.get(update.id);
    if (!face) return;
    const next = { ...face, ...update };
    written.push(next);
    await tx.store.put(next);
  });
  await Promise.all([...writes, tx.done]);
  return written;
}

export type PutTaughtFaceResult = { ok: true } | { ok: false; reason: 'meme-gone' | 'has-faces' };

/**
 * Gives a meme without a detected face its taught face, replacing one taught before, in one
 * transaction. Refused when the meme was deleted meanwhile, or has faces the detector found
 * (those are its faces; teaching is for images that have none).
 */
export async function putTaughtFace(face: TaughtFaceRecord): Promise<PutTaughtFaceResult> {
  const tx = (await memesDb()).transaction(['memes', 'faces'], 'readwrite');
  const meme = await tx.objectStore('memes').get(face.memeId);
  let result: PutTaughtFaceResult = { ok: true };
  if (!meme) result = { ok: false, reason: 'meme-gone' };
  else if (meme.faceCount > 0) result = { ok: false, reason: 'has-faces' };
  else {
    const faces = tx.objectStore('faces');
    const earlier = await faces.index('by-meme').getAllKeys(face.memeId);
    await Promise.all([...earlier.map((id) => faces.delete(id)), faces.put(face)]);
  }
  await tx.done;
  return result;
}

/**
 * Gives a meme stored without one its thumbnail (or null: it gets none). False where the meme is
 * gone or was given one meanwhile.
 */
export async function setMemeThumbnail(id: MemeId, thumbnail: Blob | null): Promise<boolean> {
  const tx = (await memesDb()).transaction('memes', 'readwrite', { durability: 'relaxed' });
  const meme = await tx.store.get(id);
  const settable = meme !== undefined && meme.thumbnail === undefined;
  if (settable) await tx.store.put({ ...meme, thumbnail });
  await tx.done;
  return settable;
}

/** Deletes a meme and its faces in one transaction; returns the ids of the faces removed. */
export async function deleteMeme(id: MemeId): Promise<FaceId[]> {
  const tx = (await memesDb()).transaction(['memes', 'faces'], 'readwrite');
  const faceIds = await tx.objectStore('faces').index('by-meme').getAllKeys(id);
  await Promise.all([tx.objectStore('memes').delete(id), ...faceIds.map((faceId) => tx.objectStore('faces').delete(faceId)), tx.done]);
  return faceIds;
}

// ---- import queue ----

/** Adds jobs to the queue; an item already queued in the same batch is skipped. Returns how many were added. */
export async function enqueueImports(jobs: readonly Omit<ImportJob, 'id' | 'state' | 'enqueuedAt'>[]): Promise<number> {
  const tx = (await memesDb()).transaction('importQueue', 'readwrite');
  const byItem = tx.store.index('by-item');
  let added = 0;
  const now = Date.now();
  const writes = jobs.map(async (job) => {
    if (await byItem.getKey([job.batchId, job.itemKey])) return;
    added++;
    await tx.store.add({ ...job, state: 'pending', enqueuedAt: now });
  });
  await Promise.all([...writes, tx.done]);
  return added;
}

/** Up to `limit` pending jobs, oldest first. */
export async function pendingImports(limit: number): Promise<ImportJob[]> {
  return (await memesDb()).getAllFromIndex('importQueue', 'by-state', 'pending', limit);
}

/** The oldest job still pending, or undefined when the queue is drained. */
export async function nextPendingImport(): Promise<ImportJob | undefined> {
  return (await memesDb()).getFromIndex('importQueue', 'by-state', 'pending');
}

export async function finishImport(id: number, state: Exclude<ImportJobState, 'pending'>, outcome: string): Promise<void> {
  const tx = (await memesDb()).transaction('importQueue', 'readwrite', { durability: 'relaxed' });
  await Promise.all([markJobFinished(tx.store, id, state, outcome), tx.done]);
}

async function markJobFinished(
  queue: IDBPObjectStore<MemeMirrorDB, StoreNames<MemeMirrorDB>[], 'importQueue', 'readwrite'>,
  id: number,
  state: Exclude<ImportJobState, 'pending'>,
  outcome: string,
): Promise<void> {
  const job = await queue.get(id);
  // Drop the file once handled: a finished job only needs its outcome. A job cleared meanwhile
  // (the import was cancelled) stays gone.
  if (job) await queue.put({ ...job, state, outcome, source: job.source.kind === 'file' ? { ...job.source, blob: new Blob() } : job.source });
}

export interface ImportQueueCounts {
  pending: number;
  done: number;
  failed: number;
}

/** The three counts in one transaction: an import reports progress up to five times a second. */
export async function countImports(): Promise<ImportQueueCounts> {
  const tx = (await memesDb()).transaction('importQueue');
  const byState = tx.store.index('by-state');
  const [pending, done, failed] = await Promise.all([byState.count('pending'), byState.count('done'), byState.count('failed'), tx.done]);
  return { pending, done, failed };
}

/** Outcome codes of the finished jobs, for the import summary. */
export async function importOutcomes(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor = await (await memesDb()).transaction('importQueue').store.openCursor();
  while (cursor) {
    const { outcome } = cursor.value;
    if (outcome) counts[outcome] = (counts[outcome] ?? 0) + 1;
    cursor = await cursor.continue();
  }
  return counts;
}

/** Empties the queue: after a finished import, or when the user cancels one. */
export async function clearImports(): Promise<void> {
  await (await memesDb()).clear('importQueue');
}

/** Empties memes, faces and the import queue in one transaction ("Delete everything"). */
export async function clearLibraryStores(): Promise<void> {
  const tx = (await memesDb()).transaction(['memes', 'faces', 'importQueue'], 'readwrite');
  await Promise.all([tx.objectStore('memes').clear(), tx.objectStore('faces').clear(), tx.objectStore('importQueue').clear(), tx.done]);
}
