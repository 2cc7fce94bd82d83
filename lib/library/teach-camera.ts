import { alignedFaceOf } from '../match/describe-face';
import type { VisionEngine } from '../offscreen/vision-engine';
import { largestFace } from '../vision/face-box';
import { createFrameSampler } from '../vision/frame-sampler';
import { TEACH_SAMPLES, type CameraSample } from './teach-face';

/** What the teach dialog shows while the camera runs. */
export interface TeachCameraView {
  /** The user's face in the latest frame, or none. */
  faceSeen: boolean;
  /** The latest face's expression probabilities (EXPRESSION_CLASSES order), when one is seen. */
  probabilities?: Float32Array;
}

export interface TeachCamera {
  /** The face over the last TEACH_SAMPLES frames it was seen in without a break, oldest first. */
  samples(): CameraSample[];
}

/**
 * Reads the user's face from the camera the way live matching does (the same detector, the
 * largest face, the same aligned crop and expression model), keeping the last few frames' faces
 * for "Use this face". A frame without a face empties them: an earlier face must not mix into the
 * next one. Runs until the signal aborts.
 */
export function watchTeachFaces(video: HTMLVideoElement, engine: VisionEngine, onView: (view: TeachCameraView) => void, signal: AbortSignal): TeachCamera {
  const sampler = createFrameSampler();
  let recent: CameraSample[] = [];

  function onVideoFrame(): void {
    if (signal.aborted) return;
    const image = sampler.sample(video);
    if (image) {
      const face = largestFace(engine.finder.detect(image));
      if (face) {
        const alignedFace = alignedFaceOf(image, face);
        const sample = { alignedFace, ...engine.embedder.embed(alignedFace) };
        recent = [...recent.slice(1 - TEACH_SAMPLES), sample];
        onView({ faceSeen: true, probabilities: sample.probabilities });
      } else {
        recent = [];
        onView({ faceSeen: false });
      }
    }
    video.requestVideoFrameCallback(onVideoFrame);
  }
  video.requestVideoFrameCallback(onVideoFrame);

  return { samples: () => [...recent] };
}
