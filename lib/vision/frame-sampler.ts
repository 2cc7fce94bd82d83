import { rgbaFromYuv, shrinkFactor, yuvColorOf, type RgbaPixels, type YuvFormat } from './yuv-to-rgba';

/**
 * Longest side of the frames sent for detection. BlazeFace looks at 128x128, and MediaPipe's cost
 * follows the pixels it is handed (6 ms at 320 px against 12 ms at 640 px, `npm run bench`); at
 * 320 px a face at webcam distance still has more pixels between the eyes than the 64x64 aligned
 * crop uses.
 */
export const SAMPLE_MAX_SIDE = 320;

/**
 * Copies the current video frame, scaled down, into pixels. One canvas is reused for every frame;
 * willReadFrequently keeps it on the CPU where getImageData is cheap.
 */
export function createFrameSampler(maxSide = SAMPLE_MAX_SIDE) {
  const canvas = new OffscreenCanvas(1, 1);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('2D canvas unavailable');
  return {
    sample(video: HTMLVideoElement): ImageData | undefined {
      const { videoWidth, videoHeight } = video;
      if (videoWidth === 0 || videoHeight === 0) return undefined;
      const scale = Math.min(1, maxSide / Math.max(videoWidth, videoHeight));
      const width = Math.round(videoWidth * scale);
      const height = Math.round(videoHeight * scale);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context.drawImage(video, 0, 0, width, height);
      return context.getImageData(0, 0, width, height);
    },
  };
}

/** Chromium's MediaStreamTrackProcessor, which TypeScript's window typings do not have. */
type TrackProcessorConstructor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
const TrackProcessor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;

/**
 * Why a frame was read through the `<video>` element: no processor in this browser or no video
 * track, no new VideoFrame since the last sample, a VideoFrame the browser would not copy, or the
 * processor's stream ended while the session went on. The live loop's measures carry it, so a run
 * that reads no frame from the track (seen once in `npm run bench`) says which it was.
 */
export type ElementReason = 'no-processor' | 'no-new-frame' | 'copy-failed' | 'stream-ended';

/** Where a frame was read: the camera's track (VideoFrames) or the `<video>` element. */
export type FrameOrigin = { source: 'track' } | { source: 'element'; because: ElementReason };

export type SampledFrame = RgbaPixels & FrameOrigin;

export interface LiveFrameSampler {
  /** The newest camera frame, scaled down to about `maxSide`, as RGBA; undefined while there is none. */
  sample(): Promise<SampledFrame | undefined>;
}

const isConverted = (format: VideoPixelFormat | null): format is YuvFormat => format === 'I420' || format === 'NV12';

/**
 * The live loop's frames, read from the camera track as `VideoFrame`s (MediaStreamTrackProcessor)
 * instead of through the `<video>` element: a webcam's I420 or NV12 planes are copied as they are
 * and converted while they are shrunk (yuv-to-rgba.ts), 1.4 ms a frame for the copy against about
 * 6 ms for a canvas read of the element here (docs/benchmarks.md, "Reading camera frames as
 * VideoFrames"). Other formats are copied as RGBA by the browser and shrunk here; a browser without
 * the processor, a stream without a video track, or a moment with no new frame from the processor,
 * is read through the canvas as before. The reader holds only the newest frame and is cancelled
 * when `signal` aborts; stopping the track (closing the popup) ends it too.
 */
export function createLiveFrameSampler(video: HTMLVideoElement, signal: AbortSignal, maxSide = SAMPLE_MAX_SIDE): LiveFrameSampler {
  const canvas = createFrameSampler(maxSide);
  const throughCanvas = async (because: ElementReason): Promise<SampledFrame | undefined> => {
    const image = canvas.sample(video);
    return image && { width: image.width, height: image.height, data: image.data, source: 'element', because };
  };
  const track = video.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
  if (!TrackProcessor || !track) return { sample: () => throughCanvas('no-processor') };

  const reader = new TrackProcessor({ track }).readable.getReader();
  let newest: VideoFrame | undefined;
  let streamEnded = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        newest?.close();
        newest = value;
      }
    } catch {
      // Cancelled, or the track ended: the canvas reads the element from here on.
    }
    streamEnded = true;
    newest?.close();
    newest = undefined;
  })();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });

  let planes = new Uint8Array(0);
  let copying = false;
  let copyFailed = false;
  async function pixelsOf(frame: VideoFrame): Promise<RgbaPixels> {
    const width = frame.visibleRect?.width ?? frame.codedWidth;
    const height = frame.visibleRect?.height ?? frame.codedHeight;
    const factor = shrinkFactor(width, height, maxSide);
    const color = yuvColorOf(frame.colorSpace);
    if (isConverted(frame.format) && color) {
      const size = frame.allocationSize();
      if (planes.length < size) planes = new Uint8Array(size);
      // One buffer for every frame, unless a second sample starts while one is being copied (the
      // engine restarted mid-frame): that one gets its own.
      const buffer = copying ? new Uint8Array(size) : planes;
      copying = true;
      try {
        const layout = await frame.copyTo(buffer);
        return rgbaFromYuv({ format: frame.format, width, height, data: buffer, layout }, color, factor);
      } finally {
        if (buffer === planes) copying = false;
      }
    }
    const rgba = new Uint8Array(frame.allocationSize({ format: 'RGBA' }));
    await frame.copyTo(rgba, { format: 'RGBA' });
    return shrinkRgba(rgba, width, height, factor);
  }

  return {
    async sample() {
      const frame = newest;
      newest = undefined;
      // None yet (the popup's first frames) or none newer since the last: the element's current
      // frame through the canvas, rather than waiting up to a frame's time for the next.
      if (!frame) return throughCanvas(streamEnded ? 'stream-ended' : 'no-new-frame');
      try {
        const pixels = await pixelsOf(frame);
        return { ...pixels, source: 'track' };
      } catch (error) {
        // A format or colour space the browser will not copy: the element through the canvas.
        if (!copyFailed) console.warn('Meme Mirror: camera frames are read through the video element:', error instanceof Error ? error.message : error);
        copyFailed = true;
        return throughCanvas('copy-failed');
      } finally {
        frame.close();
      }
    },
  };
}

/** RGBA shrunk by a whole factor, each output pixel the mean of its block. */
export function shrinkRgba(data: Uint8Array, width: number, height: number, factor: number): RgbaPixels {
  const outWidth = Math.max(1, Math.floor(width / factor));
  const outHeight = Math.max(1, Math.floor(height / factor));
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  const area = factor * factor;
  for (let row = 0; row < outHeight; row++) {
    for (let column = 0; column < outWidth; column++) {
      for (let channel = 0; channel < 4; channel++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          const start = ((row * factor + dy) * width + column * factor) * 4 + channel;
          for (let dx = 0; dx < factor; dx++) sum += data[start + dx * 4];
        }
        out[(row * outWidth + column) * 4 + channel] = sum / area;
      }
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}
