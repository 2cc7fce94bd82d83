import * as v from 'valibot';

/** Shapes that cross a context boundary; each is checked where it is received. */
export const PointSchema = v.object({ x: v.number(), y: v.number() });

export const FaceBoxSchema = v.object({
  x: v.number(),
  y: v.number(),
  width: v.number(),
  height: v.number(),
  score: v.number(),
  keypoints: v.array(PointSchema),
});

export const FrameTimingsSchema = v.object({
  detectMs: v.number(),
  embedMs: v.optional(v.number()),
  searchMs: v.optional(v.number()),
  totalMs: v.number(),
});

export const CandidateSchema = v.object({ memeId: v.string(), faceId: v.string(), score: v.number() });

/** The live match for the largest face: its expression and the library's nearest memes. */
export const MatchSchema = v.object({
  faceIndex: v.number(),
  probabilities: v.array(v.number()),
  candidates: v.array(CandidateSchema),
  librarySize: v.number(),
});
