import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { FaceBox, Point } from '../vision/face-box';

export type MemeId = string;
/** `${memeId}#${n}`: a face's id says which meme it belongs to. */
export type FaceId = string;

/** One image in the user's collection. The file is kept whole (an animated GIF stays animated). */
export interface MemeRecord {
  id: MemeId;
  title: string;
  /** Where the image came from: its URL, or `file:` + the file name for a local import. */
  sourceUrl: string;
  /** The page the image was on, when added from a page. */
  pageUrl?: string;
  addedAt: number;
  /** Hex SHA-256 of the file's bytes: the same file is never stored twice. */
  sha256: string;
  blob: Blob;
  mime: string;
  /**
   * A small JPEG the library page shows instead of the file (meme-thumbnail.ts): still, opaque
   * images larger than it only. null: the meme gets none (animated, transparent, small, or it
   * could not be made), and the page shows its file. Absent: stored before thumbnails existed, or
   * its making failed; the library page has one made where the record says it may get one
   * (thumbnail-backfill.ts).
   */
  thumbnail?: Blob | null;
  /** Size after EXIF orientation, the way the browser shows the image. */
  width: number;
  height: number;
  /** Faces the detector found: 0 for an image kept without one (it can be taught a face). */
  faceCount: number;
}

/** What every face carries: what the expression model said about it. */
interface FaceRecordBase {
  id: FaceId;
  memeId: MemeId;
  /** L2-normalised expression embedding. */
  embedding: Float32Array;
  /** One per EXPRESSION_CLASSES entry. */
  probabilities: Float32Array;
  /** The model that computed embedding and probabilities; older ones get re-embedded. */
  modelVersion: string;
}

/** A face the detector found in the meme's image. */
export interface DetectedFaceRecord extends FaceRecordBase {
  taught?: undefined;
  /** In the meme's displayed pixels. */
  box: Pick<FaceBox, 'x' | 'y' | 'width' | 'height' | 'score'>;
  keypoints: Point[];
}

/**
 * A face the user gave a meme the detector found none in (a cartoon, an animal): made at the
 * camera, or named by an expression word. It has no place on the image.
 */
export type TaughtFaceRecord = FaceRecordBase &
  (
    | {
        taught: 'camera';
        /**
         * The aligned crops (alignFace's output) the embedding was averaged over: what re-embedding
         * with another model needs, since the camera frames themselves are gone. Stored locally only.
         */
        alignedFaces: Float32Array[];
      }
    | {
        taught: 'word';
        /** The model class (models/expression-embedder.json `classes`) the user picked. */
        word: string;
      }
  );

/** One face in a meme. */
export type FaceRecord = DetectedFaceRecord | TaughtFaceRecord;

/**
 * A taught face as a library export carries it: the word, or the expression vector made at the
 * camera with the model that made it. Never the camera crops: an export is a file the user may
 * share, and their face should not travel in it.
 */
export type PortableTaughtFace =
  | { taught: 'word'; word: string }
  | { taught: 'camera'; embedding: number[]; probabilities: number[]; modelVersion: string };

/** Where a queued import takes its image from. Files are stored as Blobs, so a restart loses none. */
export type ImportSource =
  | { kind: 'url'; url: string; title: string; pageUrl?: string }
  | { kind: 'file'; blob: Blob; name: string; title?: string; sourceUrl?: string; pageUrl?: string; addedAt?: number; taughtFace?: PortableTaughtFace };

export type ImportJobState = 'pending' | 'done' | 'failed';

/** One image waiting to be (or already) imported; the queue survives browser restarts. */
export interface ImportJob {
  /** Auto-incremented: the queue is processed in order. */
  id?: number;
  /** Jobs enqueued together (one bulk import) share a batch. */
  batchId: string;
  /** Identifies the item inside its batch (URL or file path), so enqueuing it twice does nothing. */
  itemKey: string;
  source: ImportSource;
  state: ImportJobState;
  /** Reason code of the outcome once done or failed. */
  outcome?: string;
  enqueuedAt: number;
}

/** Version 1: memes and their faces. */
interface MemeMirrorDBv1 extends DBSchema {
  memes: { key: MemeId; value: MemeRecord; indexes: { 'by-added': number; 'by-sha256': string } };
  faces: { key: FaceId; value: FaceRecord; indexes: { 'by-meme': MemeId } };
}

/** Version 2: the import queue, and faces findable by the model that embedded them. */
export interface MemeMirrorDB extends DBSchema {
  memes: MemeMirrorDBv1['memes'];
  faces: { key: FaceId; value: FaceRecord; indexes: { 'by-meme': MemeId; 'by-model': string } };
  importQueue: {
    key: number;
    value: ImportJob;
    indexes: { 'by-state': ImportJobState; 'by-item': [string, string] };
  };
}

export const MEMES_DB_NAME = 'meme-mirror';
export const MEMES_DB_VERSION = 2;

type UpgradeTransaction = IDBPTransaction<MemeMirrorDB, StoreNames<MemeMirrorDB>[], 'versionchange'>;

function createV1(db: IDBPDatabase<MemeMirrorDB>): void {
  const memes = db.createObjectStore('memes', { keyPath: 'id' });
  memes.createIndex('by-added', 'addedAt');
  memes.createIndex('by-sha256', 'sha256', { unique: true });
  const faces = db.createObjectStore('faces', { keyPath: 'id' });
  faces.createIndex('by-meme', 'memeId');
}

function addImportQueueAndModelIndex(db: IDBPDatabase<MemeMirrorDB>, transaction: UpgradeTransaction): void {
  transaction.objectStore('faces').createIndex('by-model', 'modelVersion');
  const queue = db.createObjectStore('importQueue', { keyPath: 'id', autoIncrement: true });
  queue.createIndex('by-state', 'state');
  queue.createIndex('by-item', ['batchId', 'itemKey'], { unique: true });
}

/**
 * One step per version: a database at any earlier version reaches `newVersion` one step at a
 * time (tests open at an older `newVersion` to build exactly that version's database).
 */
export function upgradeMemesDb(
  db: IDBPDatabase<MemeMirrorDB>,
  oldVersion: number,
  newVersion: number,
  transaction: UpgradeTransaction,
): void {
  if (oldVersion < 1 && newVersion >= 1) createV1(db);
  if (oldVersion < 2 && newVersion >= 2) addImportQueueAndModelIndex(db, transaction);
}
