import { t } from '@/lib/i18n';
import { classWord } from '@/lib/match/expression-words';
import type { FaceRecord } from '@/lib/memes-db/memes-db';

/** How a meme got its face, when the user taught it one; nothing for a face the detector found. */
export function TaughtMark({ face }: { face: FaceRecord }) {
  if (face.taught === undefined) return null;
  const key = face.taught === 'word' ? classWord(face.word) : undefined;
  const text = face.taught === 'camera' ? t('optionsTaughtCamera') : t('optionsTaughtWord', key ? t(key) : face.word);
  return (
    <span class="taught-mark" data-testid="taught-mark" data-taught={face.taught}>
      {text}
    </span>
  );
}
