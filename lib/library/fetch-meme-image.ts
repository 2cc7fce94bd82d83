import { MAX_IMAGE_BYTES } from './image-format';
import type { IngestOutcome } from './ingest-outcome';

export type FetchedImage =
  | { ok: true; blob: Blob }
  | Extract<IngestOutcome, { reason: 'http-error' | 'network-error' | 'too-large' | 'timeout' }>;

/**
 * A download gives up after this long without a byte (no answer, or a body that stalls): a slow
 * download that keeps sending is not cut off, a server that never answers is.
 */
export const FETCH_IDLE_TIMEOUT_MS = 20_000;

/**
 * Downloads an image without cookies, stopping as soon as it passes the size limit, or when the
 * server sends nothing for `idleTimeoutMs`. Cross-origin images need CORS or host access: the
 * context-menu click grants activeTab for the page's origin.
 */
export async function fetchMemeImage(url: string, signal?: AbortSignal, idleTimeoutMs = FETCH_IDLE_TIMEOUT_MS): Promise<FetchedImage> {
  const idle = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stillAlive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleTimeoutMs);
  };
  const timedOut = (): FetchedImage => ({ ok: false, reason: 'timeout', seconds: Math.round(idleTimeoutMs / 1000) });
  stillAlive();
  try {
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'omit', signal: signal ? AbortSignal.any([signal, idle.signal]) : idle.signal });
    } catch (error) {
      if (idle.signal.aborted) return timedOut();
      return { ok: false, reason: 'network-error', detail: error instanceof Error ? error.message : String(error) };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: 'http-error', status: response.status };
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_IMAGE_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: 'too-large', bytes: declared };
    }
    if (!response.body) return { ok: true, blob: await response.blob() };

    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        stillAlive();
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > MAX_IMAGE_BYTES) {
          await reader.cancel();
          return { ok: false, reason: 'too-large', bytes: total };
        }
        chunks.push(value);
      }
    } catch (error) {
      if (idle.signal.aborted) return timedOut();
      return { ok: false, reason: 'network-error', detail: error instanceof Error ? error.message : String(error) };
    } finally {
      reader.releaseLock();
    }
    return { ok: true, blob: new Blob(chunks as BlobPart[]) };
  } finally {
    clearTimeout(timer);
  }
}
