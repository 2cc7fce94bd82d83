import { useEffect, useState } from 'preact/hooks';
import { listenToLibrary, type ReindexProgress } from '@/lib/library/library-channel';

/**
 * The library's re-embedding, while one runs (after an update to a new expression model): the
 * search sees only faces already redone, so the popup says it is updating rather than empty.
 */
export function useReindexProgress(): ReindexProgress | undefined {
  const [progress, setProgress] = useState<ReindexProgress>();
  useEffect(() => {
    const controller = new AbortController();
    listenToLibrary((event) => {
      if (event.type === 'reindex-progress') setProgress(event.progress.running ? event.progress : undefined);
    }, controller.signal);
    return () => controller.abort();
  }, []);
  return progress;
}
