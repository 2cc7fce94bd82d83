import { EXPRESSION_EMBEDDING_DIMENSION, EXPRESSION_MODEL_VERSION } from '../embedding/expression-embedder';
import { onValidMessage } from '../messaging/protocol';
import { clearImports, facesOfMemes, listFaces, putTaughtFace, type FaceRecord } from '../memes-db/memes-db';
import { decodeMemeImage } from '../library/decode-meme-image';
import type { FetchImage } from '../library/download-frame';
import { drainImportQueue } from '../library/import-queue';
import { analyseWithModels } from '../library/analyse-image';
import { ingestMeme, type IngestDeps, type IngestInput } from '../library/ingest-meme';
import type { IngestOutcome } from '../library/ingest-outcome';
import { announceLibraryEvent, listenToLibrary } from '../library/library-channel';
import { bytesFromBase64 } from '../library/page-copy';
import { reembedFaces } from '../library/reembed-faces';
import { THUMBNAIL_MAX_SIDE } from '../library/meme-thumbnail';
import { backfillThumbnails } from '../library/thumbnail-backfill';
import { taughtFaceFromPortable } from '../library/teach-face';
import { addFaces, createFaceIndex, removeMemes, type FaceIndex } from '../search/face-index';
import { nearestMemes, type MemeMatch } from '../search/nearest-memes';
import { startAnalysisWorker } from './analysis-client';
import { ANALYSIS_WORKERS, startAnalysisPool } from './analysis-pool';
import { analysisAssets, visionEngine } from './vision-engine';


let index: FaceIndex = createFaceIndex(EXPRESSION_EMBEDDING_DIMENSION);
let indexLoaded: Promise<void> | undefined;

function indexable(faces: readonly FaceRecord[]): FaceRecord[] {
  // Only faces from the running model share its embedding space; older ones join once re-embedded.
  return faces.filter((face) => face.modelVersion === EXPRESSION_MODEL_VERSION && face.embedding.length === EXPRESSION_EMBEDDING_DIMENSION);
}

/** Loads every face into the search matrix once; later changes arrive incrementally. */
function loadIndex(): Promise<void> {
  indexLoaded ??= listFaces().then((faces) => {
    const fresh = createFaceIndex(EXPRESSION_EMBEDDING_DIMENSION, Math.max(1024, faces.length));
    addFaces(fresh, indexable(faces));
    index = fresh;
  });
  indexLoaded.catch(() => {
    indexLoaded = undefined; // a failed read may succeed on the next search
  });
  return indexLoaded;
}

/**
 * The memes whose faces best match an expression embedding (from the live camera face), best
 * first, one entry per meme. For the offscreen frame pipeline; the popup reads the images itself
 * from IndexedDB (extension pages share its origin).
 */
export async function searchMemes(embedding: Float32Array, k = 3): Promise<MemeMatch[]> {
  await loadIndex();
  return nearestMemes(embedding, index, k);
}

/** Memes with at least one searchable face. */
export async function searchableMemeCount(): Promise<number> {
  await loadIndex();
  return index.memeOrdinalOf.size;
}

/** The library as the live frame pipeline sees it (lib/offscreen/frame-service.ts MemeSearch). */
export const libraryMemeSearch = { nearest: searchMemes, size: searchableMemeCount };

/** A data: or blob: URL is the image itself (or lives only in that page): the page is its source then. */
function sourceOfImage(url: string, pageUrl: string | undefined): string {
  return /^(data|blob):/i.test(url) ? (pageUrl ?? url.slice(0, url.indexOf(':') + 1)) : url;
}

/**
 * The offscreen document's library service: adds images (context menu, import queue), keeps the
 * search index in step with IndexedDB, and re-embeds faces from an older model in the background.
 * The models are the document's shared vision engine (loaded once, closed by its owner); images
 * are downloaded through `fetchImage` (the download frame: this document may not connect out).
 */
export function startLibraryService(signal: AbortSignal, fetchImage: FetchImage): void {
  // Images are analysed in workers of their own (a second joins while images wait); where none
  // can start, on this document's thread with the shared engine. Workers that all die are
  // started again for the next image.
  let analysis: Promise<IngestDeps> | undefined;
  const onThread = async (): Promise<IngestDeps> => {
    const models = await visionEngine();
    return { analyse: analyseWithModels(models), modelVersion: models.embedder.modelVersion };
  };
  const ingestDeps = (): Promise<IngestDeps> => {
    analysis ??= startAnalysisPool((onStopped) => startAnalysisWorker(analysisAssets(), onStopped), ANALYSIS_WORKERS, (error) => {
      console.warn('Meme Mirror:', error.message);
      analysis = undefined;
    }).then(
      (worker) => {
        signal.addEventListener('abort', () => worker.close(), { once: true });
        return worker;
      },
      (error: unknown) => {
        console.warn('Meme Mirror: images are analysed on the offscreen thread:', error instanceof Error ? error.message : error);
        return onThread();
      },
    );
    const started = analysis;
    // Neither way could start: the next image tries again rather than failing with this one.
    started.catch(() => {
      if (analysis === started) analysis = undefined;
    });
    return analysis;
  };

  const addToIndex = async (memeIds: readonly string[]) => {
    await loadIndex();
    for (const faces of await facesOfMemes(memeIds)) addFaces(index, indexable(faces));
  };

  async function ingest(input: IngestInput): Promise<IngestOutcome> {
    const deps = await ingestDeps();
    const storedFaces: FaceRecord[] = [];
    const outcome = await ingestMeme(input, { ...deps, stored: (faces) => storedFaces.push(...faces) });
    if (outcome.ok && outcome.faceCount === 0 && input.taughtFace) {
      const taught = taughtFaceFromPortable(outcome.memeId, input.taughtFace, deps.modelVersion);
      if (taught && (await putTaughtFace(taught)).ok) storedFaces.push(taught);
    }
    if (outcome.ok) {
      await loadIndex();
      // An index first loaded after the meme was stored has read its faces already.
      if (!index.memeOrdinalOf.has(outcome.memeId)) addFaces(index, indexable(storedFaces));
      announceLibraryEvent({ type: 'memes-changed', added: [outcome.memeId], removed: [] });
    }
    return outcome;
  }

  // ---- background work: one import run, one re-embed run and one thumbnail run at a time ----
  let importRun: { controller: AbortController; finished: Promise<void> } | undefined;
  let reembedRun: Promise<unknown> | undefined;
  let thumbnailRun: Promise<unknown> | undefined;
  const thumbnailsWanted = new Set<string>();

  function runImports(): void {
    if (importRun) return;
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    const finished = drainImportQueue(
      {
        ingest,
        fetchImage,
        onProgress: (progress) => announceLibraryEvent({ type: 'import-progress', progress }),
        onAdded: () => undefined,
      },
      controller.signal,
    )
      .then(() => undefined)
      .catch((error: unknown) => console.error('Meme Mirror: import queue stopped', error))
      .finally(() => {
        signal.removeEventListener('abort', stop);
        if (importRun?.controller === controller) importRun = undefined;
      });
    importRun = { controller, finished };
  }

  function runReembed(all: boolean): void {
    if (reembedRun) return;
    reembedRun = (async () => {
      await loadIndex();
      const { embedder } = await visionEngine();
      await reembedFaces(
        {
          decode: decodeMemeImage,
          embedFace: (face) => embedder.embed(face),
          modelVersion: embedder.modelVersion,
          onProgress: (progress) => announceLibraryEvent({ type: 'reindex-progress', progress }),
          onFaces: (faces) => addFaces(index, indexable(faces)),
        },
        signal,
        all,
      );
    })()
      .catch((error: unknown) => console.error('Meme Mirror: re-embedding stopped', error))
      .finally(() => {
        reembedRun = undefined;
      });
  }

  function runThumbnails(memeIds: readonly string[]): void {
    memeIds.forEach((id) => thumbnailsWanted.add(id));
    thumbnailRun ??= (async () => {
      // Ids asked for while a run works are taken by the next turn of this loop.
      while (thumbnailsWanted.size > 0 && !signal.aborted) {
        const batch = [...thumbnailsWanted];
        thumbnailsWanted.clear();
        await backfillThumbnails(
          batch,
          {
            makeThumbnail: async (blob, mime) => (await decodeMemeImage(blob, { maxSide: THUMBNAIL_MAX_SIDE, thumbnailOf: mime })).thumbnail ?? null,
            onThumbnails: (ids) => announceLibraryEvent({ type: 'memes-changed', added: ids, removed: [] }),
          },
          signal,
        );
      }
    })()
      .catch((error: unknown) => console.error('Meme Mirror: making thumbnails stopped', error))
      .finally(() => {
        thumbnailRun = undefined;
      });
  }

  listenToLibrary((event) => {
    if (event.type === 'memes-changed') {
      if (event.removed.length > 0) removeMemes(index, event.removed);
      // This document's own announcements come back too: skip memes the index already has.
      const added = event.added.filter((memeId) => !index.memeOrdinalOf.has(memeId));
      if (added.length > 0) void addToIndex(added);
    } else if (event.type === 'library-cleared') {
      index = createFaceIndex(EXPRESSION_EMBEDDING_DIMENSION);
    }
  }, signal);

  const unlisten = [
    onValidMessage('addMemeFromUrl', async ({ url, pageUrl, title }) => {
      const fetched = await fetchImage(url, signal);
      if (!fetched.ok) return fetched;
      return ingest({ blob: fetched.blob, title: title ?? '', sourceUrl: sourceOfImage(url, pageUrl), ...(pageUrl ? { pageUrl } : {}) });
    }),
    onValidMessage('addMemeFromPageCopy', ({ base64, url, pageUrl }) =>
      ingest({ blob: new Blob([bytesFromBase64(base64)]), title: '', sourceUrl: sourceOfImage(url, pageUrl), ...(pageUrl ? { pageUrl } : {}) }),
    ),
    onValidMessage('runLibraryWork', () => {
      runReembed(false);
      runImports();
      return { ok: true };
    }),
    onValidMessage('cancelImports', async () => {
      // Jobs already in the models finish and store their meme; waiting for them means nothing
      // is written after the answer (Delete everything clears the stores right after it).
      const run = importRun;
      run?.controller.abort();
      await run?.finished;
      await clearImports();
      announceLibraryEvent({
        type: 'import-progress',
        progress: { running: false, handled: 0, pending: 0, outcomes: {}, ratePerSecond: 0, secondsLeft: undefined },
      });
      return { ok: true };
    }),
    onValidMessage('reindexLibrary', ({ all }) => {
      runReembed(all);
      return { ok: true };
    }),
    onValidMessage('makeThumbnails', ({ memeIds }) => {
      runThumbnails(memeIds);
      return { ok: true };
    }),
  ];
  signal.addEventListener('abort', () => unlisten.forEach((stop) => stop()), { once: true });

  // A document (re)started after a browser restart or an update picks up unfinished work.
  void loadIndex().then(() => {
    runReembed(false);
    runImports();
  });
}
