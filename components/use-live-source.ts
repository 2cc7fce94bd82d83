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
  /** Call once the results of a snapshot are painted. */
  resultsShown(): void;
}

/**
 * Milestones of opening the popup, left as User Timing marks (once each per popup): npm run bench
 * reads them to say where the time to the first results goes.
 */
export const OPEN_MARKS = { cameraOpen: 'meme-mirror: camera open', videoPlaying: 'meme-mirror: video playing', offscreenUp: 'meme-mirror: offscreen document up' } as const;

const ensureOffscreen = () =>
  sendMessage('ensureOffscreen', undefined).catch((error: unknown) => ({ ok: false as const, reason: String(error) }));

/**
 * The camera as the popup's source of faces: opens it, streams frames to the offscreen document
 * for live matching, starts again when a lost camera comes back, and stops every track when the
 * popup goes away.
 */
export function useLiveSource(enabled: boolean): LiveSource {
  const videoRef = useRef<HTMLVideoElement>(null);
  const sessionRef = useRef<LiveSession>();
  const [camera, setCamera] = useState<CameraState>({ kind: 'starting' });
  const [snapshot, setSnapshot] = useState<LiveSnapshot>();
  const [frozen, setFrozen] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    const popupLife = new AbortController();
    let stream: MediaStream | undefined;
    let streamLife: AbortController | undefined;

    const stopStream = () => {
      streamLife?.abort();
      stopCamera(stream);
      stream = undefined;
    };

    async function start(): Promise<void> {
      stopStream();
      const life = new AbortController();
      streamLife = life;
      const offscreen = ensureOffscreen();
      if ((await cameraPermission()) === 'denied') return setCamera({ kind: 'problem', problem: 'blocked' });
      const opened = await openCamera();
      performance.mark(OPEN_MARKS.cameraOpen);
      if (life.signal.aborted || popupLife.signal.aborted) return stopCamera(opened.ok ? opened.stream : undefined);
      if (!opened.ok) return setCamera({ kind: 'problem', problem: opened.problem });
      stream = opened.stream;
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      // Unplugged (or taken by the system): say so, and start again when a camera comes back.
      stream.getVideoTracks()[0]?.addEventListener(
        'ended',
        () => {
          stopStream();
          setSnapshot(undefined);
          setCamera({ kind: 'problem', problem: 'ended' });
        },
        { signal: life.signal },
      );
      await video.play();
      performance.mark(OPEN_MARKS.videoPlaying);
      const ready = await offscreen;
      performance.mark(OPEN_MARKS.offscreenUp);
      if (!ready.ok) return setCamera({ kind: 'error', message: ready.reason });
      setCamera({ kind: 'live' });
      sessionRef.current = startLiveSession(
        video,
        {
          onSnapshot: setSnapshot,
          onError: (message) => setCamera({ kind: 'error', message }),
          // The browser may close the offscreen document at any time; bring it back.
          onStall: () => void ensureOffscreen(),
        },
        life.signal,
      );
    }

    navigator.mediaDevices.addEventListener(
      'devicechange',
      () => {
        if (!stream) void start();
      },
      { signal: popupLife.signal },
    );
    void start();

    // Closing the popup tears the document down; stopping here also covers a remount.
    const stop = () => {
      popupLife.abort();
      stopStream();
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
    resultsShown() {
      sessionRef.current?.resultsShown();
    },
    toggleFrozen() {
      const next = !frozen;
      sessionRef.current?.setFrozen(next);
      setFrozen(next);
    },
  };
}
