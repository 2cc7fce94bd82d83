/**
 * `npx tsx training/head-table.ts`: joins the head's vector dumps (training/head_dumps.sh) with the
 * datasets' labels, read by lib/eval's own loader so that training and scoring map labels the same
 * way, into training/.cache/head/table.csv: one row per face the expression model embedded, with its
 * role (fit, pool, dev), set, subject, expression, group, target distribution over HEAD_CLASSES,
 * the dumped values of ours (64 for a single net, 128 for the shipped pair) and the landmarker's 52 scores (empty where it found no face).
 * training/head.py fits on it; training/head-score.ts scores from it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../lib/eval/csv';
import type { EvalDataset, EvalImage } from '../lib/eval/dataset';
import { canonicalExpression, type Expression } from '../lib/eval/expressions';
import { loadDataset } from '../lib/eval/node/load-dataset';
import { parseSubjectList } from '../lib/eval/subject-filter';
import { BLENDSHAPE_COUNT } from '../lib/vision/face-landmarker';
import { HEAD_CLASSES, HEAD_DIR, type HeadRole } from './head-sets';

const DATASETS = '../shared/datasets';
const DUMPS = join(HEAD_DIR, 'dumps');
const LISTS = join(HEAD_DIR, 'lists');

interface SetSpec {
  role: HeadRole;
  set: string;
  dataset: string;
  dump: string;
  keep: (image: EvalImage) => boolean;
}

const listed = (name: string) => {
  const subjects = new Set(parseSubjectList(readFileSync(join(LISTS, `${name}.txt`), 'utf8')));
  return (image: EvalImage) => subjects.has(image.subject);
};
const heldOut = (set: string) => new Set(parseSubjectList(readFileSync(`training/held-out/${set}.txt`, 'utf8')));
const kdefHeldOut = heldOut('kdef-dev');
const ckplusHeldOut = heldOut('ckplus48');

const SETS: SetSpec[] = [
  { role: 'fit', set: 'kdef-dev train', dataset: 'kdef-dev', dump: 'kdef-dev', keep: (image) => !kdefHeldOut.has(image.subject) },
  { role: 'fit', set: 'ckplus48 train', dataset: 'ckplus48', dump: 'ckplus48', keep: (image) => !ckplusHeldOut.has(image.subject) },
  { role: 'fit', set: 'rafdb fit', dataset: 'rafdb', dump: 'rafdb', keep: listed('rafdb-fit') },
  { role: 'fit', set: 'affectnet fit', dataset: 'affectnet-sub', dump: 'affectnet-sub', keep: listed('affectnet-fit') },
  { role: 'fit', set: 'ferplus fit', dataset: 'ferplus', dump: 'ferplus-fit', keep: listed('ferplus-fit') },
  { role: 'fit', set: 'cew fit', dataset: 'cew-closed-eyes', dump: 'cew-closed-eyes', keep: listed('cew-fit') },
  { role: 'fit', set: 'contempt fit', dataset: 'contempt-smirk', dump: 'contempt-smirk', keep: listed('contempt-fit') },
  { role: 'pool', set: 'kdef-dev held-out', dataset: 'kdef-dev', dump: 'kdef-dev', keep: (image) => kdefHeldOut.has(image.subject) },
  { role: 'pool', set: 'ckplus48 held-out', dataset: 'ckplus48', dump: 'ckplus48', keep: (image) => ckplusHeldOut.has(image.subject) },
  { role: 'pool', set: 'ferplus valid', dataset: 'ferplus', dump: 'ferplus-valid', keep: listed('ferplus-valid') },
  { role: 'pool', set: 'rafdb pool', dataset: 'rafdb', dump: 'rafdb', keep: listed('rafdb-pool') },
  { role: 'pool', set: 'affectnet pool', dataset: 'affectnet-sub', dump: 'affectnet-sub', keep: listed('affectnet-pool') },
  { role: 'dev', set: 'tcce-dev', dataset: 'tcce-dev', dump: 'tcce-dev', keep: () => true },
  { role: 'dev', set: 'yalefaces', dataset: 'yalefaces', dump: 'yalefaces', keep: () => true },
  { role: 'dev', set: 'rafdb test', dataset: 'rafdb', dump: 'rafdb', keep: listed('rafdb-test') },
  { role: 'dev', set: 'cew check', dataset: 'cew-closed-eyes', dump: 'cew-closed-eyes', keep: listed('cew-check') },
];

/** A vector dump: id → values (null where the embedder was asked and found nothing), and how many values a face has. */
interface Dump {
  width: number;
  vectors: Map<string, number[] | null>;
}

/** Reads a dump; its width is its v0, v1, ... columns, which must number `expected` where given. */
function readDump(path: string, expected?: number): Dump {
  if (!existsSync(path)) throw new Error(`${path} missing: run training/head_dumps.sh`);
  const table = parseCsv(readFileSync(path, 'utf8'));
  const columns = table.columns.filter((column) => /^v\d+$/.test(column));
  if (expected !== undefined && columns.length !== expected) throw new Error(`${path}: ${columns.length} values a face, expected ${expected}`);
  const vectors = new Map(
    table.rows.map((row): [string, number[] | null] => {
      if (row.error) return [row.id, null];
      const values = columns.map((column) => Number(row[column]));
      if (values.some((value) => !Number.isFinite(value))) throw new Error(`${path}: ${row.id} lacks ${columns.length} numbers`);
      return [row.id, values];
    }),
  );
  return { width: columns.length, vectors };
}

const dumps = new Map<string, Dump>();
/** A set's dump by one embedder, read once however many specs share it. */
function dumpOf(dump: string, embedder: 'ours' | 'landmarker', expected?: number): Dump {
  const key = `${dump}.${embedder}`;
  const read = dumps.get(key) ?? readDump(join(DUMPS, `${key}.csv`), expected);
  dumps.set(key, read);
  return read;
}

/** FER+'s votes over its expressions folded onto HEAD_CLASSES; other sets' label, one-hot. */
function target(dataset: EvalDataset, image: EvalImage): number[] | null {
  const distribution: number[] = Array(HEAD_CLASSES.length).fill(0);
  if (image.votes) {
    dataset.voteClasses.forEach((name, i) => {
      const at = HEAD_CLASSES.indexOf(canonicalExpression(name) as Expression);
      if (at >= 0) distribution[at] += image.votes?.[i] ?? 0;
    });
  } else {
    const at = HEAD_CLASSES.indexOf(image.expression as Expression);
    if (at >= 0) distribution[at] = 1;
  }
  const total = distribution.reduce((sum, value) => sum + value, 0);
  return total > 0 ? distribution.map((value) => value / total) : null;
}

// The expression model's width, from its first dump: the two-net pair writes 128 values, not 64.
const APPEARANCE_DIMENSION = dumpOf(SETS[0].dump, 'ours').width;
const loaded = new Map<string, EvalDataset>();
const header = [
  'role', 'set', 'id', 'subject', 'expression', 'group',
  ...HEAD_CLASSES.map((_, i) => `t${i}`),
  ...Array.from({ length: APPEARANCE_DIMENSION }, (_, i) => `o${i}`),
  ...Array.from({ length: BLENDSHAPE_COUNT }, (_, i) => `b${i}`),
];
const lines = [header.join(',')];
for (const spec of SETS) {
  const dataset = loaded.get(spec.dataset) ?? loadDataset(join(DATASETS, spec.dataset)).dataset;
  loaded.set(spec.dataset, dataset);
  const ours = dumpOf(spec.dump, 'ours', APPEARANCE_DIMENSION).vectors;
  const landmarker = dumpOf(spec.dump, 'landmarker', BLENDSHAPE_COUNT).vectors;
  let rows = 0;
  let missedByLandmarker = 0;
  for (const image of dataset.images) {
    const appearance = ours.get(image.id);
    if (!spec.keep(image) || !appearance) continue;
    const distribution = target(dataset, image);
    // Fitting needs a target; scoring needs an expression to match on.
    if (spec.role === 'fit' ? !distribution : !image.expression) continue;
    const scores = landmarker.get(image.id) ?? null;
    if (!scores) missedByLandmarker++;
    // Ids and groups carry no commas in these sets; a label that did would break the table, so refuse it.
    const text = [spec.role, spec.set, image.id, image.subject, image.expression ?? '', image.group ?? ''];
    if (text.some((field) => /[",\n]/.test(field))) throw new Error(`${spec.set}: ${image.id} has a field the table cannot hold`);
    lines.push(
      [
        ...text,
        ...(distribution ?? Array(HEAD_CLASSES.length).fill(0)).map((value) => value.toFixed(4)),
        ...appearance.map(String),
        ...(scores ? scores.map(String) : Array(BLENDSHAPE_COUNT).fill('')),
      ].join(','),
    );
    rows++;
  }
  console.log(`${spec.role} ${spec.set}: ${rows} faces (landmarker missed ${missedByLandmarker})`);
}
writeFileSync(join(HEAD_DIR, 'table.csv'), lines.join('\n') + '\n');
console.log(`→ ${join(HEAD_DIR, 'table.csv')}`);
