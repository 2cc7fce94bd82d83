/**
 * Longest side of the frames sent for detection. BlazeFace looks at 128x128, and MediaPipe's cost
 * follows the pixels it is handed (6 ms at 320 px against 12 ms at 640 px, `npm run bench`); at
 * 320 px a face at webcam distance still has more pixels between the eyes than the 64x64 aligned
 * crop uses.
 */
export const SAMPLE_MAX_SIDE = 320;

/**
 * Copies the current video frame, scaled down, into pixels for the offscreen document. One canvas
 * is reused for every frame; willReadFrequently keeps it on the CPU where getImageData is cheap.
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
