import { t } from '@/lib/i18n';
import type { FaceRecord, MemeRecord } from '@/lib/memes-db/memes-db';

interface Props {
  meme: MemeRecord;
  faces: readonly FaceRecord[];
  imageUrl: string;
  onDelete(meme: MemeRecord): void;
}

const percent = (value: number, of: number) => `${((value / of) * 100).toFixed(2)}%`;

/** One meme in the grid: the image with a box on each face, its title, source and date. */
export function MemeCard({ meme, faces, imageUrl, onDelete }: Props) {
  const added = new Date(meme.addedAt).toLocaleDateString(chrome.i18n.getUILanguage());
  const source = /^https?:/.test(meme.sourceUrl) ? meme.sourceUrl : undefined;
  return (
    <li class="meme-card" data-testid="meme-card" data-meme-id={meme.id}>
      <div class="meme-picture">
        <img src={imageUrl} alt={meme.title} loading="lazy" width={meme.width} height={meme.height} />
        {faces.map((face) => (
          <span
            key={face.id}
            class="meme-face"
            data-testid="meme-face"
            style={{
              left: percent(face.box.x, meme.width),
              top: percent(face.box.y, meme.height),
              width: percent(face.box.width, meme.width),
              height: percent(face.box.height, meme.height),
            }}
          />
        ))}
      </div>
      <div class="meme-meta">
        <strong class="meme-title" data-testid="meme-title">
          {meme.title}
        </strong>
        <span class="meme-details">
          {faces.length === 1 ? t('optionsOneFace') : t('optionsFaceCount', faces.length)} · {t('optionsAddedOn', added)}
        </span>
        {source && (
          <a class="meme-source" href={source} target="_blank" rel="noreferrer noopener" data-testid="meme-source">
            {t('optionsSource')}
          </a>
        )}
        <button type="button" class="meme-delete" onClick={() => onDelete(meme)} aria-label={t('optionsDeleteLabel', meme.title)} data-testid="meme-delete">
          {t('optionsDelete')}
        </button>
      </div>
    </li>
  );
}
