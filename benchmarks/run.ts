/**
 * `npm run bench`: every timing the docs quote, written as one JSON report. Not a test: it
 * asserts nothing; it measures on whatever machine runs it and records which (Chromium version,
 * load as each section starts), and ends with one line per goal, a missed one in capitals.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT, CHROMIUM } from '../tests/e2e/fixtures';
import { benchmarkSkeleton } from './skeleton';
import { benchmarkPipeline } from './pipeline';
import { runSearchBenchmark } from './search';
import { runIngestBenchmarks } from './ingest';
import { benchmarkIngestStages } from './ingest-stages';
import { checkGoals, goalLines, writeGoalsTable } from './goals';

const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(REPO_ROOT, 'benchmarks/results/latest.json');

execFileSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
// --only NAME[,NAME] runs a subset (skeleton, pipeline, search, ingest, ingest-stages); every section by default.
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : undefined;
const wanted = (name: string) => !only || only.has(name);

const chromium = execFileSync(CHROMIUM, ['--version']).toString().trim();
// Load average as each section starts: other work on the machine slows every figure.
const loadBySection: Record<string, number> = {};
async function section<T>(name: string, run: () => T | Promise<T>): Promise<T | undefined> {
  if (!wanted(name)) return undefined;
  loadBySection[name] = loadavg()[0];
  return run();
}

const report = {
  measuredAt: new Date().toISOString(),
  machine: { loadAverage1m: loadavg()[0], loadBySection, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), chromium },
  skeleton: await section('skeleton', benchmarkSkeleton),
  pipeline: await section('pipeline', benchmarkPipeline),
  search: await section('search', runSearchBenchmark),
  ingest: await section('ingest', () => runIngestBenchmarks()),
  ingestStages: await section('ingest-stages', benchmarkIngestStages),
};
const goals = checkGoals(report);
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify({ ...report, goals }, null, 2)}\n`);
console.log(JSON.stringify({ ...report, goals }, null, 2));
console.log(`Wrote ${out}`);
// The docs' goals table is regenerated from a full run only, never typed by hand.
if (!only) {
  writeGoalsTable(join(REPO_ROOT, 'docs/benchmarks.md'), goals, report.machine, report.measuredAt, relative(REPO_ROOT, out));
  console.log('Rewrote the goals table in docs/benchmarks.md');
}
console.log(['', `Goals (${chromium}, load ${report.machine.loadAverage1m.toFixed(1)} at the start):`, ...goalLines(goals)].join('\n'));
