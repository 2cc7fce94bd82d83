import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../csv';
import type { Expression } from '../expressions';
import { loadDataset } from './load-dataset';

/** One face of a calibration dump: who it is, what it shows, and the shipped model's vector. */
export interface CalibrationFace {
  subject: string;
  label: string;
  expression: Expression | null;
  /** L2-normalised, in double precision as read from the CSV. */
  vector: number[];
}

export function unitVector(values: ArrayLike<number>): number[] {
  let norm = 0;
  for (let i = 0; i < values.length; i++) norm += values[i] * values[i];
  norm = Math.sqrt(norm) || 1;
  return Array.from(values, (value) => value / norm);
}

/**
 * The faces of `datasets/<name>` with the vectors `npm run eval -- --embedder ours --dump-vectors`
 * wrote to `<repoRoot>/benchmarks/calibration/<name>.ours.csv`; faces the dump has an error for
 * are left out. Read by scripts/calibrate-match.ts and scripts/expression-prototypes.ts.
 */
export function calibrationFaces(repoRoot: string, sharedRoot: string, name: string): CalibrationFace[] {
  const { dataset } = loadDataset(join(sharedRoot, 'datasets', name));
  const byId = new Map(dataset.images.map((image) => [image.id, image]));
  const dump = parseCsv(readFileSync(join(repoRoot, 'benchmarks/calibration', `${name}.ours.csv`), 'utf8'));
  const valueColumns = dump.columns.filter((column) => /^v\d+$/.test(column));
  return dump.rows.flatMap((row) => {
    const image = byId.get(row.id);
    if (!image || row.error) return [];
    return [{ subject: image.subject, label: image.label, expression: image.expression, vector: unitVector(valueColumns.map((column) => Number(row[column]))) }];
  });
}
