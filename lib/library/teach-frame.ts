import * as v from 'valibot';

/**
 * The teach dialog (options page) and the camera frame inside it (teach-camera.html): the frame
 * is a document of its own so that the page running the models and seeing camera frames carries
 * `connect-src 'self'`, which the options page (it downloads the starter pack) cannot.
 */
export const TEACH_CAMERA_PATH = '/teach-camera.html';

const TeachFrameMessageSchema = v.variant('type', [
  /** The face was stored: the dialog closes and says so. */
  v.strictObject({ type: v.literal('meme-mirror/teach-taught'), memeId: v.string() }),
  /** Escape pressed inside the frame, where the dialog's own Escape does not reach. */
  v.strictObject({ type: v.literal('meme-mirror/teach-close') }),
]);

export type TeachFrameMessage = v.InferOutput<typeof TeachFrameMessageSchema>;

/** The frame's side: tells the dialog around it. */
export function tellTeachDialog(message: TeachFrameMessage): void {
  window.parent.postMessage(message, location.origin);
}

/**
 * The dialog's side: hears only the frame's messages (`frameWindow`: its window, once loaded), of
 * this extension's origin and the expected shape, until the signal aborts.
 */
export function listenToTeachFrame(frameWindow: () => Window | null | undefined, onMessage: (message: TeachFrameMessage) => void, signal: AbortSignal): void {
  window.addEventListener(
    'message',
    (event: MessageEvent<unknown>) => {
      const source = frameWindow();
      if (!source || event.source !== source || event.origin !== location.origin) return;
      const parsed = v.safeParse(TeachFrameMessageSchema, event.data);
      if (parsed.success) onMessage(parsed.output);
    },
    { signal },
  );
}
