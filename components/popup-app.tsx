import { useEffect, useRef, useState } from 'preact/hooks';
import { FaceBoxOverlay } from './face-box-overlay';
import { cameraProblemText, isFixedOnWelcomePage } from './camera-status';
import { KeyHints } from './key-hints';
import { EXPRESSION_CLASSES, ResultCard } from './result-card';
import { useExampleSource, type ExampleState } from './use-example-source';
import { useLiveSource, type CameraState } from './use-live-source';
import { useReindexProgress } from './use-reindex-progress';
import { t } from '@/lib/i18n';
import { RESULT_SLOTS, type LiveSnapshot } from '@/lib/match/live-session';
import { createShownMemeCache, type ShownMeme } from '@/lib/match/shown-meme';
import { sameExpressionPercent, topExpression } from '@/lib/match/expression-words';
import { popupKeyAction } from '@/lib/match/popup-keys';

const VIEW = { width: 320, height: 240 };

/** inserted: the page has it; copied: only the clipboard has it and nobody told the user yet. */
export type ChooseOutcome = 'inserted' | 'copied' | 'failed';

interface Props {
  /**
   * Inserts the chosen meme where the user was typing (the popup closes when the page has it).
   * Must start synchronously inside the key or click handler: its clipboard fallback needs the gesture.
   */
  onChoose(meme: ShownMeme): Promise<ChooseOutcome>;
  /** An image URL from "Find memes like this face"; the camera stays off then. */
  exampleUrl?: string;
}

function cameraStatus(camera: CameraState, snapshot: LiveSnapshot | undefined, frozen: boolean): string {
  if (camera.kind === 'starting') return t('statusStarting');
  if (camera.kind === 'problem') return cameraProblemText(camera.problem);
  if (camera.kind === 'error') return t('statusError', camera.message);
  if (frozen) return t('statusFrozen');
  if (!snapshot) return t('statusModelLoading');
  if (snapshot.faces.length === 0) return t('statusLooking');
  return snapshot.faces.length === 1 ? t('statusFaceFound') : t('statusFacesFound', snapshot.faces.length);
}

function exampleStatus(example: ExampleState): string {
  if (example.kind === 'loading') return t('exampleLoading');
  if (example.kind === 'failed') return example.reason === 'no-face' ? t('exampleNoFace') : t('exampleFailed', example.detail || example.reason);
  return example.snapshot.faces.length === 1 ? t('statusFaceFound') : t('statusFacesFound', example.snapshot.faces.length);
}

export function PopupApp({ onChoose, exampleUrl }: Props) {
  const live = useLiveSource(!exampleUrl);
  const example = useExampleSource(exampleUrl);
  const snapshot = exampleUrl ? (example.kind === 'done' ? example.snapshot : undefined) : live.snapshot;
  const frozen = !exampleUrl && live.frozen;

  const [shown, setShown] = useState<ShownMeme[]>([]);
  const [selected, setSelected] = useState(0);
  const [chosen, setChosen] = useState<ChooseOutcome>();

  // Result memes are read from IndexedDB in order, so an older, slower read never wins; a read
  // that fails is passed over, or every later one would wait on it and the results freeze.
  const [memes] = useState(createShownMemeCache);
  const [reads] = useState(() => ({ last: Promise.resolve() }));
  useEffect(() => {
    const results = snapshot?.results ?? [];
    reads.last = reads.last
      .then(() => memes.resolve(results))
      .then(setShown, (error: unknown) => console.warn('Meme Mirror: could not read the results to show:', error));
  }, [snapshot?.results]);
  useEffect(() => () => memes.clear(), []);
  // Effects run after the paint: the cards are on screen, and the live loop may take frames again.
  useEffect(() => {
    if (shown.length > 0) live.resultsShown();
  }, [shown]);

  const choose = (meme: ShownMeme | undefined) => {
    if (!meme) return;
    setChosen(undefined);
    void onChoose(meme).then(setChosen, () => setChosen('failed'));
  };

  // The key listener reads the last render, not the one it was added in: effects run a frame
  // after the DOM changes, and a key pressed in between would act on the results before these.
  const onScreen = useRef({ shown, selected, choose, toggleFrozen: live.toggleFrozen });
  onScreen.current = { shown, selected, choose, toggleFrozen: live.toggleFrozen };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { shown, selected, choose, toggleFrozen } = onScreen.current;
      const action = popupKeyAction(event.key, shown.length);
      if (!action) return;
      event.preventDefault();
      if (action.kind === 'insert') choose(shown[action.slot ?? selected]);
      else if (action.kind === 'select') setSelected((current) => (current + action.step + shown.length) % shown.length);
      else if (action.kind === 'freeze') toggleFrozen();
      else window.close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const problem = !exampleUrl && live.camera.kind === 'problem' ? live.camera.problem : undefined;
  const reindex = useReindexProgress();
  const libraryEmpty = snapshot?.librarySize === 0 && !reindex;
  const top = shown[0];
  const topChance = top && sameExpressionPercent(top.score);
  const yourWord = topExpression(snapshot?.you, EXPRESSION_CLASSES);
  return (
    <main class="popup">
      <div class={frozen ? 'preview frozen' : 'preview'} style={{ width: `${VIEW.width}px`, height: `${VIEW.height}px` }}>
        {exampleUrl ? (
          <img class="example" src={exampleUrl} alt={t('exampleLabel')} />
        ) : (
          <video ref={live.videoRef} class="mirrored" muted playsInline aria-label={t('previewLabel')} />
        )}
        {snapshot && (
          <FaceBoxOverlay
            faces={snapshot.faces}
            frame={snapshot.frame}
            view={VIEW}
            primary={snapshot.primary}
            mirrored={!exampleUrl}
            fit={exampleUrl ? 'contain' : 'cover'}
          />
        )}
        {frozen && (
          <span class="frozen-badge" aria-hidden="true" data-testid="frozen-badge">
            {t('frozenBadge')}
          </span>
        )}
      </div>
      <p class="status" role="status" aria-live="polite" data-testid="status">
        {exampleUrl ? exampleStatus(example) : cameraStatus(live.camera, snapshot, frozen)}
      </p>
      {chosen === 'failed' && (
        <p class="insert-failed" role="alert" data-testid="insert-failed">
          {t('insertFailed')}
        </p>
      )}
      {chosen === 'copied' && (
        <p role="alert" data-testid="insert-copied">
          {t('insertCopied')}
        </p>
      )}
      {problem && isFixedOnWelcomePage(problem) && (
        <button type="button" onClick={() => void chrome.tabs.create({ url: chrome.runtime.getURL('/welcome.html') })}>
          {t('openWelcome')}
        </button>
      )}
      {reindex && (
        <p class="library-updating" role="status" data-testid="library-updating">
          {t('libraryUpdating', reindex.done, reindex.total)}
        </p>
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
      {shown.length > 0 && yourWord && (
        <p class="you-expression" data-testid="you-expression">
          {t('youLook', t(yourWord))}
        </p>
      )}
      {shown.length > 0 && (
        <ol class="results" aria-label={t('resultsLabel')} data-testid="results">
          {shown.slice(0, RESULT_SLOTS).map((meme, slot) => (
            <ResultCard key={meme.memeId} meme={meme} slot={slot} selected={slot === selected} onChoose={() => choose(meme)} />
          ))}
        </ol>
      )}
      <p class="visually-hidden" aria-live="polite" data-testid="announce-top">
        {top ? (topChance === undefined ? t('announceTopTitle', top.title) : t('announceTop', top.title, topChance)) : ''}
      </p>
      {/* Keys act on results: with nothing in the library there is nothing for them to do. */}
      {!libraryEmpty && <KeyHints frozen={frozen} />}
      <button type="button" class="link-button" onClick={() => void chrome.runtime.openOptionsPage()} data-testid="open-library">
        {t('optionsOpenLibrary')}
      </button>
    </main>
  );
}
