import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { classWord, topExpression } from '@/lib/match/expression-words';
import { teachableWords } from '@/lib/match/expression-prototypes';
import { taughtFaceFromCamera, taughtFaceFromWord, teachMeme, type TeachOutcome } from '@/lib/library/teach-face';
import type { MemeRecord, TaughtFaceRecord } from '@/lib/memes-db/memes-db';
import { cameraProblemText } from '../camera-status';
import { EXPRESSION_CLASSES } from '../result-card';
import { useTeachCamera, type TeachCameraState } from './use-teach-camera';
// The version only: importing the embedder would load the TFLite runtime before the camera is asked for.
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

function cameraText(state: TeachCameraState): string {
  switch (state.kind) {
    case 'starting':
      return t('teachCameraStarting');
    case 'problem':
      return cameraProblemText(state.problem);
    case 'failed':
      return t('teachCameraFailed', state.detail);
    case 'live': {
      const word = state.faceSeen ? topExpression(state.probabilities && Array.from(state.probabilities), EXPRESSION_CLASSES) : undefined;
      return word ? t('teachCameraSeen', t(word)) : t('teachCameraNoFace');
    }
  }
}

const FAILURE_TEXT: Record<Extract<TeachOutcome, { ok: false }>['reason'], Parameters<typeof t>[0]> = {
  'meme-gone': 'teachMemeGone',
  'has-faces': 'teachHasFaces',
};

/**
 * Teaching one meme its face: make the face at the camera and keep it with "Use this face", or
 * pick the expression word it shows. A modal dialog: Escape or Close leaves without a change, and
 * the focus goes back to the button that opened it.
 */
export function TeachDialog({ meme, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const imageUrl = useMemo(() => URL.createObjectURL(meme.blob), [meme.blob]);
  useEffect(() => () => URL.revokeObjectURL(imageUrl), [imageUrl]);
  const words = teachableWords();
  const [word, setWord] = useState(words.includes('surprise') ? 'surprise' : (words[0] ?? ''));
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const camera = useTeachCamera(true);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function keep(face: TaughtFaceRecord | undefined) {
    if (!face) return setError(t('teachNoWords'));
    setSaving(true);
    try {
      const outcome = await teachMeme(face);
      if (outcome.ok) return onClose(t('teachSaved', meme.title));
      setError(t(FAILURE_TEXT[outcome.reason]));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  }

  const useCamera = () => {
    const samples = camera.samples();
    if (samples.length === 0) return setError(t('teachCameraNoFace'));
    void keep(taughtFaceFromCamera(meme.id, samples, expressionModel.version));
  };

  const faceSeen = camera.state.kind === 'live' && camera.state.faceSeen;
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

      <section class="teach-camera" aria-labelledby="teach-camera-heading">
        <h3 id="teach-camera-heading">{t('teachCameraHeading')}</h3>
        <p>{t('teachCameraHint')}</p>
        <video ref={camera.videoRef} class="teach-video" muted playsInline aria-hidden="true" />
        <p role="status" data-testid="teach-camera-status">
          {cameraText(camera.state)}
        </p>
        <button type="button" disabled={!faceSeen || saving} onClick={useCamera} data-testid="teach-use-face">
          {t('teachUseFace')}
        </button>
      </section>

      <section class="teach-word" aria-labelledby="teach-word-heading">
        <h3 id="teach-word-heading">{t('teachWordHeading')}</h3>
        {words.length === 0 ? (
          <p>{t('teachNoWords')}</p>
        ) : (
          <>
            <label>
              {t('teachWordLabel')}{' '}
              <select value={word} onChange={(event) => setWord(event.currentTarget.value)} data-testid="teach-word">
                {words.map((name) => (
                  <option key={name} value={name}>
                    {wordOf(name)}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button
              type="button"
              disabled={saving}
              onClick={() => void keep(taughtFaceFromWord(meme.id, word, expressionModel.version))}
              data-testid="teach-use-word"
            >
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
