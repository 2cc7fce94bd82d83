import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { openCamera, stopCamera, type CameraProblem } from '@/lib/vision/camera';
import { useActionShortcut } from './use-action-shortcut';

type GrantState = { kind: 'idle' } | { kind: 'asking' } | { kind: 'granted' } | { kind: 'failed'; problem: CameraProblem };

function failureText(problem: CameraProblem): string {
  if (problem === 'missing') return t('welcomeNoCamera');
  if (problem === 'busy') return t('welcomeCameraBusy');
  return t('welcomeCameraDenied', `chrome://settings/content/siteDetails?site=${encodeURIComponent(location.origin)}`);
}

/**
 * The first screen after install: what the product does (a real popup screenshot), then the three
 * things a new user needs, in order: the camera (the one visible page of the extension's origin
 * that can show Chrome's prompt; the grant then holds for the popup and the offscreen document),
 * memes in the collection (else the first popup is empty), and how to open it (Chrome hides a new
 * extension's icon until it is pinned).
 */
export function WelcomeApp() {
  const [grant, setGrant] = useState<GrantState>({ kind: 'idle' });
  const shortcut = useActionShortcut();

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
      <img class="welcome-picture" src="/welcome/popup.png" width={344} height={500} alt={t('welcomePictureAlt')} />
      <ol class="welcome-steps">
        <li>
          <h2>{t('welcomeStepCamera')}</h2>
          <button type="button" onClick={() => void askForCamera()} disabled={grant.kind === 'asking'} data-testid="allow-camera">
            {t('welcomeAllowCamera')}
          </button>
          <p role="status" aria-live="polite" data-testid="camera-result">
            {grant.kind === 'granted' && t('welcomeCameraReady')}
            {grant.kind === 'failed' && failureText(grant.problem)}
          </p>
        </li>
        <li>
          <h2>{t('welcomeStepMemes')}</h2>
          <p>{t('welcomeMemesHow')}</p>
          <button type="button" class="secondary" onClick={() => void chrome.runtime.openOptionsPage()} data-testid="open-collection">
            {t('welcomeOpenCollection')}
          </button>
        </li>
        <li>
          <h2>{t('welcomeStepOpen')}</h2>
          <p data-testid="pin-hint">{shortcut ? t('welcomePinHint', shortcut) : t('welcomePinHintNoShortcut')}</p>
        </li>
      </ol>
      <p>{t('welcomePrivacy')}</p>
    </main>
  );
}
