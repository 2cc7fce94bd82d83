import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { countImports, type MemeRecord } from '@/lib/memes-db/memes-db';
import { sendMessage } from '@/lib/messaging/protocol';
import { jobsForFiles, jobsForStarterPack, queueImports, startLibraryWork, type PickedFile } from '@/lib/library/bulk-import';
import { listenToLibrary, type ImportProgress, type ReindexProgress } from '@/lib/library/library-channel';
import { exportLibraryZip } from '@/lib/library/library-zip';
import { portableTaughtFace } from '@/lib/library/teach-face';
import { deleteEverything } from '@/lib/library/delete-everything';
import { deleteMemeFromLibrary, filterMemes, formatBytes, loadLibraryView, loadNewestMemes, mergeLibraryView, readLibraryChanges, type LibraryView } from '@/lib/library/library-view';
import { renameMeme } from '@/lib/library/meme-title';
import { needsThumbnail, requestThumbnails } from '@/lib/library/thumbnail-backfill';
import { fetchStarterPack, starterPackOrigins, starterPackUrl } from '@/lib/library/starter-pack';
import { MemeGrid } from './meme-grid';
import { ImportStatus, ReindexStatus } from './import-status';
import { TeachDialog } from './teach-dialog';
import { ShortcutSettings } from '../shortcut-settings';

interface MemeChanges {
  changed: Set<string>;
  removed: Set<string>;
}
const noChanges = (): MemeChanges => ({ changed: new Set(), removed: new Set() });

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** More than the grid shows at once on a tall screen, with the rows it renders around them. */
const FIRST_SCREEN_MEMES = 60;

/** The library page: grid, filter, delete, storage, bulk import, export, starter pack, re-index. */
export function LibraryApp() {
  const [view, setView] = useState<LibraryView>();
  // The grid shows these until `view` (every record) is read; the count and the buttons that act on
  // the whole library wait for `view`.
  const [firstScreen, setFirstScreen] = useState<Pick<LibraryView, 'memes' | 'facesByMeme'>>();
  const [filter, setFilter] = useState('');
  const [notice, setNotice] = useState('');
  const [importProgress, setImportProgress] = useState<ImportProgress>();
  const [reindexProgress, setReindexProgress] = useState<ReindexProgress>();
  const [starterUrl, setStarterUrl] = useState<string>();
  /** The meme the teach dialog is open for. */
  const [teaching, setTeaching] = useState<MemeRecord>();
  const reloadTimer = useRef<number>();
  /** Memes named by change events since the grid was last brought up to date. */
  const pendingChanges = useRef<MemeChanges>(noChanges());
  /** Memes named while a full read is in flight: its snapshot may predate them, so they are read again after it. */
  const heardDuringReads = useRef(new Set<MemeChanges>());

  /** Brings the view up to date with the memes events named, reading only those. */
  const applyChanges = () => {
    const { changed, removed } = pendingChanges.current;
    pendingChanges.current = noChanges();
    // Before the first full read lands there is nothing to merge into: that read, or the
    // changes heard during it, bring these memes.
    void readLibraryChanges(changed, removed).then(
      ({ fresh, gone }) => setView((current) => current && mergeLibraryView(current, fresh, gone)),
      (error: unknown) => setNotice(errorText(error)),
    );
  };

  /** Imports add memes in bursts: the view is brought up to date at most about once a second. */
  const noteChanges = (added: readonly string[], removed: readonly string[]) => {
    for (const changes of [pendingChanges.current, ...heardDuringReads.current]) {
      added.forEach((id) => changes.changed.add(id));
      removed.forEach((id) => changes.removed.add(id));
    }
    if (reloadTimer.current === undefined) {
      reloadTimer.current = window.setTimeout(() => {
        reloadTimer.current = undefined;
        applyChanges();
      }, 1000);
    }
  };

  const reload = () => {
    const heard = noChanges();
    heardDuringReads.current.add(heard);
    void loadLibraryView()
      .then(setView, (error: unknown) => setNotice(errorText(error)))
      .finally(() => {
        heardDuringReads.current.delete(heard);
        if (heard.changed.size + heard.removed.size > 0) noteChanges([...heard.changed], [...heard.removed]);
      });
  };

  useEffect(() => {
    // Read first and alone: behind the full read, IndexedDB would answer it only after that one.
    // A failure here is the full read's to report.
    void loadNewestMemes(FIRST_SCREEN_MEMES)
      .then(setFirstScreen, () => undefined)
      .finally(reload);
    void starterPackUrl.getValue().then(setStarterUrl);
    // Unfinished imports (browser closed mid-way): show them and make sure they run.
    void countImports().then((counts) => {
      if (counts.pending > 0) void startLibraryWork().catch((error: unknown) => setNotice(errorText(error)));
    });
    const life = new AbortController();
    listenToLibrary((event) => {
      if (event.type === 'import-progress') {
        setImportProgress(event.progress);
        // The summary replaces the "queued" notice once the import ends; a run that found the
        // queue empty (nothing new was queued) leaves the notice that says so.
        if (!event.progress.running && event.progress.handled + event.progress.pending > 0) setNotice('');
      }
      else if (event.type === 'reindex-progress') setReindexProgress(event.progress);
      else if (event.type === 'memes-changed') noteChanges(event.added, event.removed);
      else reload();
    }, life.signal);
    return () => {
      life.abort();
      window.clearTimeout(reloadTimer.current);
    };
  }, []);

  /** Memes this page has asked thumbnails for: each is asked once a page load. */
  const thumbnailsAsked = useRef(new Set<string>());
  useEffect(() => {
    const lacking = (view?.memes ?? []).filter((meme) => needsThumbnail(meme) && !thumbnailsAsked.current.has(meme.id)).map((meme) => meme.id);
    if (lacking.length === 0) return;
    lacking.forEach((id) => thumbnailsAsked.current.add(id));
    // The cards show the files meanwhile: a failure here costs speed, not a picture.
    void requestThumbnails(lacking).catch((error: unknown) => console.warn('Meme Mirror: thumbnails not asked for:', errorText(error)));
  }, [view]);

  const listed = view ?? firstScreen;
  const importing = importProgress?.running === true;
  const shown = useMemo(() => filterMemes(listed?.memes ?? [], filter), [listed, filter]);
  const memesById = useMemo(() => new Map((listed?.memes ?? []).map((meme) => [meme.id, meme])), [listed]);
  const facesByMeme = listed?.facesByMeme ?? new Map();

  function closeTeaching(message?: string) {
    setTeaching(undefined);
    if (message) {
      setNotice(message);
      reload();
    }
  }

  /** The progress line counts what was queued; a notice is needed only when nothing was. */
  async function queueImportsOrSayNone(jobs: Parameters<typeof queueImports>[0]) {
    const queued = await queueImports(jobs);
    setNotice(queued === 0 ? t('optionsImportQueued', 0) : '');
  }

  async function importFiles(files: FileList | null) {
    if (!files?.length) return;
    try {
      const picked = [...files] as PickedFile[];
      const jobs = await jobsForFiles(picked, crypto.randomUUID());
      if (jobs.length === 0) return setNotice(t('optionsZipEmpty', picked.map((file) => file.name).join(', ')));
      await queueImportsOrSayNone(jobs);
    } catch (error) {
      setNotice(errorText(error));
    }
  }

  async function addStarterPack() {
    const listUrl = starterUrl ?? (await starterPackUrl.getValue());
    try {
      // Asked first, while the click still counts as a user gesture.
      const origins = starterPackOrigins(listUrl);
      if (origins.length > 0 && !(await browser.permissions.request({ origins }))) return setNotice(t('optionsStarterDenied'));
      const have = new Set(view?.memes.map((meme) => meme.sourceUrl));
      const memes = (await fetchStarterPack(listUrl)).filter((meme) => !have.has(meme.url));
      await queueImportsOrSayNone(jobsForStarterPack(memes));
    } catch (error) {
      setNotice(t('optionsStarterFailed', errorText(error)));
    }
  }

  async function exportAll() {
    const memes = view?.memes ?? [];
    const taught = [...(view?.facesByMeme.values() ?? [])].flat().filter((face) => face.taught !== undefined);
    const bytes = await exportLibraryZip(memes, new Map(taught.map((face) => [face.memeId, portableTaughtFace(face)])));
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `meme-mirror-${new Date().toISOString().slice(0, 10)}.zip`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async function rename(meme: MemeRecord, title: string) {
    try {
      await renameMeme(meme.id, title);
      reload();
    } catch (error) {
      setNotice(errorText(error));
    }
  }

  async function remove(meme: MemeRecord) {
    await deleteMemeFromLibrary(meme.id);
    reload();
  }

  /** Memes, faces, the import queue and every setting, after one confirmation. */
  async function removeEverything() {
    if (!window.confirm(t('optionsDeleteEverythingConfirm', view?.memes.length ?? 0))) return;
    try {
      await deleteEverything();
      setImportProgress(undefined);
      void starterPackUrl.getValue().then(setStarterUrl);
      reload();
      setNotice(t('optionsEverythingDeleted'));
    } catch (error) {
      setNotice(errorText(error));
    }
  }

  async function reindex() {
    try {
      const ready = await sendMessage('ensureOffscreen', undefined);
      if (!ready.ok) throw new Error(ready.reason);
      await sendMessage('reindexLibrary', { all: true });
    } catch (error) {
      setNotice(errorText(error));
    }
  }

  return (
    <main class="library">
      <header class="library-header">
        <h1>{t('optionsTitle')}</h1>
        <ShortcutSettings />
        {view && (
          <p data-testid="library-summary">
            {t('optionsSummary', view.memes.length, view.faceCount, formatBytes(view.imageBytes, chrome.i18n.getUILanguage()))}
          </p>
        )}
      </header>

      <section class="library-actions" aria-label={t('optionsActionsLabel')}>
        <label class="file-button primary">
          {t('optionsImportFiles')}
          <input type="file" multiple accept="image/*,.zip,application/zip" data-testid="import-files" onChange={(event) => void importFiles(event.currentTarget.files)} />
        </label>
        <label class="file-button primary">
          {t('optionsImportFolder')}
          <input
            type="file"
            multiple
            {...{ webkitdirectory: true }}
            data-testid="import-folder"
            onChange={(event) => void importFiles(event.currentTarget.files)}
          />
        </label>
        <button type="button" class="secondary" onClick={() => void addStarterPack()} data-testid="starter-pack">
          {t('optionsStarterPack')}
        </button>
        <button type="button" class="secondary" onClick={() => void exportAll()} disabled={!view?.memes.length} data-testid="export">
          {t('optionsExport')}
        </button>
        <button type="button" class="secondary" onClick={() => void reindex()} disabled={!view?.faceCount} data-testid="reindex">
          {t('optionsReindex')}
        </button>
      </section>

      <ImportStatus
        progress={importProgress}
        onCancel={() => void sendMessage('cancelImports', undefined).catch(() => undefined)}
        memes={memesById}
        facesByMeme={facesByMeme}
        onTeach={setTeaching}
      />
      {teaching && <TeachDialog meme={teaching} onClose={closeTeaching} />}
      <ReindexStatus progress={reindexProgress} />
      {notice && (
        <p class="library-notice" role="status" data-testid="library-notice">
          {notice}
        </p>
      )}

      <label class="library-filter">
        {t('optionsFilterLabel')}
        <input type="search" value={filter} onInput={(event) => setFilter(event.currentTarget.value)} data-testid="filter" />
      </label>

      {/* Until every record is read, a filter can only search the first screen: say so. */}
      {!view && filter && listed && (
        <p role="status" data-testid="filter-partial">
          {t('optionsFilterPartial', String(listed.memes.length))}
        </p>
      )}
      {view && view.memes.length === 0 && !importing && <p data-testid="library-empty">{t('optionsEmpty')}</p>}
      {view && view.memes.length > 0 && shown.length === 0 && <p>{t('optionsNoMatch', filter)}</p>}
      <MemeGrid
        memes={shown}
        facesByMeme={facesByMeme}
        onDelete={(meme) => void remove(meme)}
        onRename={(meme, title) => void rename(meme, title)}
        onTeach={setTeaching}
      />

      {/* Apart from the everyday actions, so a slip of the mouse never lands on it. */}
      <section class="danger-zone" aria-labelledby="danger-zone-heading" data-testid="danger-zone">
        <h2 id="danger-zone-heading">{t('optionsDangerZone')}</h2>
        <p>{t('optionsDeleteEverythingHint')}</p>
        <button type="button" class="danger" onClick={() => void removeEverything()} data-testid="delete-everything">
          {t('optionsDeleteEverything')}
        </button>
      </section>
    </main>
  );
}
