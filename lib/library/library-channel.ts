/**
 * Library news between extension pages (same origin, structured clone): whoever changes the
 * library announces it, and the offscreen search index and the options page follow.
 */
export const LIBRARY_CHANNEL = 'meme-mirror/library';

export interface ImportProgress {
  running: boolean;
  /** Jobs handled in the queue so far (added, duplicate, no face, failed…), and still waiting. */
  handled: number;
  pending: number;
  /** Count per outcome code ('added', 'duplicate', 'no-face', …). */
  outcomes: Record<string, number>;
  /** Images per second (at the steady pace once known) and the time left at that pace, once known. */
  ratePerSecond: number;
  secondsLeft: number | undefined;
  /**
   * Images of this run kept without a face, in the order handled (at most MAX_LISTED_WITHOUT_FACE;
   * the `no-face` outcome counts them all). Sent with the last report only: the summary lists them
   * for teaching.
   */
  withoutFace?: ImageWithoutFace[];
}

/** An image the import stored without a face: the user sees its name and thumbnail, and can teach it. */
export interface ImageWithoutFace {
  /** The file's path in the picked folder or zip, or the title or URL of a web image. */
  name: string;
  memeId: string;
}

export interface ReindexProgress {
  running: boolean;
  done: number;
  total: number;
  modelVersion: string;
}

export type LibraryEvent =
  | { type: 'memes-changed'; added: string[]; removed: string[] }
  | { type: 'library-cleared' }
  | { type: 'import-progress'; progress: ImportProgress }
  | { type: 'reindex-progress'; progress: ReindexProgress };

export function isLibraryEvent(value: unknown): value is LibraryEvent {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Posts one event and closes the channel. */
export function announceLibraryEvent(event: LibraryEvent): void {
  const channel = new BroadcastChannel(LIBRARY_CHANNEL);
  channel.postMessage(event);
  channel.close();
}

/** Calls `listener` for each library event until the signal aborts. */
export function listenToLibrary(listener: (event: LibraryEvent) => void, signal: AbortSignal): void {
  const channel = new BroadcastChannel(LIBRARY_CHANNEL);
  channel.onmessage = (message: MessageEvent<unknown>) => {
    if (isLibraryEvent(message.data)) listener(message.data);
  };
  signal.addEventListener('abort', () => channel.close(), { once: true });
}
