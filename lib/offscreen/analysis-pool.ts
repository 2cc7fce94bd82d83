import type { ImageAnalysis } from '../library/ingest-meme';
import type { MemeMime } from '../library/image-format';
import type { AnalysisWorker } from './analysis-client';

/**
 * How many analysis workers an import may use. One worker was the import's one serial stage: in a
 * trace it was inside a task 96 % of the time but on a CPU only 66 %, waiting for a core the
 * decodes and IndexedDB held (docs/benchmarks.md, "A second analysis worker").
 */
export const ANALYSIS_WORKERS = 2;

/**
 * Images a worker holds at once: one analysed while the next decodes. A worker decodes each image
 * it holds at full size, so more would hold more decoded pixels (eight 64-megapixel images took
 * the renderer to 2.2 GB uncapped; docs/benchmarks.md, "Two images at most in each worker").
 */
export const IMAGES_PER_WORKER = 2;

type StartWorker = (onStopped: (error: Error) => void) => Promise<AnalysisWorker>;

interface Waiting {
  blob: Blob;
  mime: MemeMime;
  resolve(analysis: ImageAnalysis): void;
  reject(error: Error): void;
}

interface Member {
  worker: AnalysisWorker;
  pending: number;
}

/**
 * Up to `size` analysis workers behind one `AnalysisWorker`. The first is started now (the
 * promise rejects if it cannot be, as one worker's would); another only when an image arrives
 * while every worker is busy, so one image added from the context menu loads the models once.
 * Each image goes to the worker with the fewest in hand, at most IMAGES_PER_WORKER each; the rest
 * wait here, in order. A worker that dies refuses what it held and leaves the pool; `onStopped`
 * hears when none is left (not on `close`), and what waits is refused then. A worker that cannot
 * start beside the first is not asked for again.
 */
export async function startAnalysisPool(start: StartWorker, size: number, onStopped: (error: Error) => void = () => undefined): Promise<AnalysisWorker> {
  const members: Member[] = [];
  const waiting: Waiting[] = [];
  let growing = false;
  let canGrow = true;
  let stopped = false;

  const refuseWaiting = (error: Error) => {
    for (const image of waiting.splice(0)) image.reject(error);
  };

  /** Hands waiting images to workers with room, the least busy first. */
  const dispatch = () => {
    while (waiting.length > 0 && !stopped) {
      const member = members.reduce<Member | undefined>((least, next) => (!least || next.pending < least.pending ? next : least), undefined);
      if (!member || member.pending >= IMAGES_PER_WORKER) return;
      const image = waiting.shift()!;
      member.pending++;
      member.worker
        .analyse(image.blob, image.mime)
        .then(image.resolve, image.reject)
        .finally(() => {
          member.pending--;
          dispatch();
        });
    }
  };

  /** Starts a worker that leaves the pool when it stops; the pool stops with its last worker. */
  const startMember = async (): Promise<Member> => {
    let member: Member | undefined;
    const worker = await start((error) => {
      if (member && members.includes(member)) members.splice(members.indexOf(member), 1);
      if (members.length === 0 && !stopped) {
        stopped = true;
        refuseWaiting(error);
        onStopped(error);
      }
    });
    member = { worker, pending: 0 };
    if (stopped) worker.close();
    else members.push(member);
    return member;
  };

  const first = await startMember();

  const analyse = (blob: Blob, mime: MemeMime): Promise<ImageAnalysis> =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(new Error('The analysis worker has stopped'));
      const busy = members.every((member) => member.pending > 0);
      if (busy && members.length < size && canGrow && !growing) {
        growing = true;
        startMember()
          .catch(() => {
            canGrow = false;
          })
          .finally(() => {
            growing = false;
            dispatch();
          });
      }
      waiting.push({ blob, mime, resolve, reject });
      dispatch();
    });

  return {
    modelVersion: first.worker.modelVersion,
    analyse,
    close: () => {
      stopped = true;
      refuseWaiting(new Error('The analysis workers were closed'));
      for (const member of members.splice(0)) member.worker.close();
    },
  };
}
