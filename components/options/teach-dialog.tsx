import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { classWord } from '@/lib/match/expression-words';
import { teachableWords } from '@/lib/match/expression-prototypes';
import { taughtFaceFromWord, teachFailureMessage, teachMeme } from '@/lib/library/teach-face';
import { listenToTeachFrame, TEACH_CAMERA_PATH } from '@/lib/library/teach-frame';
import type { MemeRecord } from '@/lib/memes-db/memes-db';
// The version only: the options page itself never loads the models.
import expressionModel from '@/models/expression-embedder.json';

interface Props {
  meme: MemeRecord;
  /** The dialog closed; `message` says what was taught, when something was. */
  onClose(message?: string): void;
}

const wordOf = (name: string) => {
  const key = classWord(name);
  return key ? t(key) : name;
};

/**
 * Teaching one meme its face: make the face at the camera (a framed page of its own, see
 * lib/library/teach-frame.ts) and keep it with "Use this face", or pick the expression word it
 * shows. A modal dialog: Escape or Close leaves without a change, and the focus goes back to the
 * button that opened it.
 */
export function TeachDialog({ meme, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const imageUrl = useMemo(() => URL.createObjectURL(meme.blob), [meme.blob]);
  useEffect(() => () => URL.revokeObjectURL(imageUrl), [imageUrl]);
  const words = teachableWords();
  const [word, setWord] = useState(words.includes('surprise') ? 'surprise' : (words[0] ?? ''));
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const taughtMessage = t('teachSaved', meme.title);

  useEffect(() => {
    dialog.current?.showModal();
    const life = new AbortController();
    listenToTeachFrame(
      () => frame.current?.contentWindow,
      (message) => onClose(message.type === 'meme-mirror/teach-taught' ? taughtMessage : undefined),
      life.signal,
    );
    return () => life.abort();
  }, []);

  async function useWord() {
    const face = taughtFaceFromWord(meme.id, word, expressionModel.version);
    if (!face) return setError(t('teachNoWords'));
    setSaving(true);
    try {
      const outcome = await teachMeme(face);
      if (outcome.ok) return onClose(taughtMessage);
      setError(t(teachFailureMessage(outcome.reason)));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      class="teach-dialog"
      aria-labelledby="teach-title"
      data-testid="teach-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="teach-title">{t('teachTitle', meme.title)}</h2>
      <img class="teach-meme" src={imageUrl} alt={meme.title} />

      <section aria-labelledby="teach-camera-heading">
        <h3 id="teach-camera-heading">{t('teachCameraHeading')}</h3>
        <iframe
          ref={frame}
          class="teach-camera-frame"
          src={browser.runtime.getURL(`${TEACH_CAMERA_PATH}?meme=${encodeURIComponent(meme.id)}`)}
          title={t('teachCameraHeading')}
          allow="camera"
          data-testid="teach-camera-frame"
        />
      </section>

      <section aria-labelledby="teach-word-heading">
        <h3 id="teach-word-heading">{t('teachWordHeading')}</h3>
        {words.length === 0 ? (
          <p tabIndex={-1} autoFocus>
            {t('teachNoWords')}
          </p>
        ) : (
          <>
            <label>
              {t('teachWordLabel')}{' '}
              {/* The dialog's first focus: the frame before it would otherwise take it, and a key
                  pressed in a frame still loading is lost (Escape would not close the dialog). */}
              <select autoFocus value={word} onChange={(event) => setWord(event.currentTarget.value)} data-testid="teach-word">
                {words.map((name) => (
                  <option key={name} value={name}>
                    {wordOf(name)}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="button" disabled={saving} onClick={() => void useWord()} data-testid="teach-use-word">
              {t('teachUseWord')}
            </button>
          </>
        )}
      </section>

      {error && (
        <p class="teach-error" role="alert" data-testid="teach-error">
          {error}
        </p>
      )}
      <button type="button" class="secondary" onClick={() => onClose()} data-testid="teach-close">
        {t('teachClose')}
      </button>
    </dialog>
  );
}
