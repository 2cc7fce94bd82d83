import type { MessageKey } from '../i18n';
import { MAX_IMAGE_PIXELS, pixelLimitExceeded } from './image-format';

/** What happened to one image offered to the library. Expected failures are values, not throws. */
export type IngestOutcome =
  /** Stored; faceCount 0 when the detector found no face (the meme waits to be taught one). */
  | { ok: true; memeId: string; faceCount: number }
  | { ok: false; reason: 'duplicate'; memeId: string }
  | { ok: false; reason: 'too-large'; bytes: number }
  | { ok: false; reason: 'too-many-pixels'; width: number; height: number }
  | { ok: false; reason: 'unsupported-type' }
  | { ok: false; reason: 'decode-failed'; detail: string }
  | { ok: false; reason: 'http-error'; status: number }
  /** The site answered but does not share the image with extensions (no CORS). */
  | { ok: false; reason: 'not-shared' }
  | { ok: false; reason: 'redirect-loop' }
  /** A `blob:` URL: it lives in the page that made it, which an extension cannot read from. */
  | { ok: false; reason: 'page-only' }
  /** An HTML page where the image should be: most often a sign-in form. */
  | { ok: false; reason: 'web-page' }
  /** The connection broke before the Content-Length was reached. */
  | { ok: false; reason: 'download-cut'; declared: number }
  /** The file stops before its own format says it ends (cut short, or a Content-Length that lies low). */
  | { ok: false; reason: 'incomplete'; bytes: number }
  | { ok: false; reason: 'network-error'; detail: string }
  | { ok: false; reason: 'timeout'; seconds: number }
  | { ok: false; reason: 'failed'; detail: string };

/** Short code used in the import queue and its summary: a meme kept without a face counts apart. */
export type IngestCode = 'added' | 'no-face' | Extract<IngestOutcome, { ok: false }>['reason'];

export function outcomeCode(outcome: IngestOutcome): IngestCode {
  if (outcome.ok) return outcome.faceCount === 0 ? 'no-face' : 'added';
  return outcome.reason;
}

/** The user-facing sentence for an outcome, as an i18n key plus substitutions. */
export function outcomeMessage(outcome: IngestOutcome): [MessageKey, ...(string | number)[]] {
  if (outcome.ok) {
    if (outcome.faceCount === 0) return ['libraryAddedNoFace'];
    return outcome.faceCount === 1 ? ['libraryAddedOneFace'] : ['libraryAddedFaces', outcome.faceCount];
  }
  switch (outcome.reason) {
    case 'duplicate':
      return ['libraryDuplicate'];
    case 'too-large':
      return ['libraryTooLarge'];
    case 'too-many-pixels': {
      const size = `${outcome.width}×${outcome.height}`;
      if (pixelLimitExceeded(outcome.width, outcome.height) === 'total') {
        return ['libraryTooManyMegapixels', size, Math.round((outcome.width * outcome.height) / 1e6), MAX_IMAGE_PIXELS / 1e6];
      }
      return ['libraryTooManyPixels', size];
    }
    case 'unsupported-type':
      return ['libraryUnsupportedType'];
    case 'decode-failed':
      return ['libraryDecodeFailed'];
    case 'http-error':
      return outcome.status === 401 || outcome.status === 403 ? ['librarySignInNeeded', outcome.status] : ['libraryHttpError', outcome.status];
    case 'not-shared':
      return ['libraryNotShared'];
    case 'redirect-loop':
      return ['libraryRedirectLoop'];
    case 'page-only':
      return ['libraryPageOnly'];
    case 'web-page':
      return ['libraryWebPage'];
    case 'download-cut':
      return ['libraryDownloadCut', outcome.declared];
    case 'incomplete':
      return ['libraryIncomplete', outcome.bytes];
    case 'network-error':
      return ['libraryNetworkError'];
    case 'timeout':
      return ['libraryTimedOut', outcome.seconds];
    case 'failed':
      return ['libraryFailed', outcome.detail];
  }
}
