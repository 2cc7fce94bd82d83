import { useEffect, useRef, useState } from 'preact/hooks';
import { FaceBoxOverlay } from './face-box-overlay';
import { cameraProblemText, isFixedOnWelcomePage } from './camera-status';
import { t } from '@/lib/i18n';
import { sendMessage } from '@/lib/messaging/protocol';
import { cameraPermission, openCamera, stopCamera, type CameraProblem } from '@/lib/vision/camera';
import { largestFace, type FaceBox } from '@/lib/vision/face-box';
import { trackLiveFaces } from '@/lib/vision/live-faces';

const VIEW = { width: 320, height: 240 };

type PopupState =
  | { kind: 'starting' }
  | { kind: 'camera-problem'; problem: CameraProblem }
  | { kind: 'live'; faces: FaceBox[]; frame: { width: number; height: number } | undefined; answered: boolean }
  | { kind: 'error'; message: string };

function statusText(state: PopupState): string {
  switch (state.kind) {
    case 'starting':
      return t('statusStarting');
    case 'camera-problem':
      return cameraProblemText(state.problem);
    case 'error':
      return t('statusError', state.message);
    case 'live':
      if (!state.answered) return t('statusModelLoading');
      if (state.faces.length === 0) return t('statusLooking');
      return state.faces.length === 1 ? t('statusFaceFound') : t('statusFacesFound', state.faces.length);
  }
}

export function PopupApp() {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<PopupState>({ kind: 'starting' });

  useEffect(() => {
    const controller = new AbortController();
    let stream: MediaStream | undefined;
    void (async () => {
      void sendMessage('ensureOffscreen', undefined).catch((error: unknown) =>
        setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
      const permission = await cameraPermission();
      if (permission === 'denied') return setState({ kind: 'camera-problem', problem: 'blocked' });
      const opened = await openCamera();
      if (controller.signal.aborted) return stopCamera(opened.ok ? opened.stream : undefined);
      if (!opened.ok) return setState({ kind: 'camera-problem', problem: opened.problem });
      stream = opened.stream;
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      stream.getVideoTracks()[0]?.addEventListener('ended', () => setState({ kind: 'camera-problem', problem: 'ended' }));
      await video.play();
      setState({ kind: 'live', faces: [], frame: undefined, answered: false });
      trackLiveFaces(
        video,
        {
          onResult: (result, frame) => setState({ kind: 'live', faces: result.faces, frame, answered: true }),
          onError: (reason) => setState({ kind: 'error', message: reason }),
        },
        controller.signal,
      );
    })();
    // Closing the popup tears the document down; stopping here also covers a remount.
    const stop = () => {
      controller.abort();
      stopCamera(stream);
    };
    window.addEventListener('pagehide', stop);
    return () => {
      window.removeEventListener('pagehide', stop);
      stop();
    };
  }, []);

  const live = state.kind === 'live' ? state : undefined;
  const problem = state.kind === 'camera-problem' ? state.problem : undefined;
  return (
    <main class="popup">
      <div class="preview" style={{ width: `${VIEW.width}px`, height: `${VIEW.height}px` }}>
        <video ref={videoRef} class="mirrored" muted playsInline aria-label={t('previewLabel')} />
        {live?.frame && (
          <FaceBoxOverlay faces={live.faces} frame={live.frame} view={VIEW} primary={largestFace(live.faces)} />
        )}
      </div>
      <p class="status" role="status" aria-live="polite" data-testid="status">
        {statusText(state)}
      </p>
      {problem && isFixedOnWelcomePage(problem) && (
        <button type="button" onClick={() => void chrome.tabs.create({ url: chrome.runtime.getURL('/welcome.html') })}>
          {t('openWelcome')}
        </button>
      )}
    </main>
  );
}
