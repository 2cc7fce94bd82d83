import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  addMemeWithFaces,
  clearImports,
  closeMemesDb,
  countFaces,
  countImports,
  countMemes,
  deleteMeme,
  enqueueImports,
  faceIdOf,
  facesNotFromModel,
  facesOfMeme,
  findMemeBySha256,
  finishImport,
  getMeme,
  listMemes,
  memesDb,
  nextPendingImport,
  readMemeFaces,
  updateFaceEmbeddings,
  type DetectedFaceRecord,
  type FaceRecord,
} from '@/lib/memes-db/memes-db';
import { MEMES_DB_NAME, MEMES_DB_VERSION, upgradeMemesDb, type MemeMirrorDB } from '@/lib/memes-db/schema';
import { memeRecord } from './meme-record';
import { deleteMemesDatabase, leaveDatabaseAtNewerVersion } from './broken-database';


function face(memeId: string, n: number, modelVersion = 'model-a'): DetectedFaceRecord {
  return {
    id: faceIdOf(memeId, n),
    memeId,
    box: { x: 1, y: 2, width: 30, height: 40, score: 0.9 },
    keypoints: [{ x: 5, y: 6 }, { x: 15, y: 6 }],
    embedding: new Float32Array([n, 1, 0, 0]),
    probabilities: new Float32Array(8).fill(1 / 8),
    modelVersion,
  };
}

beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeMemesDb());

describe('schema upgrades', () => {
  test('every earlier version upgrades to the newest with its data intact', async () => {
    for (let from = 1; from < MEMES_DB_VERSION; from++) {
      await closeMemesDb();
      globalThis.indexedDB = new IDBFactory();
      const old = await openDB<MemeMirrorDB>(MEMES_DB_NAME, from, {
        upgrade: (db, oldVersion, newVersion, tx) => upgradeMemesDb(db, oldVersion, newVersion ?? from, tx),
      });
      await old.put('memes', memeRecord('m1'));
      await old.put('faces', face('m1', 0));
      old.close();

      expect((await memesDb()).version).toBe(MEMES_DB_VERSION);
      expect(await getMeme('m1')).toMatchObject({ title: 'Meme m1', sha256: 'sha-m1' });
      const [stored] = await facesOfMeme('m1');
      expect(Array.from(stored.embedding)).toEqual([0, 1, 0, 0]);
      expect(await facesNotFromModel('model-b')).toHaveLength(1);
      expect(await countImports()).toEqual({ pending: 0, done: 0, failed: 0 });
    }
  });

  test('the newest version has every store and index', async () => {
    const db = await memesDb();
    expect([...db.objectStoreNames].sort()).toEqual(['faces', 'importQueue', 'memes']);
    const tx = db.transaction(['memes', 'faces', 'importQueue']);
    expect([...tx.objectStore('memes').indexNames].sort()).toEqual(['by-added', 'by-sha256']);
    expect([...tx.objectStore('faces').indexNames].sort()).toEqual(['by-meme', 'by-model']);
    expect([...tx.objectStore('importQueue').indexNames].sort()).toEqual(['by-item', 'by-state']);
  });
});

describe('the connection', () => {
  test('an open that fails is not kept: the next verb opens again', async () => {
    // A newer version of the database (as a later extension version leaves it) cannot be opened.
    await leaveDatabaseAtNewerVersion();
    await expect(countMemes()).rejects.toThrow();
    await deleteMemesDatabase();
    expect(await countMemes()).toBe(0);
  });
});

describe('memes and faces', () => {
  test('a meme and its faces are written together and read back', async () => {
    expect(await addMemeWithFaces(memeRecord('m1', { faceCount: 2 }), [face('m1', 0), face('m1', 1)])).toEqual({ ok: true });
    expect(await countMemes()).toBe(1);
    expect(await facesOfMeme('m1')).toHaveLength(2);
    expect((await findMemeBySha256('sha-m1'))?.id).toBe('m1');
  });

  test('the same file (sha256) is refused as a duplicate, and nothing of the second copy is stored', async () => {
    await addMemeWithFaces(memeRecord('m1'), [face('m1', 0)]);
    expect(await addMemeWithFaces(memeRecord('m2', { sha256: 'sha-m1' }), [face('m2', 0)])).toEqual({ ok: false, reason: 'duplicate' });
    expect(await countMemes()).toBe(1);
    expect(await countFaces()).toBe(1);
  });

  test('a failure in the middle of the transaction leaves nothing behind', async () => {
    const unclonable = { ...face('m1', 1), keypoints: [() => 0] } as unknown as FaceRecord;
    await expect(addMemeWithFaces(memeRecord('m1', { faceCount: 2 }), [face('m1', 0), unclonable])).rejects.toThrow();
    const sameIdTwice = [face('m2', 0), face('m2', 0)];
    await expect(addMemeWithFaces(memeRecord('m2'), sameIdTwice)).rejects.toThrow();
    expect(await countMemes()).toBe(0);
    expect(await countFaces()).toBe(0);
  });

  test('deleting a meme deletes its faces and only its faces', async () => {
    await addMemeWithFaces(memeRecord('m1'), [face('m1', 0), face('m1', 1)]);
    await addMemeWithFaces(memeRecord('m2'), [face('m2', 0)]);
    expect((await deleteMeme('m1')).sort()).toEqual([faceIdOf('m1', 0), faceIdOf('m1', 1)]);
    expect(await getMeme('m1')).toBeUndefined();
    expect(await countFaces()).toBe(1);
    expect(await facesOfMeme('m2')).toHaveLength(1);
  });

  test('listMemes is newest first', async () => {
    await addMemeWithFaces(memeRecord('old', { addedAt: 1 }), []);
    await addMemeWithFaces(memeRecord('new', { addedAt: 3 }), []);
    await addMemeWithFaces(memeRecord('mid', { addedAt: 2 }), []);
    expect((await listMemes()).map((m) => m.id)).toEqual(['new', 'mid', 'old']);
  });

  test('readMemeFaces answers each pair in order, leaving out what is gone', async () => {
    await addMemeWithFaces(memeRecord('m1'), [face('m1', 0), face('m1', 1)]);
    await addMemeWithFaces(memeRecord('m2'), [face('m2', 0)]);
    const read = await readMemeFaces([
      { memeId: 'm2', faceId: faceIdOf('m2', 0) },
      { memeId: 'gone', faceId: faceIdOf('gone', 0) },
      { memeId: 'm1', faceId: faceIdOf('m1', 1) },
      { memeId: 'm1', faceId: faceIdOf('m1', 7) },
    ]);
    expect(read.map(({ meme, face }) => [meme?.id, face?.id])).toEqual([
      ['m2', faceIdOf('m2', 0)],
      [undefined, undefined],
      ['m1', faceIdOf('m1', 1)],
      ['m1', undefined],
    ]);
    expect(await readMemeFaces([])).toEqual([]);
  });

  test('re-embedding replaces embeddings and model version, and skips faces deleted meanwhile', async () => {
    await addMemeWithFaces(memeRecord('m1'), [face('m1', 0), face('m1', 1)]);
    const written = await updateFaceEmbeddings([
      { id: faceIdOf('m1', 0), embedding: new Float32Array([0, 0, 1, 0]), probabilities: new Float32Array(8), modelVersion: 'model-b' },
      { id: 'gone#0', embedding: new Float32Array(4), probabilities: new Float32Array(8), modelVersion: 'model-b' },
    ]);
    expect(written.map((f) => f.id)).toEqual([faceIdOf('m1', 0)]);
    expect((await facesNotFromModel('model-b')).map((f) => f.id)).toEqual([faceIdOf('m1', 1)]);
    const [updated] = (await facesOfMeme('m1')).filter((f) => f.modelVersion === 'model-b');
    expect(Array.from(updated.embedding)).toEqual([0, 0, 1, 0]);
    expect(updated).toMatchObject({ box: face('m1', 0).box });
  });
});

describe('import queue', () => {
  const job = (itemKey: string, batchId = 'b1') => ({
    batchId,
    itemKey,
    source: { kind: 'file' as const, blob: new Blob([itemKey]), name: itemKey },
  });

  test('jobs come out in order, and finishing one moves to the next', async () => {
    expect(await enqueueImports([job('a.png'), job('b.png')])).toBe(2);
    const first = await nextPendingImport();
    expect(first?.itemKey).toBe('a.png');
    await finishImport(first!.id!, 'done', 'added');
    expect((await nextPendingImport())?.itemKey).toBe('b.png');
    expect(await countImports()).toEqual({ pending: 1, done: 1, failed: 0 });
  });

  test('enqueuing the same item of a batch again adds nothing (resume after a restart)', async () => {
    await enqueueImports([job('a.png'), job('b.png')]);
    expect(await enqueueImports([job('a.png'), job('b.png'), job('c.png')])).toBe(1);
    expect(await enqueueImports([job('a.png', 'b2')])).toBe(1);
    expect((await countImports()).pending).toBe(4);
  });

  test('the queue survives closing the connection (a stopped service worker or browser)', async () => {
    await enqueueImports([job('a.png')]);
    await closeMemesDb();
    const pending = await nextPendingImport();
    expect(pending?.source.kind).toBe('file');
    await clearImports();
    expect(await nextPendingImport()).toBeUndefined();
  });
});
