/**
 * Copies the current video frame into pixels for the offscreen document. One canvas is reused
 * for every frame; willReadFrequently keeps it on the CPU where getImageData is cheap.
 */
export function createFrameSampler() {
  const canvas = new OffscreenCanvas(1, 1);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('2D canvas unavailable');
  return {
    sample(video: HTMLVideoElement): ImageData | undefined {
      const { videoWidth: width, videoHeight: height } = video;
      if (width === 0 || height === 0) return undefined;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context.drawImage(video, 0, 0, width, height);
      return context.getImageData(0, 0, width, height);
    },
  };
}
