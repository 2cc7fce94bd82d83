import { countImports, finishImport, importOutcomes, pendingImports, type ImportJob } from '../memes-db/memes-db';
import type { ImportProgress } from './library-channel';
import type { IngestInput } from './ingest-meme';
import { outcomeCode, type IngestOutcome } from './ingest-outcome';
import { titleFromUrl } from './ingest-meme';
import type { FetchedImage } from './fetch-meme-image';

export interface ImportQueueDeps {
  ingest(input: IngestInput): Promise<IngestOutcome>;
  fetchImage(url: string, signal: AbortSignal): Promise<FetchedImage>;
  onProgress(progress: ImportProgress): void;
  onAdded(memeId: string): void;
  now?: () => number;
  /** Jobs in flight at once (default IMPORT_CONCURRENCY). */
  concurrency?: number;
}

export const IMPORT_CONCURRENCY = 3;

/** What a queued job turns into before ingest: a file as it is, a URL once downloaded. */
async function inputOfJob(job: ImportJob, deps: ImportQueueDeps, signal: AbortSignal): Promise<IngestInput | IngestOutcome> {
  const { source } = job;
  if (source.kind === 'file') {
    return {
      blob: source.blob,
      title: source.title ?? titleFromUrl(source.name),
      sourceUrl: source.sourceUrl ?? `file:${source.name}`,
      ...(source.pageUrl ? { pageUrl: source.pageUrl } : {}),
      ...(source.addedAt ? { addedAt: source.addedAt } : {}),
    };
  }
  const fetched = await deps.fetchImage(source.url, signal);
  if (!fetched.ok) return fetched;
  return { blob: fetched.blob, title: source.title, sourceUrl: source.url, ...(source.pageUrl ? { pageUrl: source.pageUrl } : {}) };
}

/**
 * Works through the queue in IndexedDB, oldest first, until it is empty or the signal aborts.
 * A job is marked finished only after its meme is stored, so a stop at any point loses nothing;
 * the job that was running when the browser stopped runs again, and sha256 dedupe makes that a
 * "duplicate" instead of a second copy.
 */
export async function drainImportQueue(deps: ImportQueueDeps, signal: AbortSignal): Promise<ImportProgress> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  let handledThisRun = 0;
  // Outcome counts are read once, then kept here: re-reading every job's row for each report
  // would cost more than the reports are worth.
  const outcomes = await importOutcomes();

  const progress = async (running: boolean): Promise<ImportProgress> => {
    const counts = await countImports();
    const seconds = (now() - started) / 1000;
    const ratePerSecond = seconds > 0 ? handledThisRun / seconds : 0;
    return {
      running,
      handled: counts.done + counts.failed,
      pending: counts.pending,
      outcomes: { ...outcomes },
      ratePerSecond,
      secondsLeft: ratePerSecond > 0 ? counts.pending / ratePerSecond : undefined,
    };
  };

  deps.onProgress(await progress(true));
  let lastReport = now();

  // Jobs run a few at a time: while one waits on decoding or IndexedDB, another uses the models
  // (inference itself is synchronous, so it never runs twice at once).
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
        const input = await inputOfJob(job, deps, signal);
        outcome = 'blob' in input ? await deps.ingest(input) : input;
      } catch (error) {
        outcome = { ok: false, reason: 'failed', detail: error instanceof Error ? error.message : String(error) };
      }
      if (signal.aborted) return;
      const handledWell = outcome.ok || outcome.reason === 'duplicate' || outcome.reason === 'no-face';
      const code = outcomeCode(outcome);
      await finishImport(job.id, handledWell ? 'done' : 'failed', code);
      claimed.delete(job.id); // no longer pending: a refill cannot return it again
      outcomes[code] = (outcomes[code] ?? 0) + 1;
      handledThisRun++;
      if (outcome.ok) deps.onAdded(outcome.memeId);
      // At most ~5 progress reports a second: counting the queue is not free.
      if (now() - lastReport > 200) {
        lastReport = now();
        deps.onProgress(await progress(true));
      }
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency ?? IMPORT_CONCURRENCY }, worker));
  const last = await progress(false);
  deps.onProgress(last);
  return last;
}
