import * as v from 'valibot';
import { CandidateSchema, FaceBoxSchema } from '../messaging/schemas';

/** The answer to "Find memes like this face": the example's faces and the memes nearest its largest. */
export const ExampleMatchSchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    /** Size of the pixels the faces are measured in (the decoded image, scaled for detection). */
    frame: v.object({ width: v.number(), height: v.number() }),
    faces: v.array(FaceBoxSchema),
    faceIndex: v.number(),
    probabilities: v.array(v.number()),
    candidates: v.array(CandidateSchema),
  }),
  v.object({ ok: v.literal(false), reason: v.picklist(['fetch-failed', 'decode-failed', 'no-face']), detail: v.string() }),
]);

export type ExampleMatch = v.InferOutput<typeof ExampleMatchSchema>;

/** Where the popup finds the example it was opened for (context menu → popup), kept for one opening. */
export const PENDING_EXAMPLE_KEY = 'pendingExample';

export const PendingExampleSchema = v.object({ url: v.pipe(v.string(), v.url()), tabId: v.optional(v.number()), at: v.number() });

/** A pending example older than this was not for this opening of the popup. */
export const PENDING_EXAMPLE_MAX_AGE_MS = 10_000;
export type PendingExample = v.InferOutput<typeof PendingExampleSchema>;
