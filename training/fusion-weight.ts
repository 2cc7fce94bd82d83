/**
 * `npx tsx training/fusion-weight.ts [DUMPS_DIR]`: the late fusion's blendshape statistics and
 * weight, by the rule in training/README.md ("Late fusion"). Reads vector dumps that the product's
 * pipeline wrote in Chromium (DUMPS_DIR, default training/.cache/fusion):
 *
 *   for e in landmarker ours; do
 *     npm run eval -- --dataset ../shared/datasets/kdef-dev --embedder $e --dump-vectors DIR/kdef-dev.$e.csv
 *     npm run eval -- --dataset ../shared/datasets/ckplus48 --embedder $e --dump-vectors DIR/ckplus48.$e.csv
 *     npm run eval -- --dataset ../shared/datasets/ferplus --subjects DIR/ferplus-valid.txt --embedder $e --dump-vectors DIR/ferplus-valid.$e.csv
 *   done
 *
 * (ferplus-valid.txt: `record-<index>` of every FER+ valid row, which this script writes when missing.)
 * Writes models/expression-fusion.json and training/runs/fusion-weight.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BOOTSTRAP } from '../lib/eval/bootstrap';
import { parseCsv } from '../lib/eval/csv';
import type { EvalImage } from '../lib/eval/dataset';
import { blendshapeStatistics, chooseFusionWeight, MIN_BLENDSHAPE_STD, type FusionValidationSet } from '../lib/eval/fusion-weight';
import { loadDataset } from '../lib/eval/node/load-dataset';
import { parseSubjectList } from '../lib/eval/subject-filter';
import { FACE_LANDMARKER } from '../scripts/assets/build-assets';

// Read, not imported: tsx's JSON import rejects the manifest's "eval" key in strict mode.
const manifest = JSON.parse(readFileSync('models/expression-embedder.json', 'utf8')) as { version: string };
const DATASETS = '../shared/datasets';
const GRID = Array.from({ length: 11 }, (_, i) => i / 10);
const dumps = process.argv[2] ?? 'training/.cache/fusion';

/** id → vector (null: the embedder was asked and found nothing). */
function readDump(path: string): Map<string, Float32Array | null> {
  if (!existsSync(path)) throw new Error(`${path} missing: run the dumps listed at the top of training/fusion-weight.ts`);
  const table = parseCsv(readFileSync(path, 'utf8'));
  const columns = table.columns.filter((column) => /^v\d+$/.test(column));
  return new Map(table.rows.map((row) => [row.id, row.error ? null : Float32Array.from(columns, (column) => Number(row[column]))]));
}

const heldOut = (set: string) => new Set(parseSubjectList(readFileSync(`training/held-out/${set}.txt`, 'utf8')));

function ensureFerValidList(): void {
  const path = join(dumps, 'ferplus-valid.txt');
  if (existsSync(path)) return;
  const valid = loadDataset(join(DATASETS, 'ferplus')).dataset.images.filter((image) => image.split === 'valid');
  writeFileSync(path, valid.map((image) => image.subject).join('\n') + '\n');
}

interface DumpedSet {
  images: EvalImage[];
  ours: Map<string, Float32Array | null>;
  landmarker: Map<string, Float32Array | null>;
}

function readSet(dataset: string, dumpName: string): DumpedSet {
  return {
    images: loadDataset(join(DATASETS, dataset)).dataset.images,
    ours: readDump(join(dumps, `${dumpName}.ours.csv`)),
    landmarker: readDump(join(dumps, `${dumpName}.landmarker.csv`)),
  };
}

/** Faces ours embedded and that carry an expression; the landmarker's scores where it found the face. */
function validationSet(name: string, set: DumpedSet, keep: (image: EvalImage) => boolean): FusionValidationSet {
  const out: FusionValidationSet = { name, items: [], appearance: [], blendshapes: [] };
  for (const image of set.images) {
    const appearance = set.ours.get(image.id);
    if (!keep(image) || !appearance || !image.expression) continue;
    out.items.push({ subject: image.subject, expression: image.expression });
    out.appearance.push(appearance);
    out.blendshapes.push(set.landmarker.get(image.id) ?? null);
  }
  return out;
}

ensureFerValidList();
const kdef = readSet('kdef-dev', 'kdef-dev');
const ckplus = readSet('ckplus48', 'ckplus48');
const ferValid = readSet('ferplus', 'ferplus-valid');
const kdefHeldOut = heldOut('kdef-dev');
const ckplusHeldOut = heldOut('ckplus48');

const trainingScores = [
  ...kdef.images.filter((image) => !kdefHeldOut.has(image.subject)).map((image) => kdef.landmarker.get(image.id)),
  ...ckplus.images.filter((image) => !ckplusHeldOut.has(image.subject)).map((image) => ckplus.landmarker.get(image.id)),
].filter((scores): scores is Float32Array => scores instanceof Float32Array);
const statistics = blendshapeStatistics(trainingScores);

const sets = [
  validationSet('kdef-dev held-out', kdef, (image) => kdefHeldOut.has(image.subject)),
  validationSet('ckplus48 held-out', ckplus, (image) => ckplusHeldOut.has(image.subject)),
  validationSet('ferplus valid', ferValid, (image) => image.split === 'valid'),
];
const choice = chooseFusionWeight(sets, statistics, GRID, DEFAULT_BOOTSTRAP);

const f3 = (value: number) => value.toFixed(3);
for (const row of choice.rows) {
  const perSet = Object.entries(row.perSet).map(([name, entry]) => `${name} ${f3(entry.p1)}`);
  console.log(`w ${row.weight.toFixed(1)}  pooled P@1 ${f3(row.pooledP1)} [${f3(row.pooledInterval.low)}, ${f3(row.pooledInterval.high)}]  ${perSet.join('  ')}`);
}
const { gainOverOurs } = choice;
console.log(
  `chosen w ${choice.weight}; gain over ours ${f3(gainOverOurs.value)} [${f3(gainOverOurs.interval.low)}, ${f3(gainOverOurs.interval.high)}]: ${choice.ships ? 'ships' : 'does not ship'}`,
);

const statisticsHash = createHash('sha256').update(JSON.stringify(statistics)).digest('hex').slice(0, 7);
const fusion = {
  version: `${manifest.version}+bs-w${choice.weight.toFixed(1)}-${statisticsHash}`,
  weight: choice.weight,
  blendshapeMean: statistics.mean.map((value) => Number(value.toFixed(6))),
  blendshapeStd: statistics.std.map((value) => Number(value.toFixed(6))),
  expressionModel: manifest.version,
  landmarkerSha256: FACE_LANDMARKER.sha256,
  statisticsFrom: `landmarker scores of ${trainingScores.length} faces: kdef-dev and ckplus48 training people (not in training/held-out/), std floored at ${MIN_BLENDSHAPE_STD}`,
  choosingRule: 'training/README.md, "Late fusion with the landmarker\'s blendshapes"',
  decision: `${choice.ships ? 'ships' : 'does not ship'}: pooled validation P@1 gain over ours ${f3(gainOverOurs.value)}, 95 % interval over people [${f3(gainOverOurs.interval.low)}, ${f3(gainOverOurs.interval.high)}]`,
};
writeFileSync('models/expression-fusion.json', `${JSON.stringify(fusion, null, 2)}\n`);
writeFileSync(
  'training/runs/fusion-weight.json',
  `${JSON.stringify({ grid: GRID, bootstrap: DEFAULT_BOOTSTRAP, statisticsFaces: trainingScores.length, sets: sets.map((set) => ({ name: set.name, faces: set.items.length, landmarkerMissed: set.blendshapes.filter((scores) => !scores).length })), ...choice }, null, 1)}\n`,
);
console.log(`→ models/expression-fusion.json (${fusion.version}), training/runs/fusion-weight.json`);
