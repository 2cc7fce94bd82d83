import type { Evidence } from './acceptance';
import type { EditorName } from './editors/editor-kind';
import type { NotFoundReason } from './find-composer';
import { memeFile, WIDELY_ACCEPTED_TYPES, type MemeToInsert } from './meme-file';
import { memeAsPng } from './png';
import type { SiteAdapter, SiteName } from './sites/site-adapter';
import { insertByDrop } from './strategies/drop';
import { focusComposer, realmOf } from './strategies/dispatch';
import { insertByFileInput } from './strategies/file-input';
import type { Composer, InsertStrategy, StrategyName } from './strategies/insert-strategy';
import { insertByPaste } from './strategies/paste';

export const insertStrategies: Record<StrategyName, InsertStrategy> = {
  paste: insertByPaste,
  drop: insertByDrop,
  'file-input': insertByFileInput,
};

export interface StrategyAttempt {
  strategy: StrategyName;
  accepted: boolean;
  /** The evidence when accepted, the reason otherwise. */
  detail: string;
}

/** What the page-side chain reports back to the popup. */
export type ChainOutcome =
  | { ok: true; strategy: StrategyName; evidence: Evidence; site: SiteName; editor: EditorName; mime: string; attempts: StrategyAttempt[] }
  | { ok: false; reason: NotFoundReason | 'not-accepted' | 'withdrawn' | 'cancelled'; site: SiteName; editor?: EditorName; attempts: StrategyAttempt[] };

/**
 * The type the meme goes in as: as it is when the site takes that type (an animated GIF stays a
 * GIF), PNG otherwise.
 */
export function typeForSite(mime: string, site: SiteAdapter): string {
  const accepted: readonly string[] = site.acceptedTypes ?? WIDELY_ACCEPTED_TYPES;
  return accepted.includes(mime) ? mime : 'image/png';
}

/**
 * Runs the strategy chain on the composer: each step hands the meme over and waits for the page
 * to show it took it, and keep showing it, before the next is tried. Stops at the first accepted
 * step, with focus back in the message box so Enter sends, or at the first the page took and gave
 * up (`withdrawn`: the next would only repeat the refused upload). The clipboard fallback is the popup's (it needs the popup's
 * user gesture), so a chain that fails returns `not-accepted` for the popup to go on.
 */
export async function insertMemeIntoComposer(composer: Composer, meme: MemeToInsert, signal: AbortSignal): Promise<ChainOutcome> {
  const { site, editor } = composer;
  const prepared = typeForSite(meme.mime, site) === meme.mime ? meme : await memeAsPng(meme);
  const attempts: StrategyAttempt[] = [];
  for (const name of site.strategies) {
    if (signal.aborted) return { ok: false, reason: 'cancelled', site: site.name, editor: editor.name, attempts };
    if (!composer.element.isConnected) break;
    const result = await insertStrategies[name](composer, memeFile(prepared, realmOf(composer.element)), signal);
    attempts.push({ strategy: name, accepted: result.accepted, detail: result.accepted ? result.evidence : result.reason });
    if (result.accepted) {
      focusComposer(composer);
      return { ok: true, strategy: name, evidence: result.evidence, site: site.name, editor: editor.name, mime: prepared.mime, attempts };
    }
    if (result.withdrawn) {
      if (composer.element.isConnected) focusComposer(composer);
      return { ok: false, reason: 'withdrawn', site: site.name, editor: editor.name, attempts };
    }
  }
  if (composer.element.isConnected) focusComposer(composer);
  return { ok: false, reason: 'not-accepted', site: site.name, editor: editor.name, attempts };
}
