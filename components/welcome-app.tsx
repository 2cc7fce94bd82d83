import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { openCamera, stopCamera, type CameraProblem } from '@/lib/vision/camera';

type GrantState = { kind: 'idle' } | { kind: 'asking' } | { kind: 'granted' } | { kind: 'failed'; problem: CameraProblem };

function failureText(problem: CameraProblem): string {
  if (problem === 'missing') return t('welcomeNoCamera');
  if (problem === 'busy') return t('welcomeCameraBusy');
  return t('welcomeCameraDenied', `chrome://settings/content/siteDetails?site=${encodeURIComponent(location.origin)}`);
}

/**
 * The one visible page of the extension's origin that can show Chrome's camera prompt; the grant
 * then holds for the popup and the offscreen document, which cannot prompt themselves.
 */
export function WelcomeApp() {
  const [grant, setGrant] = useState<GrantState>({ kind: 'idle' });

  async function askForCamera() {
    setGrant({ kind: 'asking' });
    const opened = await openCamera();
    if (opened.ok) {
      stopCamera(opened.stream);
      setGrant({ kind: 'granted' });
    } else {
      setGrant({ kind: 'failed', problem: opened.problem });
    }
  }

  return (
    <main class="welcome">
      <h1>{t('welcomeTitle')}</h1>
      <p>{t('welcomeIntro')}</p>
      <p>{t('welcomePrivacy')}</p>
      <button type="button" onClick={() => void askForCamera()} disabled={grant.kind === 'asking'} data-testid="allow-camera">
        {t('welcomeAllowCamera')}
      </button>
      <p role="status" aria-live="polite" data-testid="camera-result">
        {grant.kind === 'granted' && t('welcomeCameraReady')}
        {grant.kind === 'failed' && failureText(grant.problem)}
      </p>
    </main>
  );
}
