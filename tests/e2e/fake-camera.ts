import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures';

const CLIP_DIR = join(REPO_ROOT, '.cache/fake-camera');

/**
 * Turns still images into a 640x480 .y4m webcam clip (each image held for `secondsEach`),
 * letterboxed so faces keep their proportions. Made at test time from ../shared; never committed.
 */
export function makeFakeCameraClip(images: string[], name: string, secondsEach = 2, fps = 15): string {
  mkdirSync(CLIP_DIR, { recursive: true });
  const out = join(CLIP_DIR, `${name}.y4m`);
  const inputs = images.flatMap((image) => ['-loop', '1', '-t', String(secondsEach), '-i', image]);
  const fit = `scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p`;
  const chains = images.map((_, i) => `[${i}:v]${fit}[v${i}]`).join(';');
  const concat = `${images.map((_, i) => `[v${i}]`).join('')}concat=n=${images.length}:v=1:a=0[out]`;
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', ...inputs, '-filter_complex', `${chains};${concat}`, '-map', '[out]', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/** The 640x480 frame geometry makeFakeCameraClip gives an image of this size. */
export function letterboxOf(width: number, height: number) {
  const scale = Math.min(640 / width, 480 / height);
  const w = Math.round((width * scale) / 2) * 2;
  const h = Math.round((height * scale) / 2) * 2;
  return { scale: w / width, offsetX: (640 - w) / 2, offsetY: (480 - h) / 2 };
}
