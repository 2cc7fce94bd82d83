import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';

/** The imgflip API that lists popular meme templates; no key needed. */
export const IMGFLIP_GET_MEMES = 'https://api.imgflip.com/get_memes';

/**
 * Where the starter pack comes from. A setting, not a constant, so that tests (and anyone who
 * mirrors the list) can point it at another server with the same JSON shape.
 */
export const starterPackUrl = storage.defineItem<string>('local:starterPackUrl', { fallback: IMGFLIP_GET_MEMES, version: 1 });

export const STARTER_PACK_SIZE = 100;

const GetMemesSchema = v.object({
  success: v.literal(true),
  data: v.object({
    memes: v.array(
      v.object({
        id: v.union([v.string(), v.number()]),
        name: v.string(),
        url: v.pipe(v.string(), v.url()),
        width: v.optional(v.number()),
        height: v.optional(v.number()),
        box_count: v.optional(v.number()),
      }),
    ),
  }),
});

export interface StarterMeme {
  id: string;
  name: string;
  url: string;
}

/** Parses a `get_memes` answer; the first `limit` templates (the API lists the most popular first). */
export function parseStarterPack(json: unknown, limit = STARTER_PACK_SIZE): StarterMeme[] {
  const parsed = v.safeParse(GetMemesSchema, json);
  if (!parsed.success) throw new Error(`unexpected answer: ${v.summarize(parsed.issues)}`);
  return parsed.output.data.memes.slice(0, limit).map((meme) => ({ id: String(meme.id), name: meme.name, url: meme.url }));
}

/** Host patterns the starter pack needs when it comes from imgflip (asked for on the button press). */
export function starterPackOrigins(listUrl: string): string[] {
  return new URL(listUrl).hostname.endsWith('imgflip.com') ? ['https://api.imgflip.com/*', 'https://i.imgflip.com/*'] : [];
}

export async function fetchStarterPack(listUrl: string, limit = STARTER_PACK_SIZE): Promise<StarterMeme[]> {
  const response = await fetch(listUrl, { credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return parseStarterPack(await response.json(), limit);
}
