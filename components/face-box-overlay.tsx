import type { Box } from '@/lib/vision/face-box';
import { frameBoxToElement } from '@/lib/vision/face-box';

interface Props {
  faces: Box[];
  frame: { width: number; height: number };
  view: { width: number; height: number };
  /** The face used for matching is drawn stronger than the others. */
  primary?: Box;
  /** A selfie camera preview is mirrored; a picture from the web is not. */
  mirrored: boolean;
  fit: 'cover' | 'contain';
}

/** Boxes over a preview, mapped from frame pixels to the element's pixels. */
export function FaceBoxOverlay({ faces, frame, view, primary, mirrored, fit }: Props) {
  return (
    <div class="face-box-overlay" aria-hidden="true">
      {faces.map((face, i) => {
        const box = frameBoxToElement(face, frame, view, mirrored, fit);
        return (
          <div
            key={i}
            data-testid="face-box"
            class={face === primary ? 'face-box primary' : 'face-box'}
            style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.width}px`, height: `${box.height}px` }}
          />
        );
      })}
    </div>
  );
}
