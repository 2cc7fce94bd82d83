import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { TeachCamera, TeachCameraView } from '@/lib/library/teach-camera';
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
 * The camera while the teach dialog is open: the models load in this page (the same detector and
 * expression model the offscreen document runs live), and every track stops when it closes.
 */
export function useTeachCamera(enabled: boolean): TeachCameraSource {
  const videoRef = useRef<HTMLVideoElement>(null);
  const camera = useRef<TeachCamera>();
  const [state, setState] = useState<TeachCameraState>({ kind: 'starting' });

  useEffect(() => {
    if (!enabled) return;
    const life = new AbortController();
    let stream: MediaStream | undefined;
    setState({ kind: 'starting' });
    void (async () => {
      // Loaded on first use: the options page does not pay for the models until someone teaches.
      const engine = import('@/lib/offscreen/vision-engine').then(({ visionEngine }) => visionEngine());
      const teachCamera = import('@/lib/library/teach-camera');
      const opened = await openCamera();
      if (life.signal.aborted) return stopCamera(opened.ok ? opened.stream : undefined);
      if (!opened.ok) return setState({ kind: 'problem', problem: opened.problem });
      stream = opened.stream;
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      try {
        await video.play();
        const [loaded, { watchTeachFaces }] = await Promise.all([engine, teachCamera]);
        if (life.signal.aborted) return;
        setState({ kind: 'live', faceSeen: false });
        camera.current = watchTeachFaces(video, loaded, (view) => setState({ kind: 'live', ...view }), life.signal);
      } catch (error) {
        if (!life.signal.aborted) setState({ kind: 'failed', detail: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      life.abort();
      camera.current = undefined;
      stopCamera(stream);
    };
  }, [enabled]);

  return { videoRef, state, samples: () => camera.current?.samples() ?? [] };
}
