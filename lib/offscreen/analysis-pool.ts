import type { ImageAnalysis } from '../library/ingest-meme';
import type { MemeMime } from '../library/image-format';
import type { AnalysisWorker } from './analysis-client';

/**
 * How many analysis workers an import may use. One worker was the import's one serial stage: in a
 * trace it was inside a task 96 % of the time but on a CPU only 66 %, waiting for a core the
 * decodes and IndexedDB held (docs/benchmarks.md, "A second analysis worker").
 */
export const ANALYSIS_WORKERS = 2;

type StartWorker = (onStopped: (error: Error) => void) => Promise<AnalysisWorker>;

interface Member {
  worker: AnalysisWorker;
  pending: number;
}

/**
 * Up to `size` analysis workers behind one `AnalysisWorker`. The first is started now (the
 * promise rejects if it cannot be, as one worker's would); another only when an image arrives
 * while every worker is busy, so one image added from the context menu loads the models once.
 * Each image goes to the worker with the fewest in hand. A worker that dies refuses what it held
 * and leaves the pool; `onStopped` hears when none is left (not on `close`). A worker that cannot
 * start beside the first is not asked for again.
 */
export async function startAnalysisPool(start: StartWorker, size: number, onStopped: (error: Error) => void = () => undefined): Promise<AnalysisWorker> {
  const members: Member[] = [];
  let growing = false;
  let canGrow = true;
  let stopped = false;

  /** Starts a worker that leaves the pool when it stops; the pool stops with its last worker. */
  const startMember = async (): Promise<Member> => {
    let member: Member | undefined;
    const worker = await start((error) => {
      if (member && members.includes(member)) members.splice(members.indexOf(member), 1);
      if (members.length === 0 && !stopped) {
        stopped = true;
        onStopped(error);
      }
    });
    member = { worker, pending: 0 };
    if (stopped) worker.close();
    else members.push(member);
    return member;
  };

  const first = await startMember();

  const analyse = async (blob: Blob, mime: MemeMime): Promise<ImageAnalysis> => {
    if (stopped) throw new Error('The analysis worker has stopped');
    const member = members.reduce((least, next) => (next.pending < least.pending ? next : least));
    if (member.pending > 0 && members.length < size && canGrow && !growing) {
      growing = true;
      startMember()
        .catch(() => {
          canGrow = false;
        })
        .finally(() => {
          growing = false;
        });
    }
    member.pending++;
    try {
      return await member.worker.analyse(blob, mime);
    } finally {
      member.pending--;
    }
  };

  return {
    modelVersion: first.worker.modelVersion,
    analyse,
    close: () => {
      stopped = true;
      for (const member of members.splice(0)) member.worker.close();
    },
  };
}
