import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ImageWithoutFace } from '@/lib/library/library-channel';

/**
 * The images an import could not store because no face was found in them, each by name with a
 * thumbnail, so the user sees which ones and can decide what to do with them. `total` counts
 * them all when the import listed only the first ones.
 */
export function ImagesWithoutFace({ images, total }: { images: readonly ImageWithoutFace[]; total: number }) {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const made = images.map((item) => URL.createObjectURL(item.image));
    setUrls(made);
    return () => made.forEach((url) => URL.revokeObjectURL(url));
  }, [images]);

  if (images.length === 0) return null;
  return (
    <details class="without-face" data-testid="without-face" open>
      <summary>{t('optionsWithoutFaceHeading', total)}</summary>
      <p class="without-face-hint">{t('optionsWithoutFaceHint')}</p>
      <ul class="without-face-list">
        {images.map((item, index) => (
          <li key={`${index}-${item.name}`} class="without-face-item" data-testid="without-face-item">
            {urls[index] && <img src={urls[index]} alt="" width={64} height={64} decoding="async" />}
            <span class="without-face-name" title={item.name} data-testid="without-face-name">
              {item.name}
            </span>
          </li>
        ))}
      </ul>
      {total > images.length && <p>{t('optionsWithoutFaceMore', total - images.length)}</p>}
    </details>
  );
}
