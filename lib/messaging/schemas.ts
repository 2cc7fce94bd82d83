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

export const FrameTimingsSchema = v.object({ detectMs: v.number(), totalMs: v.number() });
