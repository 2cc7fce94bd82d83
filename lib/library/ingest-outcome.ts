import type { MessageKey } from '../i18n';

/** What happened to one image offered to the library. Expected failures are values, not throws. */
export type IngestOutcome =
  | { ok: true; memeId: string; faceCount: number }
  | { ok: false; reason: 'duplicate'; memeId: string }
  | { ok: false; reason: 'no-face' }
  | { ok: false; reason: 'too-large'; bytes: number }
  | { ok: false; reason: 'too-many-pixels'; width: number; height: number }
  | { ok: false; reason: 'unsupported-type' }
  | { ok: false; reason: 'decode-failed'; detail: string }
  | { ok: false; reason: 'http-error'; status: number }
  | { ok: false; reason: 'network-error'; detail: string }
  | { ok: false; reason: 'timeout'; seconds: number }
  | { ok: false; reason: 'failed'; detail: string };

/** Short code used in the import queue and its summary. */
export type IngestCode = 'added' | Extract<IngestOutcome, { ok: false }>['reason'];

export function outcomeCode(outcome: IngestOutcome): IngestCode {
  return outcome.ok ? 'added' : outcome.reason;
}

/** The user-facing sentence for an outcome, as an i18n key plus substitutions. */
export function outcomeMessage(outcome: IngestOutcome): [MessageKey, ...(string | number)[]] {
  if (outcome.ok) return outcome.faceCount === 1 ? ['libraryAddedOneFace'] : ['libraryAddedFaces', outcome.faceCount];
  switch (outcome.reason) {
    case 'duplicate':
      return ['libraryDuplicate'];
    case 'no-face':
      return ['libraryNoFace'];
    case 'too-large':
      return ['libraryTooLarge'];
    case 'too-many-pixels':
      return ['libraryTooManyPixels', `${outcome.width}×${outcome.height}`];
    case 'unsupported-type':
      return ['libraryUnsupportedType'];
    case 'decode-failed':
      return ['libraryDecodeFailed'];
    case 'http-error':
      return ['libraryHttpError', outcome.status];
    case 'network-error':
      return ['libraryNetworkError'];
    case 'timeout':
      return ['libraryTimedOut', outcome.seconds];
    case 'failed':
      return ['libraryFailed', outcome.detail];
  }
}
