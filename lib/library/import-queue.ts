import { countImports, finishImport, importOutcomes, memesDb, pendingImports, type ImportJob } from '../memes-db/memes-db';
import type { ImageWithoutFace, ImportProgress } from './library-channel';
import type { IngestInput } from './ingest-meme';
import { outcomeCode, type IngestOutcome } from './ingest-outcome';
import { titleFromUrl } from './ingest-meme';
import type { FetchedImage } from './fetch-meme-image';

export interface ImportQueueDeps {
  /** Stores the image; an ok outcome has marked the input's `queueJobId` done with its meme (ingestMeme). */
  ingest(input: IngestInput): Promise<IngestOutcome>;
  fetchImage(url: string, signal: AbortSignal): Promise<FetchedImage>;
  onProgress(progress: ImportProgress): void;
  onAdded(memeId: string): void;
  now?: () => number;
  /** Jobs in flight at once (default IMPORT_CONCURRENCY). */
  concurrency?: number;
}

/**
 * Six, not three: with the analysis worker, three jobs left the cores a quarter idle while each
 * job waited on IndexedDB, the decode or the worker in turn (docs/benchmarks.md, "Jobs in flight
 * during an import": 13.2 → 14.2 images/s). The analysis pool decodes at most two of them in
 * each worker (lib/offscreen/analysis-pool.ts); the others wait holding only their file.
 */
export const IMPORT_CONCURRENCY = 6;

/**
 * Images without a face named in the summary (each is stored; the summary's list only points at
 * them): the last progress report carries the list, and thousands would make it heavy.
 */
export const MAX_LISTED_WITHOUT_FACE = 500;

/** Jobs timed after the first before a time left is shown: fewer give a guess, not an estimate. */
export const MIN_JOBS_FOR_ESTIMATE = 10;

/** How the summary names a job's image. */
function nameOfJob(job: ImportJob): string {
  return job.source.kind === 'file' ? job.source.name : job.source.title || job.source.url;
}

/**
 * Empties the queue once nothing is pending, in one transaction so a job queued meanwhile is
 * never lost: finished jobs only served the summary, which the last progress report carries.
 */
async function clearFinishedQueue(): Promise<void> {
  const tx = (await memesDb()).transaction('importQueue', 'readwrite');
  if ((await tx.store.index('by-state').count('pending')) === 0) await tx.store.clear();
  await tx.done;
}

/** What a queued job turns into before ingest: a file as it is, a URL once downloaded. */
async function inputOfJob(job: ImportJob, queueJobId: number, deps: ImportQueueDeps, signal: AbortSignal): Promise<IngestInput | IngestOutcome> {
  const { source } = job;
  if (source.kind === 'file') {
    return {
      queueJobId,
      blob: source.blob,
      title: source.title ?? titleFromUrl(source.name),
      sourceUrl: source.sourceUrl ?? `file:${source.name}`,
      ...(source.pageUrl ? { pageUrl: source.pageUrl } : {}),
      ...(source.addedAt ? { addedAt: source.addedAt } : {}),
      ...(source.taughtFace ? { taughtFace: source.taughtFace } : {}),
    };
  }
  const fetched = await deps.fetchImage(source.url, signal);
  if (!fetched.ok) return fetched;
  return { queueJobId, blob: fetched.blob, title: source.title, sourceUrl: source.url, ...(source.pageUrl ? { pageUrl: source.pageUrl } : {}) };
}

/**
 * Works through the queue in IndexedDB, oldest first, until it is empty or the signal aborts.
 * A job is marked finished in the transaction that stores its meme (or after an outcome that
 * stores nothing), so a stop at any point loses nothing and counts nothing twice: a job that was
 * running when the browser stopped runs again from the start.
 */
export async function drainImportQueue(deps: ImportQueueDeps, signal: AbortSignal): Promise<ImportProgress> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  let handledThisRun = 0;
  /** When the first job of this run finished: the rate is timed from there, model loading left out. */
  let firstFinished: number | undefined;
  const withoutFace: ImageWithoutFace[] = [];
  // Outcome counts are read once, then kept here: re-reading every job's row for each report
  // would cost more than the reports are worth.
  const outcomes = await importOutcomes();

  const progress = async (running: boolean): Promise<ImportProgress> => {
    const counts = await countImports();
    const seconds = (now() - started) / 1000;
    const ratePerSecond = seconds > 0 ? handledThisRun / seconds : 0;
    // The first job waits for the models to load: an estimate from it said "about 10 min left"
    // for an import that took 33 s. The jobs after it show the pace.
    const timedJobs = handledThisRun - 1;
    const timedSeconds = firstFinished === undefined ? 0 : (now() - firstFinished) / 1000;
    const steadyRate = timedJobs >= MIN_JOBS_FOR_ESTIMATE && timedSeconds > 0 ? timedJobs / timedSeconds : undefined;
    return {
      running,
      handled: counts.done + counts.failed,
      pending: counts.pending,
      outcomes: { ...outcomes },
      ratePerSecond: steadyRate ?? ratePerSecond,
      secondsLeft: steadyRate === undefined ? undefined : counts.pending / steadyRate,
    };
  };

  deps.onProgress(await progress(true));
  let lastReport = now();

  // Jobs run a few at a time: while some wait on IndexedDB, others are decoded or analysed in the
  // analysis workers, each of which runs one inference at a time.
  /** Jobs taken by a worker and not finished yet (still 'pending' in the database). */
  const claimed = new Set<number>();
  let buffer: ImportJob[] = [];
  let refilling: Promise<void> | undefined;
  const nextJob = async (): Promise<ImportJob | undefined> => {
    while (buffer.length === 0) {
      refilling ??= pendingImports(claimed.size + 16)
        .then((jobs) => {
          buffer = jobs.filter((job) => job.id !== undefined && !claimed.has(job.id));
        })
        .finally(() => {
          refilling = undefined;
        });
      await refilling;
      if (buffer.length === 0) return undefined;
    }
    const job = buffer.shift()!;
    claimed.add(job.id!);
    return job;
  };

  const worker = async () => {
    while (!signal.aborted) {
      const job = await nextJob();
      if (!job?.id) return;
      let outcome: IngestOutcome;
      try {
        const input = await inputOfJob(job, job.id, deps, signal);
        outcome = 'blob' in input ? await deps.ingest(input) : input;
        if (outcome.ok && outcome.faceCount === 0 && withoutFace.length < MAX_LISTED_WITHOUT_FACE) {
          withoutFace.push({ name: nameOfJob(job), memeId: outcome.memeId });
        }
      } catch (error) {
        outcome = { ok: false, reason: 'failed', detail: error instanceof Error ? error.message : String(error) };
      }
      if (signal.aborted) return;
      const code = outcomeCode(outcome);
      if (!outcome.ok) await finishImport(job.id, outcome.reason === 'duplicate' ? 'done' : 'failed', code);
      claimed.delete(job.id); // no longer pending: a refill cannot return it again
      outcomes[code] = (outcomes[code] ?? 0) + 1;
      handledThisRun++;
      firstFinished ??= now();
      if (outcome.ok) deps.onAdded(outcome.memeId);
      // At most ~5 progress reports a second: counting the queue is not free.
      if (now() - lastReport > 200) {
        lastReport = now();
        deps.onProgress(await progress(true));
      }
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency ?? IMPORT_CONCURRENCY }, worker));
  const last = { ...(await progress(false)), withoutFace };
  if (!signal.aborted) await clearFinishedQueue();
  deps.onProgress(last);
  return last;
}
