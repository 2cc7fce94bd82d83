import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { topExpression } from '@/lib/match/expression-words';
import { taughtFaceFromCamera, teachFailureMessage, teachMeme } from '@/lib/library/teach-face';
import { tellTeachDialog } from '@/lib/library/teach-frame';
import { cameraProblemText } from './camera-status';
import { EXPRESSION_CLASSES } from './result-card';
import { useTeachCamera, type TeachCameraState } from './use-teach-camera';
// The version only: importing the embedder would load the TFLite runtime before the camera is asked for.
import expressionModel from '@/models/expression-embedder.json';

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

/**
 * The camera half of teaching (teach-camera.html, framed by the options page's teach dialog): the
 * user makes the meme's face, sees what the model reads in it, and keeps it with "Use this face".
 */
export function TeachCameraApp({ memeId }: { memeId: string }) {
  const camera = useTeachCamera();
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') tellTeachDialog({ type: 'meme-mirror/teach-close' });
    };
    window.addEventListener('keydown', closeOnEscape);
    return () => window.removeEventListener('keydown', closeOnEscape);
  }, []);

  async function useFace() {
    const samples = camera.samples();
    if (samples.length === 0) return setError(t('teachCameraNoFace'));
    setSaving(true);
    try {
      const outcome = await teachMeme(taughtFaceFromCamera(memeId, samples, expressionModel.version));
      if (outcome.ok) return tellTeachDialog({ type: 'meme-mirror/teach-taught', memeId });
      setError(t(teachFailureMessage(outcome.reason)));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  }

  const faceSeen = camera.state.kind === 'live' && camera.state.faceSeen;
  return (
    <main class="teach-camera">
      <p>{t('teachCameraHint')}</p>
      <video ref={camera.videoRef} class="teach-video" muted playsInline aria-hidden="true" />
      <p role="status" data-testid="teach-camera-status">
        {cameraText(camera.state)}
      </p>
      <button type="button" disabled={!faceSeen || saving} onClick={() => void useFace()} data-testid="teach-use-face">
        {t('teachUseFace')}
      </button>
      {error && (
        <p class="teach-error" role="alert" data-testid="teach-camera-error">
          {error}
        </p>
      )}
    </main>
  );
}
