import { t } from '@/lib/i18n';
import type { ImportProgress, ReindexProgress } from '@/lib/library/library-channel';
import type { FaceRecord, MemeRecord } from '@/lib/memes-db/memes-db';
import { ImagesWithoutFace } from './images-without-face';

function formatSecondsLeft(seconds: number): string {
  return seconds < 90 ? t('optionsSeconds', Math.ceil(seconds)) : t('optionsMinutes', Math.ceil(seconds / 60));
}

/** The count alone until the queue knows its pace (lib/library/import-queue.ts MIN_JOBS_FOR_ESTIMATE). */
function progressText(progress: ImportProgress, total: number): string {
  const { secondsLeft } = progress;
  if (secondsLeft === undefined || !Number.isFinite(secondsLeft)) return t('optionsImportProgressCount', progress.handled, total);
  return t('optionsImportProgress', progress.handled, total, progress.ratePerSecond.toFixed(1), formatSecondsLeft(secondsLeft));
}

interface Props {
  progress: ImportProgress | undefined;
  onCancel(): void;
  /** The library as last read, for the images kept without a face: thumbnails and taught faces. */
  memes: ReadonlyMap<string, MemeRecord>;
  facesByMeme: ReadonlyMap<string, readonly FaceRecord[]>;
  onTeach(meme: MemeRecord): void;
}

/** Import progress (count, rate, time left, cancel) or the summary of the import that just ended. */
export function ImportStatus({ progress, onCancel, memes, facesByMeme, onTeach }: Props) {
  if (!progress || progress.handled + progress.pending === 0) return null;
  const total = progress.handled + progress.pending;
  const count = (code: string) => progress.outcomes[code] ?? 0;
  if (!progress.running && progress.pending === 0) {
    const failed = total - count('added') - count('duplicate') - count('no-face');
    return (
      <>
        <p class="import-status" role="status" data-testid="import-summary">
          {t('optionsImportDone', count('added'), count('duplicate'), count('no-face'), failed)}
        </p>
        <ImagesWithoutFace images={progress.withoutFace ?? []} total={count('no-face')} memes={memes} facesByMeme={facesByMeme} onTeach={onTeach} />
      </>
    );
  }
  return (
    <div class="import-status" role="status" data-testid="import-progress">
      <progress max={total} value={progress.handled} />
      <span data-testid="import-progress-text">
        {progressText(progress, total)}
      </span>
      <button type="button" onClick={onCancel} data-testid="import-cancel">
        {t('optionsCancel')}
      </button>
    </div>
  );
}

export function ReindexStatus({ progress }: { progress: ReindexProgress | undefined }) {
  if (!progress?.running) return null;
  return (
    <div class="import-status" role="status" data-testid="reindex-progress">
      <progress max={progress.total} value={progress.done} />
      <span>{t('optionsReindexProgress', progress.modelVersion, progress.done, progress.total)}</span>
    </div>
  );
}
