import * as v from 'valibot';
import { MAX_IMAGE_BASE64_LENGTH, sendMessage } from '../messaging/protocol';
import { FETCH_IDLE_TIMEOUT_MS } from './fetch-meme-image';
import { MAX_IMAGE_BYTES } from './image-format';
import type { IngestOutcome } from './ingest-outcome';

/**
 * Failures of the extension's own download that the page's copy can get past: the page sends
 * its cookies (a sign-in wall answering 401/403 or its login form), owns its `blob:` URLs, and is
 * the origin a site may share an image with when it does not share it with extensions. A 404, a
 * timeout or a damaged file would fail the same way from the page, so those are not retried.
 */
export function pageCopyCanHelp(outcome: IngestOutcome): boolean {
  if (outcome.ok) return false;
  switch (outcome.reason) {
    case 'http-error':
      return outcome.status === 401 || outcome.status === 403;
    case 'web-page':
    case 'not-shared':
    case 'page-only':
      return true;
    default:
      return false;
  }
}

/** What the script run in the page's frame answers; checked on arrival, as all it returns crosses from the page's process. */
export const PageCopyAnswerSchema = v.variant('ok', [
  v.strictObject({ ok: v.literal(true), base64: v.pipe(v.string(), v.maxLength(MAX_IMAGE_BASE64_LENGTH)) }),
  v.strictObject({ ok: v.literal(false), reason: v.literal('too-large'), bytes: v.number() }),
  v.strictObject({ ok: v.literal(false), reason: v.literal('unreadable') }),
]);
export type PageCopyAnswer = v.InferOutput<typeof PageCopyAnswerSchema>;

/**
 * Runs in the page's frame (chrome.scripting serialises it, so it uses nothing from outside its
 * own body): fetches the image as the page would, with its cookies and its `blob:` URLs, stops at
 * `maxBytes` or after `idleTimeoutMs` without a byte, and answers base64, since an injected
 * script's result must be JSON.
 */
export async function readImageInPage(url: string, maxBytes: number, idleTimeoutMs: number): Promise<PageCopyAnswer> {
  const idle = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stillAlive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleTimeoutMs);
  };
  stillAlive();
  try {
    const response = await fetch(url, { signal: idle.signal });
    // A login form, even with the page's cookies: the page has no image to give either.
    if (!response.ok || !response.body || /^text\/html/i.test(response.headers.get('content-type') ?? '')) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: 'unreadable' };
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return { ok: false, reason: 'too-large', bytes: declared };
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      stillAlive();
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too-large', bytes: total };
      }
      chunks.push(value);
    }
    let binary = '';
    // fromCharCode takes its bytes as arguments: 32 K at a time stays far below the engine's limit.
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.byteLength; at += 0x8000) binary += String.fromCharCode(...chunk.subarray(at, at + 0x8000));
    }
    return { ok: true, base64: btoa(binary) };
  } catch {
    return { ok: false, reason: 'unreadable' };
  } finally {
    clearTimeout(timer);
  }
}

/** The page's copy of the image, or why there is none (no access to that frame counts as unreadable). */
export async function copyImageFromPage(tabId: number, frameId: number, url: string): Promise<PageCopyAnswer> {
  try {
    const [injection] = await chrome.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      func: readImageInPage,
      args: [url, MAX_IMAGE_BYTES, FETCH_IDLE_TIMEOUT_MS],
    });
    const answer = v.safeParse(PageCopyAnswerSchema, injection?.result);
    return answer.success ? answer.output : { ok: false, reason: 'unreadable' };
  } catch {
    // No activeTab grant for that frame (another site's frame, or the page navigated away).
    return { ok: false, reason: 'unreadable' };
  }
}

/**
 * The second try after the extension's own download failed in a way the page can get past: the
 * image as the page has it, added through the same offscreen ingest as every add. Where the page
 * has no copy either, the first reason stands; it says what the user can do.
 */
export async function addMemeFromPageCopy(
  first: IngestOutcome,
  where: { tabId: number; frameId: number },
  image: { url: string; pageUrl?: string },
): Promise<IngestOutcome> {
  const copy = await copyImageFromPage(where.tabId, where.frameId, image.url);
  if (copy.ok) return sendMessage('addMemeFromPageCopy', { base64: copy.base64, ...image });
  if (copy.reason === 'too-large') return { ok: false, reason: 'too-large', bytes: copy.bytes };
  return first;
}

/** The bytes a page copy carried; the schema checked the alphabet and the size already. */
export function bytesFromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
  return bytes;
}
