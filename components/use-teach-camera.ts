import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { watchTeachFaces, type TeachCamera, type TeachCameraView } from '@/lib/library/teach-camera';
import { closeVisionEngine, visionEngine } from '@/lib/offscreen/vision-engine';
import { openCamera, stopCamera, type CameraProblem } from '@/lib/vision/camera';

export type TeachCameraState =
  | { kind: 'starting' }
  | { kind: 'problem'; problem: CameraProblem }
  | { kind: 'failed'; detail: string }
  | ({ kind: 'live' } & TeachCameraView);

export interface TeachCameraSource {
  videoRef: RefObject<HTMLVideoElement>;
  state: TeachCameraState;
  /** The faces to average for "Use this face"; empty while none is in view. */
  samples: TeachCamera['samples'];
}

/**
 * The camera of the teach-camera page: the models load in this page (the same detector and
 * expression model the offscreen document runs live) while the camera opens, and every track
 * stops when the page goes away.
 */
export function useTeachCamera(): TeachCameraSource {
  const videoRef = useRef<HTMLVideoElement>(null);
  const camera = useRef<TeachCamera>();
  const [state, setState] = useState<TeachCameraState>({ kind: 'starting' });

  useEffect(() => {
    const life = new AbortController();
    let stream: MediaStream | undefined;
    void (async () => {
      const engine = visionEngine();
      // A failed load is reported once the camera is open, below.
      engine.catch(() => undefined);
      const opened = await openCamera();
      if (life.signal.aborted) return stopCamera(opened.ok ? opened.stream : undefined);
      if (!opened.ok) return setState({ kind: 'problem', problem: opened.problem });
      stream = opened.stream;
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      try {
        await video.play();
        const loaded = await engine;
        if (life.signal.aborted) return;
        setState({ kind: 'live', faceSeen: false });
        camera.current = watchTeachFaces(video, loaded, (view) => setState({ kind: 'live', ...view }), life.signal);
      } catch (error) {
        if (!life.signal.aborted) setState({ kind: 'failed', detail: error instanceof Error ? error.message : String(error) });
      }
    })();
    // The dialog closing removes this page's frame: the camera light goes off and the models go.
    const stop = () => {
      life.abort();
      camera.current = undefined;
      stopCamera(stream);
      void closeVisionEngine();
    };
    window.addEventListener('pagehide', stop);
    return () => {
      window.removeEventListener('pagehide', stop);
      stop();
    };
  }, []);

  return { videoRef, state, samples: () => camera.current?.samples() ?? [] };
}
