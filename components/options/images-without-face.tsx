import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ImageWithoutFace } from '@/lib/library/library-channel';
import { pictureOf } from '@/lib/library/meme-thumbnail';
import type { FaceRecord, MemeRecord } from '@/lib/memes-db/memes-db';
import { TaughtMark } from './taught-mark';

interface Props {
  images: readonly ImageWithoutFace[];
  total: number;
  /** The library as last read: where each image's thumbnail and taught face come from. */
  memes: ReadonlyMap<string, MemeRecord>;
  facesByMeme: ReadonlyMap<string, readonly FaceRecord[]>;
  onTeach(meme: MemeRecord): void;
}

/**
 * The images an import kept without a face, each by name with a thumbnail and a Teach button (or
 * how it was taught), so the user sees which ones and can give each its face. `total` counts them
 * all when the import listed only the first ones; one deleted since is listed without a button.
 */
export function ImagesWithoutFace({ images, total, memes, facesByMeme, onTeach }: Props) {
  const [urls, setUrls] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    const made = new Map<string, string>();
    for (const item of images) {
      const meme = memes.get(item.memeId);
      if (meme) made.set(item.memeId, URL.createObjectURL(pictureOf(meme)));
    }
    setUrls(made);
    return () => made.forEach((url) => URL.revokeObjectURL(url));
  }, [images, memes]);

  if (images.length === 0) return null;
  return (
    <details class="without-face" data-testid="without-face" open>
      <summary>{t('optionsWithoutFaceHeading', total)}</summary>
      <p class="without-face-hint">{t('optionsWithoutFaceHint')}</p>
      <ul class="without-face-list">
        {images.map((item, index) => {
          const meme = memes.get(item.memeId);
          const taught = facesByMeme.get(item.memeId)?.[0];
          return (
            <li key={`${index}-${item.memeId}`} class="without-face-item" data-testid="without-face-item" data-meme-id={item.memeId}>
              {urls.get(item.memeId) && <img src={urls.get(item.memeId)} alt="" width={64} height={64} decoding="async" />}
              <span class="without-face-name" title={item.name} data-testid="without-face-name">
                {item.name}
              </span>
              {taught && <TaughtMark face={taught} />}
              {meme && (
                <button type="button" onClick={() => onTeach(meme)} aria-label={t('optionsTeachLabel', meme.title)} data-testid="without-face-teach">
                  {t('optionsTeach')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {total > images.length && <p>{t('optionsWithoutFaceMore', total - images.length)}</p>}
    </details>
  );
}
