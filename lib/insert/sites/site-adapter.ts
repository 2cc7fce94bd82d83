import type { StrategyName } from '../strategies/insert-strategy';

export type SiteName =
  | 'generic'
  | 'whatsapp'
  | 'telegram'
  | 'discord'
  | 'slack'
  | 'messenger'
  | 'google-chat'
  | 'teams'
  | 'x'
  | 'gmail';

/**
 * What one messenger needs beyond the generic path. Every selector here is a guess about
 * third-party markup that changes without notice, so none is needed for insertion to work:
 * each only adds a signal or a shortcut on top of the generic path.
 */
export interface SiteAdapter {
  name: SiteName;
  /** True on the hosts (and paths) where this site's composer lives. */
  matches(url: URL): boolean;
  /** Where the message box is when nothing editable had focus. */
  composerSelector?: string;
  /** An element that appears once the site has taken the file (attachment tray, media dialog). */
  acceptedSelector?: string;
  /** The input behind the site's own attach button, if it is in the DOM. */
  fileInput(composer: HTMLElement): HTMLInputElement | undefined;
  /** Strategy order; the clipboard fallback always comes last, in the popup. */
  strategies: readonly StrategyName[];
  /** Types the site takes as they are; others are converted to PNG. Undefined: anything image/*. */
  acceptedTypes?: readonly string[];
  /** A cancelled paste/drop means the site took the file (its handler is known to attach it). */
  trustDefaultPrevented: boolean;
}

function acceptsImages(input: HTMLInputElement): boolean {
  const accept = input.accept.trim().toLowerCase();
  if (!accept) return true;
  return accept.split(',').some((type) => {
    const t = type.trim();
    return t === 'image/*' || t.startsWith('image/') || /^\.(png|jpe?g|gif|webp)$/.test(t) || t === '*/*';
  });
}

/**
 * The file input closest to the composer: the first enabled image-accepting one in the nearest
 * ancestor that has any (a form, the composer's toolbar, then outwards, at most 8 levels).
 */
export function nearestFileInput(composer: HTMLElement): HTMLInputElement | undefined {
  let scope: Element | null = composer.parentElement;
  for (let level = 0; scope && level < 8; level++, scope = scope.parentElement) {
    const inputs = [...scope.querySelectorAll<HTMLInputElement>('input[type="file"]')].filter(
      (input) => !input.disabled && acceptsImages(input),
    );
    if (inputs.length > 0) return inputs[0];
  }
  return undefined;
}

export const DEFAULT_STRATEGIES: readonly StrategyName[] = ['paste', 'drop', 'file-input'];

/**
 * Any page: any contenteditable, textarea or text input. Accepted only on a visible sign (a new
 * preview image, the file's name shown, an image in the editor), never on a cancelled event alone.
 */
export const genericSite: SiteAdapter = {
  name: 'generic',
  matches: () => true,
  fileInput: nearestFileInput,
  strategies: DEFAULT_STRATEGIES,
  trustDefaultPrevented: false,
};

/** A site adapter is the generic one plus what the site adds. */
export function defineSite(site: Partial<SiteAdapter> & Pick<SiteAdapter, 'name' | 'matches'>): SiteAdapter {
  return { ...genericSite, ...site };
}

export function hostIs(url: URL, ...hosts: string[]): boolean {
  return hosts.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));
}

/*
Test pages:
  tests/fixtures/composers/pages/{contenteditable,textarea,lexical,prosemirror,slate,draft,quill,tiptap,file-input-only}.html
*/
