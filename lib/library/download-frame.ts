import * as v from 'valibot';
import { fetchMemeImage, type FetchedImage } from './fetch-meme-image';

/**
 * Downloads of the images a user asks to add run in a frame of their own inside the offscreen
 * document. The offscreen document runs the models and sees every camera frame, and its page
 * policy lets it connect to nothing but the extension's own files (offscreen/index.html), so no
 * code loaded there (MediaPipe's bundle included) can send anything anywhere. This frame holds no
 * model, no frame and no vector: it only fetches the URLs it is given and hands back the bytes.
 */
export const DOWNLOAD_FRAME_PATH = '/download-frame.html';

export type FetchImage = (url: string, signal?: AbortSignal) => Promise<FetchedImage>;

const RequestSchema = v.variant('type', [
  v.strictObject({ type: v.literal('fetch'), id: v.number(), url: v.pipe(v.string(), v.url()) }),
  v.strictObject({ type: v.literal('abort'), id: v.number() }),
]);
type DownloadRequest = v.InferOutput<typeof RequestSchema>;

const ResultSchema = v.strictObject({
  id: v.number(),
  result: v.union([
    v.strictObject({ ok: v.literal(true), blob: v.instance(Blob) }),
    // The failure shapes are fetch-meme-image's own; the frame is this extension's code.
    v.looseObject({ ok: v.literal(false), reason: v.string() }),
  ]),
});

/** Frame side: answers the parent document's requests on the port it hands over first. */
export function serveDownloads(frame: Window = window): void {
  frame.addEventListener('message', function takePort(event: MessageEvent) {
    const [port] = event.ports;
    if (event.source !== frame.parent || event.origin !== frame.location.origin || !port) return;
    frame.removeEventListener('message', takePort);
    const running = new Map<number, AbortController>();
    port.onmessage = async ({ data }: MessageEvent) => {
      const parsed = v.safeParse(RequestSchema, data);
      if (!parsed.success) return console.warn('Meme Mirror: download frame ignored a malformed request');
      const request: DownloadRequest = parsed.output;
      if (request.type === 'abort') return running.get(request.id)?.abort();
      const controller = new AbortController();
      running.set(request.id, controller);
      try {
        port.postMessage({ id: request.id, result: await fetchMemeImage(request.url, controller.signal) });
      } finally {
        running.delete(request.id);
      }
    };
  });
}

/**
 * Parent side: opens the frame in `doc` and returns a fetch that goes through it. It returns at
 * once (the offscreen document registers its listeners synchronously); the first download waits
 * for the frame to load.
 */
export function openDownloadFrame(doc: Document = document): FetchImage {
  const channel = new MessageChannel();
  const pending = new Map<number, (result: FetchedImage) => void>();
  channel.port1.onmessage = ({ data }: MessageEvent) => {
    const parsed = v.safeParse(ResultSchema, data);
    if (!parsed.success) return console.warn('Meme Mirror: download frame sent a malformed answer');
    pending.get(parsed.output.id)?.(parsed.output.result as FetchedImage);
    pending.delete(parsed.output.id);
  };

  const frame = doc.createElement('iframe');
  frame.src = DOWNLOAD_FRAME_PATH;
  frame.hidden = true;
  // The frame's module script has run by its load event, so its listener hears the port.
  frame.addEventListener('load', () => frame.contentWindow!.postMessage('port', doc.location.origin, [channel.port2]), { once: true });
  doc.body.append(frame);

  let nextId = 0;
  return (url, signal) =>
    new Promise<FetchedImage>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      // Messages wait in the port until the frame takes it.
      channel.port1.postMessage({ type: 'fetch', id, url });
      const abort = () => channel.port1.postMessage({ type: 'abort', id });
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
    });
}
