/**
 * `npx tsx scripts/expression-prototypes.ts [DATASET...]` → lib/match/expression-prototypes.json
 *
 * The face a word stands for, when the user teaches a meme by picking an expression word: for each
 * of the model's classes, the mean of the L2-normalised embeddings the shipped model gave every
 * face labelled with that expression, re-normalised. Reads the vectors
 * `npm run eval -- --embedder ours --dump-vectors` wrote to benchmarks/calibration/ (the same dump
 * scripts/calibrate-match.ts reads; default tcce-dev and kdef-dev). A class no face carries gets no
 * vector, and the options page does not offer its word. Rerun both after a model change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../lib/eval/csv';
import { canonicalExpression } from '../lib/eval/expressions';
import { loadDataset } from '../lib/eval/node/load-dataset';
import { REPO_ROOT, SHARED } from '../tests/e2e/fixtures';

// Read, not imported: tsx turns each JSON key into a variable, and this file has a key named "eval".
const expressionModel = JSON.parse(readFileSync(join(REPO_ROOT, 'models/expression-embedder.json'), 'utf8')) as { version: string; classes: string[] };
const datasets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['tcce-dev', 'kdef-dev'];

function unit(values: ArrayLike<number>): number[] {
  let norm = 0;
  for (let i = 0; i < values.length; i++) norm += values[i] * values[i];
  norm = Math.sqrt(norm) || 1;
  return Array.from(values, (value) => value / norm);
}

const sums = new Map<string, { faces: number; people: Set<string>; sum: number[] }>();
for (const name of datasets) {
  const { dataset } = loadDataset(join(SHARED, 'datasets', name));
  const byId = new Map(dataset.images.map((image) => [image.id, image]));
  const dump = parseCsv(readFileSync(join(REPO_ROOT, 'benchmarks/calibration', `${name}.ours.csv`), 'utf8'));
  const valueColumns = dump.columns.filter((column) => /^v\d+$/.test(column));
  for (const row of dump.rows) {
    const image = byId.get(row.id);
    if (!image?.expression || row.error) continue;
    const vector = unit(valueColumns.map((column) => Number(row[column])));
    const entry = sums.get(image.expression) ?? { faces: 0, people: new Set<string>(), sum: new Array<number>(vector.length).fill(0) };
    entry.faces++;
    entry.people.add(`${name}/${image.subject}`);
    vector.forEach((value, i) => (entry.sum[i] += value));
    sums.set(image.expression, entry);
  }
}

const round = (value: number) => Number(value.toFixed(6));
const classes: Record<string, { faces: number; people: number; vector: number[] }> = {};
for (const modelClass of expressionModel.classes) {
  const expression = canonicalExpression(modelClass);
  const entry = expression ? sums.get(expression) : undefined;
  if (!entry) continue;
  classes[modelClass] = { faces: entry.faces, people: entry.people.size, vector: unit(entry.sum).map(round) };
}

const prototypes = { modelVersion: expressionModel.version, measuredBy: 'scripts/expression-prototypes.ts', datasets, classes };
writeFileSync(join(REPO_ROOT, 'lib/match/expression-prototypes.json'), `${JSON.stringify(prototypes)}\n`);
console.log(Object.entries(classes).map(([name, entry]) => `${name}: ${entry.faces} faces of ${entry.people} people`).join('\n'));
