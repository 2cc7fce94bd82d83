import { MAX_IMAGE_BYTES } from './image-format';
import type { IngestOutcome } from './ingest-outcome';

export type FetchedImage = { ok: true; blob: Blob } | Extract<IngestOutcome, { reason: 'http-error' | 'network-error' | 'too-large' }>;

/**
 * Downloads an image without cookies, stopping as soon as it passes the size limit. Cross-origin
 * images need CORS or host access: the context-menu click grants activeTab for the page's origin.
 */
export async function fetchMemeImage(url: string, signal?: AbortSignal): Promise<FetchedImage> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', signal });
  } catch (error) {
    return { ok: false, reason: 'network-error', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!response.ok) return { ok: false, reason: 'http-error', status: response.status };
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_IMAGE_BYTES) {
    await response.body?.cancel();
    return { ok: false, reason: 'too-large', bytes: declared };
  }
  if (!response.body) return { ok: true, blob: await response.blob() };

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
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
    return { ok: false, reason: 'network-error', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    reader.releaseLock();
  }
  return { ok: true, blob: new Blob(chunks as BlobPart[]) };
}
