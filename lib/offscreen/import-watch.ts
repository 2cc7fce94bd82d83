import { countImports } from '../memes-db/memes-db';
import { ensureOffscreenDocument, hasOffscreenDocument } from './offscreen-document';

/**
 * The offscreen document works through the import queue by itself, but the browser can close it
 * (or it can crash) while the service worker sleeps and no extension page is open; then nothing
 * would wake to recreate it. In MV3 an alarm is the one thing that wakes a sleeping worker on its
 * own, so this alarm exists exactly while the queue has pending jobs: an idle extension is never
 * woken, and an interrupted import goes on within one period.
 */
export const IMPORT_WATCH_ALARM = 'meme-mirror/import-watch';

/** Chrome's shortest alarm period (30 s since Chrome 120). */
const WATCH_PERIOD_MINUTES = 0.5;

/** Starts watching the queue (called whenever jobs are queued or found pending). */
export async function watchImportQueue(): Promise<void> {
  // Re-creating a named alarm would push its next check back by a whole period.
  if (await browser.alarms.get(IMPORT_WATCH_ALARM)) return;
  await browser.alarms.create(IMPORT_WATCH_ALARM, { periodInMinutes: WATCH_PERIOD_MINUTES });
}

/**
 * Service-worker side, on the alarm and at browser start: pending jobs with no offscreen document
 * to run them get one (its library service resumes the queue as it starts); a drained queue ends
 * the watch.
 */
export async function checkImportQueue(): Promise<void> {
  if ((await countImports()).pending === 0) {
    await browser.alarms.clear(IMPORT_WATCH_ALARM);
    // Jobs queued between that count and the clear would go unwatched: count once more.
    if ((await countImports()).pending === 0) return;
  }
  await watchImportQueue();
  if (!(await hasOffscreenDocument())) await ensureOffscreenDocument();
}
