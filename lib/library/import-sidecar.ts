import * as v from 'valibot';
import { parseCsv } from '../eval/csv';

/**
 * What a sidecar file picked along with images says about them: a `manifest.json` (a Meme Mirror
 * export's own, or any `{ memes: [{ file, title, … }] }`) or an `index.csv` with a `file` column
 * and a `title` or `name` column (memegen's folder has one), optionally `source`.
 */
export interface SidecarEntry {
  title: string;
  sourceUrl?: string;
  pageUrl?: string;
  addedAt?: number;
}

export const SIDECAR_NAMES = ['manifest.json', 'index.csv'];

const ManifestSchema = v.object({
  memes: v.array(
    v.object({
      file: v.string(),
      title: v.string(),
      sourceUrl: v.optional(v.string()),
      pageUrl: v.optional(v.string()),
      addedAt: v.optional(v.number()),
    }),
  ),
});

const isWebUrl = (text: string | undefined) => text !== undefined && /^https?:\/\//i.test(text);

/**
 * The entries of a sidecar, keyed by each file's path relative to the sidecar's folder; an empty
 * map for a file that is not one (a stray CSV, broken JSON): the images still import by name.
 */
export function parseSidecar(name: string, text: string): Map<string, SidecarEntry> {
  const entries = new Map<string, SidecarEntry>();
  if (/\.json$/i.test(name)) {
    let parsed: v.SafeParseResult<typeof ManifestSchema>;
    try {
      parsed = v.safeParse(ManifestSchema, JSON.parse(text));
    } catch {
      return entries;
    }
    if (!parsed.success) return entries;
    for (const meme of parsed.output.memes) {
      entries.set(meme.file, {
        title: meme.title,
        ...(isWebUrl(meme.sourceUrl) ? { sourceUrl: meme.sourceUrl } : {}),
        ...(isWebUrl(meme.pageUrl) ? { pageUrl: meme.pageUrl } : {}),
        ...(meme.addedAt !== undefined ? { addedAt: meme.addedAt } : {}),
      });
    }
    return entries;
  }
  const table = parseCsv(text);
  const titleColumn = ['title', 'name'].find((column) => table.columns.includes(column));
  if (!table.columns.includes('file') || !titleColumn) return entries;
  for (const row of table.rows) {
    const title = row[titleColumn]?.trim();
    if (!row.file || !title) continue;
    // A CSV's "source" is the page the image is known from, not where its bytes came from.
    entries.set(row.file, { title, ...(isWebUrl(row.source) ? { pageUrl: row.source } : {}) });
  }
  return entries;
}

/** The folder part of a picked file's path ("memegen/images/a.jpg" → "memegen/"). */
function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/**
 * Looks a picked image up in the sidecars picked with it: by its path relative to a sidecar's
 * folder, or, for files picked one by one (no folder), by its file name alone.
 */
export function sidecarEntryFor(imagePath: string, sidecars: readonly { path: string; entries: Map<string, SidecarEntry> }[]): SidecarEntry | undefined {
  for (const sidecar of sidecars) {
    const folder = folderOf(sidecar.path);
    if (folder && imagePath.startsWith(folder)) {
      const found = sidecar.entries.get(imagePath.slice(folder.length));
      if (found) return found;
    }
    if (!imagePath.includes('/')) {
      for (const [file, entry] of sidecar.entries) if (file === imagePath || file.endsWith(`/${imagePath}`)) return entry;
    }
  }
  return undefined;
}
