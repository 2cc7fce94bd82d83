/** Why the camera cannot be used, in the terms the user can act on. */
export type CameraProblem = 'blocked' | 'prompt' | 'missing' | 'busy' | 'ended' | 'unknown';

export type CameraOpenResult = { ok: true; stream: MediaStream } | { ok: false; problem: CameraProblem; detail: string };

export async function cameraPermission(): Promise<PermissionState | 'unknown'> {
  try {
    return (await navigator.permissions.query({ name: 'camera' as PermissionName })).state;
  } catch {
    return 'unknown';
  }
}

export function cameraProblemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'unknown';
}

/** Opens the user-facing camera at 640x480, the size the models are measured at. */
export async function openCamera(): Promise<CameraOpenResult> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
      audio: false,
    });
    return { ok: true, stream };
  } catch (error) {
    return { ok: false, problem: cameraProblemOf(error), detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Stops every track so the camera light goes off. */
export function stopCamera(stream: MediaStream | undefined): void {
  stream?.getTracks().forEach((track) => track.stop());
}
