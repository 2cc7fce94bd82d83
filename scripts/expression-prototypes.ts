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
import { canonicalExpression } from '../lib/eval/expressions';
import { calibrationFaces, unitVector } from '../lib/eval/node/calibration-faces';
import { REPO_ROOT, SHARED } from '../tests/e2e/fixtures';

// Read, not imported: tsx turns each JSON key into a variable, and this file has a key named "eval".
const expressionModel = JSON.parse(readFileSync(join(REPO_ROOT, 'models/expression-embedder.json'), 'utf8')) as { version: string; classes: string[] };
const datasets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['tcce-dev', 'kdef-dev'];

const sums = new Map<string, { faces: number; people: Set<string>; sum: number[] }>();
for (const name of datasets) {
  for (const face of calibrationFaces(REPO_ROOT, SHARED, name)) {
    if (!face.expression) continue;
    const entry = sums.get(face.expression) ?? { faces: 0, people: new Set<string>(), sum: new Array<number>(face.vector.length).fill(0) };
    entry.faces++;
    entry.people.add(`${name}/${face.subject}`);
    face.vector.forEach((value, i) => (entry.sum[i] += value));
    sums.set(face.expression, entry);
  }
}

const round = (value: number) => Number(value.toFixed(6));
const classes: Record<string, { faces: number; people: number; vector: number[] }> = {};
for (const modelClass of expressionModel.classes) {
  const expression = canonicalExpression(modelClass);
  const entry = expression ? sums.get(expression) : undefined;
  if (!entry) continue;
  classes[modelClass] = { faces: entry.faces, people: entry.people.size, vector: Array.from(unitVector(entry.sum), round) };
}

const prototypes = { modelVersion: expressionModel.version, measuredBy: 'scripts/expression-prototypes.ts', datasets, classes };
writeFileSync(join(REPO_ROOT, 'lib/match/expression-prototypes.json'), `${JSON.stringify(prototypes)}\n`);
console.log(Object.entries(classes).map(([name, entry]) => `${name}: ${entry.faces} faces of ${entry.people} people`).join('\n'));
