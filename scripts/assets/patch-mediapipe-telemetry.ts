import { createHash } from 'node:crypto';

/**
 * Removes the usage logger that @mediapipe/tasks-vision 1.1.0 bundles into every task.
 *
 * Each task (FaceDetector, FaceLandmarker, …) builds a logger that collects timing statistics and,
 * from a `setInterval(flush, 60_000)`, POSTs them to Google's ODML log service with an API key
 * taken from the wasm. That breaks the promise that nothing leaves the computer, so the build
 * replaces the logger class with an inert one: no timer is set, no record is kept, nothing is
 * sent, and the log URL is not in the shipped code at all. The task code keeps calling the same
 * methods (`flush`, `close`, and the `error` flag its record hook checks before queueing).
 *
 * The patch is written for one exact file (its sha256 below): a new tasks-vision release must be
 * read again before it can ship, so any other bundle is refused with a message that says so.
 */
export const TASKS_VISION_BUNDLE = '@mediapipe/tasks-vision/vision_bundle.mjs';
const WRITTEN_FOR = {
  version: '1.1.0',
  sha256: '9d5fc9ef74b22329cf9aa88dc543956d192b8c254210b187271614713eb5b10c',
};

const LOGGER_START = 'Mh=class{constructor(t){this.i=[],this.o=new bh,this.l=t??"",this.h=setInterval(()=>{this.flush()},6e4)}';
const LOGGER_END = 'e?.("net-send-failed",t)})}}};';
// `error` set from the start makes the task's record hook drop every record instead of queueing it.
const INERT_LOGGER = 'Mh=class{constructor(){this.i=[],this.error=Error("usage logging is removed from this build")}close(){}flush(t){t?.()}};';

/** Every trace of the log service that must be gone from the patched bundle. */
export const TELEMETRY_MARKERS = ['odml.pa.googleapis.com', 'x-goog-api-key', '/v1/log'];

export function patchMediapipeTelemetry(source: string): string {
  const sha256 = createHash('sha256').update(source).digest('hex');
  if (sha256 !== WRITTEN_FOR.sha256) {
    throw new Error(
      `${TASKS_VISION_BUNDLE} is not the file the telemetry patch was written for ` +
        `(tasks-vision ${WRITTEN_FOR.version}, sha256 ${WRITTEN_FOR.sha256}; got ${sha256}). ` +
        'Find its usage logger again and update scripts/assets/patch-mediapipe-telemetry.ts.',
    );
  }
  const from = source.indexOf(LOGGER_START);
  const to = from < 0 ? -1 : source.indexOf(LOGGER_END, from);
  if (from < 0 || to < 0 || source.indexOf(LOGGER_START, from + 1) >= 0) {
    throw new Error(`${TASKS_VISION_BUNDLE}: cannot find exactly one usage logger to remove`);
  }
  // The package's source map describes the file before the patch, so it is dropped with it.
  const patched = (source.slice(0, from) + INERT_LOGGER + source.slice(to + LOGGER_END.length)).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const left = TELEMETRY_MARKERS.find((marker) => patched.includes(marker));
  if (left) throw new Error(`${TASKS_VISION_BUNDLE} still contains ${left} after the patch`);
  return patched;
}
