import type { CameraProblem } from '@/lib/vision/camera';
import { t, type MessageKey } from '@/lib/i18n';

const PROBLEM_MESSAGES: Record<CameraProblem, MessageKey> = {
  blocked: 'statusCameraBlocked',
  prompt: 'statusCameraPrompt',
  missing: 'statusNoCamera',
  busy: 'statusCameraBusy',
  ended: 'statusCameraEnded',
  unknown: 'statusCameraBlocked',
};

export function cameraProblemText(problem: CameraProblem): string {
  return t(PROBLEM_MESSAGES[problem]);
}

/** Problems the welcome page can fix by asking for the permission again. */
export function isFixedOnWelcomePage(problem: CameraProblem): boolean {
  return problem === 'blocked' || problem === 'prompt' || problem === 'unknown';
}
