import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { sendMessage } from '@/lib/messaging/protocol';
import { startLiveSession, type LiveSession, type LiveSnapshot } from '@/lib/match/live-session';
import { cameraPermission, openCamera, stopCamera, type CameraProblem } from '@/lib/vision/camera';

export type CameraState = { kind: 'starting' } | { kind: 'problem'; problem: CameraProblem } | { kind: 'live' } | { kind: 'error'; message: string };

export interface LiveSource {
  videoRef: RefObject<HTMLVideoElement>;
  camera: CameraState;
  snapshot: LiveSnapshot | undefined;
  frozen: boolean;
  toggleFrozen(): void;
}

/**
 * The camera as the popup's source of faces: opens it, streams frames to the offscreen document
 * for live matching, and stops every track when the popup goes away.
 */
export function useLiveSource(enabled: boolean): LiveSource {
  const videoRef = useRef<HTMLVideoElement>(null);
  const sessionRef = useRef<LiveSession>();
  const [camera, setCamera] = useState<CameraState>({ kind: 'starting' });
  const [snapshot, setSnapshot] = useState<LiveSnapshot>();
  const [frozen, setFrozen] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let stream: MediaStream | undefined;
    void (async () => {
      const offscreen = sendMessage('ensureOffscreen', undefined);
      const permission = await cameraPermission();
      if (permission === 'denied') return setCamera({ kind: 'problem', problem: 'blocked' });
      const opened = await openCamera();
      if (controller.signal.aborted) return stopCamera(opened.ok ? opened.stream : undefined);
      if (!opened.ok) return setCamera({ kind: 'problem', problem: opened.problem });
      stream = opened.stream;
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      stream.getVideoTracks()[0]?.addEventListener('ended', () => setCamera({ kind: 'problem', problem: 'ended' }));
      await video.play();
      const ready = await offscreen.catch((error: unknown) => ({ ok: false as const, reason: String(error) }));
      if (!ready.ok) return setCamera({ kind: 'error', message: ready.reason });
      setCamera({ kind: 'live' });
      sessionRef.current = startLiveSession(
        video,
        { onSnapshot: setSnapshot, onError: (message) => setCamera({ kind: 'error', message }) },
        controller.signal,
      );
    })();
    // Closing the popup tears the document down; stopping here also covers a remount.
    const stop = () => {
      controller.abort();
      stopCamera(stream);
    };
    window.addEventListener('pagehide', stop);
    return () => {
      window.removeEventListener('pagehide', stop);
      stop();
    };
  }, [enabled]);

  return {
    videoRef,
    camera,
    snapshot,
    frozen,
    toggleFrozen() {
      const next = !frozen;
      sessionRef.current?.setFrozen(next);
      setFrozen(next);
    },
  };
}
