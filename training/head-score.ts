/**
 * `npx tsx training/head-score.ts [RUN] [DIR]`: scores the learned head (training/head.py, run folder
 * DIR/RUN; DIR defaults to training/.cache/head, RUN to `head`) against the shipped model alone, the committed late
 * fusion (models/expression-fusion.json) and the landmarker's z-scored blendshapes alone (fusion
 * weight 0), on the faces of DIR/table.csv, and applies the rule in
 * training/README.md ("Learned geometry + appearance head"), and the fusion's rule (its gain over the
 * appearance model alone; "Geometry beside the shipped pair"). P@1 comes from `crossIdentityHits`,
 * the code the fusion rule used; intervals and paired gains from lib/eval/bootstrap.ts.
 * Writes training/runs/RUN-score.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapOverPeople, DEFAULT_BOOTSTRAP, pairedGain, pooledMean, type BootstrapInterval, type QueryScore } from '../lib/eval/bootstrap';
import { nearestExpressionConfusion, type ConfusionMatrix } from '../lib/eval/confusion';
import { parseCsv } from '../lib/eval/csv';
import { toMatrix } from '../lib/eval/embedding-distance';
import { canonicalExpression, EXPRESSIONS } from '../lib/eval/expressions';
import { crossIdentityHits } from '../lib/eval/fusion-weight';
import { identityConfusion, type RetrievalItem } from '../lib/eval/retrieval';
import { fuseExpression, parseExpressionFusion, type ExpressionFusion } from '../lib/embedding/expression-fusion';
import { BLENDSHAPE_COUNT } from '../lib/vision/face-landmarker';
import { HEAD_DIR, type HeadRole } from './head-sets';

const run = process.argv[2] ?? 'head';
const dir = process.argv[3] ?? HEAD_DIR;
const EMBEDDERS = ['ours', 'fusion', 'geometry', 'head'] as const;
type Embedder = (typeof EMBEDDERS)[number];

const fusion = parseExpressionFusion(JSON.parse(readFileSync('models/expression-fusion.json', 'utf8')));
const oursAlone: ExpressionFusion = { ...fusion, weight: 1 };
const geometryAlone: ExpressionFusion = { ...fusion, weight: 0 };

interface ScoredSet {
  role: HeadRole;
  name: string;
  items: RetrievalItem[];
  vectors: Record<Embedder, Float32Array[]>;
}

function readSets(): ScoredSet[] {
  const table = parseCsv(readFileSync(join(dir, 'table.csv'), 'utf8'));
  const head = parseCsv(readFileSync(join(dir, run, 'vectors.csv'), 'utf8'));
  // The appearance model's width (64 for a single net, 128 for the pair): the table's o columns.
  const width = table.columns.filter((column) => /^o\d+$/.test(column)).length;
  const headVectors = new Map(head.rows.map((row) => [`${row.set}\u0000${row.id}`, Float32Array.from({ length: width }, (_, i) => Number(row[`h${i}`]))]));
  const sets = new Map<string, ScoredSet>();
  for (const row of table.rows) {
    if (row.role === 'fit') continue;
    const expression = canonicalExpression(row.expression);
    if (!expression) throw new Error(`${row.set} ${row.id}: no expression`);
    const set = sets.get(row.set) ?? { role: row.role as HeadRole, name: row.set, items: [], vectors: { ours: [], fusion: [], geometry: [], head: [] } };
    sets.set(row.set, set);
    const appearance = Float32Array.from({ length: width }, (_, i) => Number(row[`o${i}`]));
    const scores = row.b0 === '' ? null : Float32Array.from({ length: BLENDSHAPE_COUNT }, (_, i) => Number(row[`b${i}`]));
    const learned = headVectors.get(`${row.set}\u0000${row.id}`);
    if (!learned) throw new Error(`${run}/vectors.csv lacks ${row.set} ${row.id}`);
    set.items.push({ subject: row.subject, expression, ...(row.group ? { group: row.group } : {}) });
    set.vectors.ours.push(fuseExpression(appearance, null, oursAlone));
    set.vectors.fusion.push(fuseExpression(appearance, scores, fusion));
    set.vectors.geometry.push(fuseExpression(appearance, scores, geometryAlone).subarray(width));
    set.vectors.head.push(learned);
  }
  return [...sets.values()];
}

interface Figure {
  p1: number;
  interval: BootstrapInterval;
  queries: number;
}
interface EmbedderScores extends Figure {
  byExpression: Record<string, Figure>;
  byGroup: Record<string, Figure>;
  confusion: ConfusionMatrix;
  identityConfusion?: ReturnType<typeof identityConfusion>;
}
const figure = (hits: QueryScore[]): Figure => ({ p1: pooledMean([hits]), interval: bootstrapOverPeople([hits], DEFAULT_BOOTSTRAP), queries: hits.length });

/** Hits split by a key of the query; crossIdentityHits keeps one hit per item when every person has a gallery. */
function splitBy(items: readonly RetrievalItem[], hits: QueryScore[], key: (item: RetrievalItem) => string | undefined): Record<string, Figure> {
  if (hits.length !== items.length) throw new Error(`${hits.length} hits for ${items.length} items`);
  const parts = new Map<string, QueryScore[]>();
  items.forEach((item, i) => {
    const name = key(item);
    if (name !== undefined) parts.set(name, [...(parts.get(name) ?? []), hits[i]]);
  });
  return Object.fromEntries([...parts].map(([name, part]) => [name, figure(part)]));
}

const sets = readSets();
const hits = new Map(sets.map((set) => [set.name, Object.fromEntries(EMBEDDERS.map((embedder) => [embedder, crossIdentityHits(set.items, set.vectors[embedder])])) as Record<Embedder, QueryScore[]>]));
const pool = sets.filter((set) => set.role === 'pool');
const poolHits = (embedder: Embedder) => pool.map((set) => hits.get(set.name)?.[embedder] ?? []);

const pooled = Object.fromEntries(EMBEDDERS.map((embedder) => [embedder, { p1: pooledMean(poolHits(embedder)), interval: bootstrapOverPeople(poolHits(embedder), DEFAULT_BOOTSTRAP) }]));
const gainOverOurs = pairedGain(poolHits('head'), poolHits('ours'), DEFAULT_BOOTSTRAP);
const gainOverFusion = pairedGain(poolHits('head'), poolHits('fusion'), DEFAULT_BOOTSTRAP);
const passes = gainOverOurs.interval.low > 0 && gainOverFusion.interval.low > 0;
// The fusion's own rule: its gain over the appearance model alone, on the same faces.
const fusionGainOverOurs = pairedGain(poolHits('fusion'), poolHits('ours'), DEFAULT_BOOTSTRAP);
const fusionPasses = fusionGainOverOurs.interval.low > 0;

const perSet = sets.map((set) => {
  const setHits = hits.get(set.name) as Record<Embedder, QueryScore[]>;
  return {
    role: set.role,
    name: set.name,
    faces: set.items.length,
    landmarkerMissed: set.vectors.geometry.filter((vector) => vector.every((value) => value === 0)).length,
    embedders: Object.fromEntries(
      EMBEDDERS.map((embedder): [Embedder, EmbedderScores] => [
        embedder,
        {
          ...figure(setHits[embedder]),
          byExpression: splitBy(set.items, setHits[embedder], (item) => item.expression),
          byGroup: splitBy(set.items, setHits[embedder], (item) => item.group),
          confusion: nearestExpressionConfusion(set.items, set.vectors[embedder]),
          ...(set.name === 'tcce-dev' ? { identityConfusion: identityConfusion(set.items, toMatrix(set.vectors[embedder])) } : {}),
        },
      ]),
    ) as Record<Embedder, EmbedderScores>,
  };
});

// The eyes-shut check: each held-back CEW face asks for its nearest face among the CEW faces and
// rafdb test's, which has no shut-eyed class: a hit is another shut-eyed face.
const cew = sets.find((set) => set.name === 'cew check');
const rafTest = sets.find((set) => set.name === 'rafdb test');
const eyesShut =
  cew && rafTest
    ? Object.fromEntries(
        EMBEDDERS.map((embedder) => {
          const items = [...cew.items, ...rafTest.items];
          const all = crossIdentityHits(items, [...cew.vectors[embedder], ...rafTest.vectors[embedder]]);
          return [embedder, figure(all.slice(0, cew.items.length))];
        }),
      )
    : null;

const f3 = (value: number) => value.toFixed(3);
const show = (entry: { p1: number; interval: BootstrapInterval }) => `${f3(entry.p1)} [${f3(entry.interval.low)}, ${f3(entry.interval.high)}]`;
for (const set of perSet) {
  const cells = EMBEDDERS.map((embedder) => `${embedder} ${show(set.embedders[embedder])}`);
  console.log(`${set.role} ${set.name} (${set.faces} faces, landmarker missed ${set.landmarkerMissed}): ${cells.join('  ')}`);
}
console.log(`pooled P@1: ${EMBEDDERS.map((embedder) => `${embedder} ${show(pooled[embedder])}`).join('  ')}`);
if (eyesShut) console.log(`eyes-shut check (${cew?.items.length} CEW faces among rafdb test): ${EMBEDDERS.map((embedder) => `${embedder} ${show(eyesShut[embedder])}`).join('  ')}`);
console.log(`head − ours ${show({ p1: gainOverOurs.value, interval: gainOverOurs.interval })}; head − fusion ${show({ p1: gainOverFusion.value, interval: gainOverFusion.interval })}`);
console.log(`fusion − ours ${show({ p1: fusionGainOverOurs.value, interval: fusionGainOverOurs.interval })}: the fusion ${fusionPasses ? 'passes' : 'does not pass'} its rule`);
console.log(passes ? 'the head passes the validation rule (the browser identity-confusion floor is still to check)' : 'the head does not pass the validation rule');

/** Row-normalised: each query expression's share of nearest-other-person expressions, as a markdown table. */
function confusionTable(confusion: ConfusionMatrix): string {
  const rows = EXPRESSIONS.filter((expression) => confusion[expression]);
  const columns = EXPRESSIONS.filter((expression) => rows.some((row) => confusion[row]?.[expression]));
  const lines = [`| query \\ nearest | ${columns.join(' | ')} | queries |`, `|---|${columns.map(() => '---|').join('')}---|`];
  for (const row of rows) {
    const counts = confusion[row] ?? {};
    const total = Object.values(counts).reduce((sum, count) => sum + (count ?? 0), 0);
    lines.push(`| ${row} | ${columns.map((column) => ((counts[column] ?? 0) / total).toFixed(2)).join(' | ')} | ${Math.round(total)} |`);
  }
  return lines.join('\n');
}

writeFileSync(
  `training/runs/${run}-confusion.md`,
  `# ${run}: nearest-other-person confusion (row = query expression; shares of its P@1 neighbours)\n\n` +
    perSet
      .flatMap((set) => (['ours', 'fusion', 'head'] as const).map((embedder) => `## ${set.name} × ${embedder} (P@1 ${f3(set.embedders[embedder].p1)})\n\n${confusionTable(set.embedders[embedder].confusion)}\n`))
      .join('\n'),
);
writeFileSync(
  `training/runs/${run}-score.json`,
  `${JSON.stringify({ run, bootstrap: DEFAULT_BOOTSTRAP, fusion: fusion.version, pooled, gainOverOurs, gainOverFusion, passes, fusionGainOverOurs, fusionPasses, eyesShut, sets: perSet }, null, 1)}\n`,
);
console.log(`→ training/runs/${run}-score.json, training/runs/${run}-confusion.md`);
