import type { CsvTable } from './csv';
import { canonicalExpression, labelGroup, type Expression } from './expressions';

/** Where one image's pixels come from: an encoded file, or a record in a raw grey byte file. */
export type ImageSource = { kind: 'file'; file: string } | { kind: 'raw-grey'; index: number };

export interface EvalImage {
  /** The file path (relative to the dataset) or the raw record index: stable across runs. */
  id: string;
  source: ImageSource;
  /** The person; images of one subject never count as matches for each other. */
  subject: string;
  split: string | null;
  label: string;
  expression: Expression | null;
  /** Rater votes normalised to sum to 1, in `EvalDataset.voteClasses` order; null when absent. */
  votes: number[] | null;
  /**
   * The dataset's own subset (tcce-dev's `perf_type`: ekman-style, personal event, …), if it names
   * one; otherwise what the label implies (CEW's `eyes-closed`), if anything.
   */
  group?: string;
}

/** A raw file of fixed-size grey crops, row-major, one byte per pixel (FER2013's layout). */
export interface RawGreyFile {
  file: string;
  width: number;
  height: number;
}

export interface EvalDataset {
  name: string;
  rawGrey: RawGreyFile | null;
  images: EvalImage[];
  voteClasses: string[];
}

/** A dataset that cannot be scored; the message names the file and the column at fault. */
export class DatasetError extends Error {}

// FER+ stores vote counts per class; "unknown" and "NF" (not a face) are not expressions.
const FERPLUS_VOTE_COLUMNS = ['neutral', 'happiness', 'surprise', 'sadness', 'anger', 'disgust', 'fear', 'contempt'];

function voteColumns(columns: string[]): string[] {
  const prefixed = columns.filter((name) => name.startsWith('vote_'));
  if (prefixed.length > 0) return prefixed;
  return FERPLUS_VOTE_COLUMNS.every((name) => columns.includes(name)) ? FERPLUS_VOTE_COLUMNS : [];
}

function requireColumns(table: CsvTable, labelsPath: string, names: string[]): void {
  const missing = names.filter((name) => !table.columns.includes(name));
  if (missing.length > 0) {
    throw new DatasetError(
      `${labelsPath}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ` +
        `(found: ${table.columns.join(', ') || 'none'})`,
    );
  }
}

function parseVotes(row: Record<string, string>, columns: string[], labelsPath: string, line: number): number[] | null {
  if (columns.length === 0) return null;
  const raw = columns.map((name) => {
    const value = Number(row[name]);
    if (row[name] === '' || !Number.isFinite(value) || value < 0) {
      throw new DatasetError(`${labelsPath}:${line}: column "${name}" is not a non-negative number ("${row[name]}")`);
    }
    return value;
  });
  const total = raw.reduce((sum, value) => sum + value, 0);
  return total > 0 ? raw.map((value) => value / total) : null;
}

/**
 * Reads a labels table into images. Image folders need file, subject and expression columns; a
 * raw grey file needs index (and split when present), takes its label from `expression` or FER+'s
 * `majority`, and treats every record as its own subject when there is no subject column.
 */
export function parseDataset(name: string, labelsPath: string, table: CsvTable, rawGrey: RawGreyFile | null): EvalDataset {
  const labelColumn = rawGrey && !table.columns.includes('expression') ? 'majority' : 'expression';
  requireColumns(table, labelsPath, rawGrey ? ['index', labelColumn] : ['file', 'subject', 'expression']);
  if (table.rows.length === 0) throw new DatasetError(`${labelsPath}: no images listed (the file has a header only)`);

  const votesFrom = voteColumns(table.columns);
  const images = table.rows.map((row, i): EvalImage => {
    const line = i + 2;
    const label = row[labelColumn];
    const expression = canonicalExpression(label);
    const group = row.perf_type || labelGroup(label);
    let source: ImageSource;
    if (rawGrey) {
      const index = Number(row.index);
      if (!Number.isInteger(index) || index < 0) throw new DatasetError(`${labelsPath}:${line}: column "index" is not a record number ("${row.index}")`);
      source = { kind: 'raw-grey', index };
    } else {
      if (!row.file) throw new DatasetError(`${labelsPath}:${line}: column "file" is empty`);
      source = { kind: 'file', file: row.file };
    }
    const id = source.kind === 'file' ? source.file : String(source.index);
    const subject = row.subject || (rawGrey ? `record-${id}` : '');
    if (!subject) throw new DatasetError(`${labelsPath}:${line}: column "subject" is empty`);
    return {
      id,
      source,
      subject,
      split: row.split || null,
      label,
      expression,
      votes: parseVotes(row, votesFrom, labelsPath, line),
      ...(group ? { group } : {}),
    };
  });
  return {
    name,
    rawGrey,
    images,
    voteClasses: votesFrom.map((column) => column.replace(/^vote_/, '')),
  };
}
