import { useEffect, useRef, useState } from 'preact/hooks';
import { FaceBoxOverlay } from './face-box-overlay';
import { cameraProblemText, isFixedOnWelcomePage } from './camera-status';
import { KeyHints } from './key-hints';
import { ResultCard } from './result-card';
import { t } from '@/lib/i18n';
import { sendMessage } from '@/lib/messaging/protocol';
import { startLiveSession, RESULT_SLOTS, type LiveSession, type LiveSnapshot } from '@/lib/match/live-session';
import { createShownMemeCache, type ShownMeme } from '@/lib/match/shown-meme';
import { similarityPercent } from '@/lib/match/expression-words';
import { popupKeyAction } from '@/lib/match/popup-keys';
import { cameraPermission, openCamera, stopCamera, type CameraProblem } from '@/lib/vision/camera';

const VIEW = { width: 320, height: 240 };

type CameraState = { kind: 'starting' } | { kind: 'problem'; problem: CameraProblem } | { kind: 'live' } | { kind: 'error'; message: string };

interface Props {
  /**
   * Inserts the chosen meme where the user was typing (the popup closes when the page has it).
   * Must start synchronously inside the key or click handler: its clipboard fallback needs the gesture.
   */
  onChoose(meme: ShownMeme): Promise<{ ok: boolean }>;
}

function statusText(camera: CameraState, snapshot: LiveSnapshot | undefined, frozen: boolean): string {
  if (camera.kind === 'starting') return t('statusStarting');
  if (camera.kind === 'problem') return cameraProblemText(camera.problem);
  if (camera.kind === 'error') return t('statusError', camera.message);
  if (frozen) return t('statusFrozen');
  if (!snapshot) return t('statusModelLoading');
  if (snapshot.faces.length === 0) return t('statusLooking');
  return snapshot.faces.length === 1 ? t('statusFaceFound') : t('statusFacesFound', snapshot.faces.length);
}

export function PopupApp({ onChoose }: Props) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const sessionRef = useRef<LiveSession>();
  const [camera, setCamera] = useState<CameraState>({ kind: 'starting' });
  const [snapshot, setSnapshot] = useState<LiveSnapshot>();
  const [shown, setShown] = useState<ShownMeme[]>([]);
  const [selected, setSelected] = useState(0);
  const [frozen, setFrozen] = useState(false);
  const [insertFailed, setInsertFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const memes = createShownMemeCache();
    let stream: MediaStream | undefined;
    let resolving = Promise.resolve();
    void (async () => {
      const offscreen = sendMessage('ensureOffscreen', undefined);
      const permission = await cameraPermission();
      if (permission === 'denied') return setCamera({ kind: 'problem', problem: 'blocked' });
      const opened = await openCamera();
      if (controller.signal.aborted) return stopCamera(opened.ok ? opened.stream : undefined);
      if (!opened.ok) return setCamera({ kind: 'problem', problem: opened.problem });
      stream = opened.stream;
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      stream.getVideoTracks()[0]?.addEventListener('ended', () => setCamera({ kind: 'problem', problem: 'ended' }));
      await video.play();
      const ready = await offscreen.catch((error: unknown) => ({ ok: false as const, reason: String(error) }));
      if (!ready.ok) return setCamera({ kind: 'error', message: ready.reason });
      setCamera({ kind: 'live' });
      sessionRef.current = startLiveSession(
        video,
        {
          onSnapshot(next) {
            setSnapshot(next);
            // Resolve in order so an older, slower read never overwrites a newer one.
            resolving = resolving.then(async () => setShown(await memes.resolve(next.results)));
          },
          onError: (message) => setCamera({ kind: 'error', message }),
        },
        controller.signal,
      );
    })();
    const stop = () => {
      controller.abort();
      stopCamera(stream);
      memes.clear();
    };
    window.addEventListener('pagehide', stop);
    return () => {
      window.removeEventListener('pagehide', stop);
      stop();
    };
  }, []);

  const choose = (meme: ShownMeme | undefined) => {
    if (!meme) return;
    setInsertFailed(false);
    void onChoose(meme).then(
      (outcome) => setInsertFailed(!outcome.ok),
      () => setInsertFailed(true),
    );
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = popupKeyAction(event.key, shown.length);
      if (!action) return;
      event.preventDefault();
      if (action.kind === 'insert') choose(shown[action.slot ?? selected]);
      else if (action.kind === 'select') setSelected((current) => (current + action.step + shown.length) % shown.length);
      else if (action.kind === 'freeze') {
        const next = !frozen;
        sessionRef.current?.setFrozen(next);
        setFrozen(next);
      } else window.close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shown, selected, frozen]);

  const problem = camera.kind === 'problem' ? camera.problem : undefined;
  const libraryEmpty = snapshot?.librarySize === 0;
  const top = shown[0];
  return (
    <main class="popup">
      <div class="preview" style={{ width: `${VIEW.width}px`, height: `${VIEW.height}px` }}>
        <video ref={videoRef} class="mirrored" muted playsInline aria-label={t('previewLabel')} />
        {snapshot && <FaceBoxOverlay faces={snapshot.faces} frame={snapshot.frame} view={VIEW} primary={snapshot.primary} />}
      </div>
      <p class="status" role="status" aria-live="polite" data-testid="status">
        {statusText(camera, snapshot, frozen)}
      </p>
      {insertFailed && (
        <p class="insert-failed" role="alert" data-testid="insert-failed">
          {t('insertFailed')}
        </p>
      )}
      {problem && isFixedOnWelcomePage(problem) && (
        <button type="button" onClick={() => void chrome.tabs.create({ url: chrome.runtime.getURL('/welcome.html') })}>
          {t('openWelcome')}
        </button>
      )}
      {libraryEmpty && (
        <section class="empty-library" data-testid="library-empty">
          <p>{t('libraryEmpty')}</p>
          <p>{t('libraryEmptyHelp')}</p>
          <button type="button" onClick={() => void chrome.tabs.create({ url: chrome.runtime.getURL('/options.html#starter-pack') })}>
            {t('openStarterPack')}
          </button>
        </section>
      )}
      {shown.length > 0 && (
        <ol class="results" aria-label={t('resultsLabel')} data-testid="results">
          {shown.slice(0, RESULT_SLOTS).map((meme, slot) => (
            <ResultCard key={meme.memeId} meme={meme} slot={slot} selected={slot === selected} you={snapshot?.you} onChoose={() => choose(meme)} />
          ))}
        </ol>
      )}
      <p class="visually-hidden" aria-live="polite" data-testid="announce-top">
        {top ? t('announceTop', top.title, similarityPercent(top.score)) : ''}
      </p>
      <KeyHints frozen={frozen} />
    </main>
  );
}
