import type { EditorKind } from '../editors/editor-kind';
import type { SiteAdapter } from '../sites/site-adapter';
import type { Evidence } from '../acceptance';

/** The message box the user was typing in, with what we know about it. */
export interface Composer {
  /** The editable root: a textarea, an input, or the contenteditable host of an editor. */
  element: HTMLElement;
  editor: EditorKind;
  site: SiteAdapter;
}

export type StrategyName = 'paste' | 'drop' | 'file-input';

export type StrategyResult =
  | { accepted: true; evidence: Evidence }
  /**
   * `withdrawn`: the page showed the file, then removed it (an upload it refused); another
   * strategy would hand the same file to the same upload.
   */
  | { accepted: false; reason: string; withdrawn?: true };

/**
 * One way of handing the meme to the page. It dispatches what a person would cause, then waits
 * for a signal that the page took the file; it never reports success on a hunch.
 */
export type InsertStrategy = (composer: Composer, meme: File, signal: AbortSignal) => Promise<StrategyResult>;
