import { t } from '../i18n';
import { clearImports, countImports, enqueueImports, listMemes, type ImportJob } from '../memes-db/memes-db';
import { sendMessage } from '../messaging/protocol';
import { watchImportQueue } from '../offscreen/import-watch';
import { readLibraryZip } from './library-zip';
import { parseSidecar, sidecarEntryFor, SIDECAR_NAMES } from './import-sidecar';
import type { StarterMeme } from './starter-pack';

type NewJob = Omit<ImportJob, 'id' | 'state' | 'enqueuedAt'>;

/** A file picked by the user, possibly from a folder (webkitRelativePath). */
export interface PickedFile {
  name: string;
  type?: string;
  size: number;
  lastModified: number;
  webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  slice(): Blob;
}

const isZip = (file: PickedFile) => /\.zip$/i.test(file.name);
/** Picked folders hold other files too (a CSV, a licence): only images and zips are queued. */
const isImageFile = (file: PickedFile) => file.type?.startsWith('image/') || /\.(jpe?g|png|webp|gif|avif|bmp)$/i.test(file.name);

const isSidecar = (file: PickedFile) => SIDECAR_NAMES.includes(file.name.toLowerCase());

/**
 * Queue entries for picked files; a .zip is opened and its images queued one by one. A sidecar
 * picked with the images (manifest.json, index.csv) gives them their titles and sources.
 */
export async function jobsForFiles(files: readonly PickedFile[], batchId: string): Promise<NewJob[]> {
  const jobs: NewJob[] = [];
  const sidecars = await Promise.all(
    files.filter(isSidecar).map(async (file) => ({
      path: file.webkitRelativePath || file.name,
      entries: parseSidecar(file.name, new TextDecoder().decode(await file.arrayBuffer())),
    })),
  );
  for (const file of files) {
    const path = file.webkitRelativePath || file.name;
    if (isZip(file)) {
      for (const image of await readLibraryZip(new Uint8Array(await file.arrayBuffer()))) {
        jobs.push({
          batchId,
          itemKey: `${path}!${image.path}`,
          source: {
            kind: 'file',
            blob: image.blob,
            name: image.path,
            ...(image.title !== undefined ? { title: image.title } : {}),
            ...(image.sourceUrl !== undefined ? { sourceUrl: image.sourceUrl } : {}),
            ...(image.pageUrl !== undefined ? { pageUrl: image.pageUrl } : {}),
            ...(image.addedAt !== undefined ? { addedAt: image.addedAt } : {}),
            ...(image.taughtFace ? { taughtFace: image.taughtFace } : {}),
          },
        });
      }
      continue;
    }
    if (!isImageFile(file)) continue;
    const described = sidecarEntryFor(path, sidecars);
    jobs.push({ batchId, itemKey: `${path}:${file.size}:${file.lastModified}`, source: { kind: 'file', blob: file.slice(), name: file.name, ...described } });
  }
  return jobs;
}

export function jobsForStarterPack(memes: readonly StarterMeme[]): NewJob[] {
  // One batch for the starter pack: pressing the button twice queues nothing new.
  return memes.map((meme) => ({ batchId: 'starter-pack', itemKey: meme.url, source: { kind: 'url', url: meme.url, title: meme.name } }));
}

/**
 * Makes sure the offscreen document runs and tells it to work through the queue; the service
 * worker watches the queue from now on, so the work goes on if the document is closed after
 * this page is gone.
 */
export async function startLibraryWork(): Promise<void> {
  await watchImportQueue();
  const ready = await sendMessage('ensureOffscreen', undefined);
  if (!ready.ok) throw new Error(ready.reason);
  await sendMessage('runLibraryWork', undefined);
}

/**
 * URL jobs whose image the library already has (a meme with that source URL): a second press of
 * "Add the starter pack" downloads only the templates that did not make it in. Read from
 * IndexedDB at queue time, not from what the options page shows: that list is redrawn at most
 * once a second, so right after an import it lacked the last memes, and those were downloaded and
 * queued again (the summary then counted them "already there": 45 where 37 were expected).
 */
async function withoutStoredUrls(jobs: readonly NewJob[]): Promise<NewJob[]> {
  if (!jobs.some((job) => job.source.kind === 'url')) return [...jobs];
  const stored = new Set((await listMemes()).map((meme) => meme.sourceUrl));
  return jobs.filter((job) => job.source.kind !== 'url' || !stored.has(job.source.url));
}

/**
 * Queues jobs and starts the work; returns how many new images were queued, the total the
 * summary counts. A finished earlier import is cleared first, so progress and summary count this
 * import only.
 */
export async function queueImports(jobs: readonly NewJob[]): Promise<number> {
  const fresh = await withoutStoredUrls(jobs);
  if ((await countImports()).pending === 0) await clearImports();
  let added: number;
  try {
    added = await enqueueImports(fresh);
  } catch (error) {
    // Its message is empty: shown as it is, the user saw nothing at all.
    if (isQuotaExceeded(error)) throw new Error(t('libraryStorageFull'));
    throw error;
  }
  await startLibraryWork();
  return added;
}

/** IndexedDB refuses a write past the browser's storage quota with a QuotaExceededError (no message). */
export function isQuotaExceeded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'QuotaExceededError';
}
