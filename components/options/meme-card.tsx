import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { FaceRecord, MemeRecord } from '@/lib/memes-db/memes-db';
import { TaughtMark } from './taught-mark';

interface Props {
  meme: MemeRecord;
  faces: readonly FaceRecord[];
  imageUrl: string;
  /** Its place in the filtered list (0-based) and that list's length, told to assistive tech. */
  index: number;
  total: number;
  /** Where the grid puts it, in pixels. */
  box: { left: number; top: number; width: number; height: number };
  onDelete(meme: MemeRecord): void;
  onRename(meme: MemeRecord, title: string): void;
  onTeach(meme: MemeRecord): void;
}

/**
 * The title, or a field to change it: Rename (or a click on the title) opens it, Enter or leaving
 * the field keeps the new title, Escape keeps the old one; the focus goes back to Rename.
 */
function EditableTitle({ meme, onRename }: Pick<Props, 'meme' | 'onRename'>) {
  const [editing, setEditing] = useState(false);
  // Set at once, not at the next render: the field's blur as it goes away must not finish twice
  // (after Escape, a second finish would keep the title Escape dropped).
  const open = useRef(false);
  const field = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  /** Set when the field closes: the focus goes back to Rename once it is drawn again. */
  const refocus = useRef(false);
  useEffect(() => {
    if (editing) field.current?.select();
    else if (refocus.current) {
      refocus.current = false;
      renameButton.current?.focus();
    }
  }, [editing]);

  const start = () => {
    open.current = true;
    setEditing(true);
  };
  const finish = (keep: boolean) => {
    if (!open.current) return;
    open.current = false;
    const title = field.current?.value.trim() ?? '';
    refocus.current = true;
    setEditing(false);
    if (keep && title && title !== meme.title) onRename(meme, title);
  };

  return (
    <span class="meme-title-row">
      {editing ? (
        <input
          ref={field}
          class="meme-title-input"
          defaultValue={meme.title}
          aria-label={t('optionsTitleLabel')}
          data-testid="meme-title-input"
          onKeyDown={(event) => {
            // Default prevented: Enter's keypress would otherwise click Rename once it has the focus.
            if (event.key === 'Enter' || event.key === 'Escape') event.preventDefault();
            if (event.key === 'Enter') finish(true);
            else if (event.key === 'Escape') finish(false);
          }}
          onBlur={() => finish(true)}
        />
      ) : (
        <strong class="meme-title" title={meme.title} data-testid="meme-title" onClick={start}>
          {meme.title}
        </strong>
      )}
      {!editing && (
        <button
          ref={renameButton}
          type="button"
          class="meme-rename"
          onClick={start}
          aria-label={t('optionsRenameLabel', meme.title)}
          data-testid="meme-rename"
        >
          {t('optionsRename')}
        </button>
      )}
    </span>
  );
}

const percent = (value: number, of: number) => `${((value / of) * 100).toFixed(2)}%`;

/** What the details line says of a meme's faces: how many were found, how it was taught, or that it waits for it. */
function FacesText({ faces }: { faces: readonly FaceRecord[] }) {
  const taught = faces.find((face) => face.taught !== undefined);
  if (taught) return <TaughtMark face={taught} />;
  if (faces.length === 0) {
    return (
      <span class="no-face-yet" data-testid="no-face-yet">
        {t('optionsNoFaceYet')}
      </span>
    );
  }
  return <>{faces.length === 1 ? t('optionsOneFace') : t('optionsFaceCount', faces.length)}</>;
}

/**
 * One meme in the grid: the image with a box on each face the detector found (a taught face has
 * no place on the image), its title, faces, source and date; Teach for a meme kept without a face.
 */
export function MemeCard({ meme, faces, imageUrl, index, total, box, onDelete, onRename, onTeach }: Props) {
  const added = new Date(meme.addedAt).toLocaleDateString(chrome.i18n.getUILanguage());
  const source = /^https?:/.test(meme.sourceUrl) ? meme.sourceUrl : undefined;
  const aspect = meme.width > 0 && meme.height > 0 ? meme.width / meme.height : 1;
  return (
    <li
      class="meme-card"
      data-testid="meme-card"
      data-meme-id={meme.id}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={total}
      style={{ left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` }}
    >
      <div class="meme-picture">
        {/* Every card has the same picture area; the image keeps its shape inside it, and the face
            boxes, in percent of the image, sit in a frame of exactly the image's size. */}
        <div class="meme-frame" style={{ aspectRatio: `${aspect}`, width: `min(100%, calc(var(--picture-height) * ${aspect}))` }}>
          <img src={imageUrl} alt={meme.title} decoding="async" width={meme.width} height={meme.height} />
          {faces.map((face) =>
            face.taught === undefined ? (
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
            ) : null,
          )}
        </div>
      </div>
      <div class="meme-meta">
        <EditableTitle meme={meme} onRename={onRename} />
        <span class="meme-details">
          <FacesText faces={faces} /> · {t('optionsAddedOn', added)}
        </span>
        <span class="meme-actions">
          {source && (
            <a class="meme-source" href={source} target="_blank" rel="noreferrer noopener" data-testid="meme-source">
              {t('optionsSource')}
            </a>
          )}
          {meme.faceCount === 0 && (
            <button type="button" class="meme-teach" onClick={() => onTeach(meme)} aria-label={t('optionsTeachLabel', meme.title)} data-testid="meme-teach">
              {t('optionsTeach')}
            </button>
          )}
          <button type="button" class="meme-delete" onClick={() => onDelete(meme)} aria-label={t('optionsDeleteLabel', meme.title)} data-testid="meme-delete">
            {t('optionsDelete')}
          </button>
        </span>
      </div>
    </li>
  );
}
