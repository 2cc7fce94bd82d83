import { isImageCutShort, MAX_IMAGE_BYTES, readImageHeader } from './image-format';
import type { IngestOutcome } from './ingest-outcome';

export type FetchedImage =
  | { ok: true; blob: Blob }
  | Extract<
      IngestOutcome,
      {
        reason:
          | 'http-error'
          | 'network-error'
          | 'not-shared'
          | 'redirect-loop'
          | 'page-only'
          | 'web-page'
          | 'download-cut'
          | 'incomplete'
          | 'too-large'
          | 'timeout';
      }
    >;

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
  const either = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
  stillAlive();
  try {
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'omit', signal: either });
    } catch (error) {
      if (idle.signal.aborted) return timedOut();
      if (signal?.aborted) return { ok: false, reason: 'network-error', detail: String(signal.reason) };
      stillAlive();
      const why = await whyFetchFailed(url, error, either);
      // The checks share the idle timeout: a server that stops answering during them timed out.
      return idle.signal.aborted ? timedOut() : why;
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

    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
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
        // Chromium reports a body shorter than its Content-Length as a bare "network error", and
        // may drop bytes it had received when it does: `total` is no count of what was sent.
        if (declared > total && !signal?.aborted) return { ok: false, reason: 'download-cut', declared };
        return { ok: false, reason: 'network-error', detail: error instanceof Error ? error.message : String(error) };
      } finally {
        reader.releaseLock();
      }
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    // A body shorter than the file: Chromium stops reading at a Content-Length that lies low.
    if (isImageCutShort(bytes)) return { ok: false, reason: 'incomplete', bytes: total };
    const isHttp = /^https?:/i.test(response.url || url);
    if (isHttp && !readImageHeader(bytes) && /^text\/html/i.test(response.headers.get('content-type') ?? '')) {
      return { ok: false, reason: 'web-page' };
    }
    return { ok: true, blob: new Blob([bytes]) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * fetch() says only "Failed to fetch" for a page's blob: URL, a site without CORS, a redirect loop
 * and a dead connection alike. Two cheap requests tell them apart: a no-cors request succeeds
 * when only CORS was missing, and a request that does not follow redirects shows whether the URL
 * redirects at all.
 */
async function whyFetchFailed(url: string, error: unknown, signal: AbortSignal): Promise<FetchedImage> {
  if (/^blob:/i.test(url)) return { ok: false, reason: 'page-only' };
  const answers = async (init: RequestInit) => {
    try {
      return await fetch(url, { ...init, credentials: 'omit', signal });
    } catch {
      return undefined;
    }
  };
  if (/^https?:/i.test(url)) {
    const opaque = await answers({ mode: 'no-cors' });
    if (opaque) {
      await opaque.body?.cancel().catch(() => undefined);
      return { ok: false, reason: 'not-shared' };
    }
    // Browsers hide a manual redirect behind an opaque response; Node's fetch returns the 3xx itself.
    const first = await answers({ redirect: 'manual' });
    if (first && (first.type === 'opaqueredirect' || (first.status >= 300 && first.status < 400))) return { ok: false, reason: 'redirect-loop' };
  }
  return { ok: false, reason: 'network-error', detail: error instanceof Error ? error.message : String(error) };
}
