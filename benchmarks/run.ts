/**
 * `npm run bench`: every timing the README quotes, written as one JSON report. Not a test: it
 * asserts nothing; it measures on whatever machine runs it and records which.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT, CHROMIUM } from '../tests/e2e/fixtures';
import { benchmarkSkeleton } from './skeleton';
import { benchmarkPipeline } from './pipeline';
import { runSearchBenchmark } from './search';
import { runIngestBenchmark } from './ingest';

const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(REPO_ROOT, 'benchmarks/results/latest.json');

execFileSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
// --only NAME[,NAME] runs a subset (skeleton, pipeline, search, ingest); every section by default.
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : undefined;
const wanted = (name: string) => !only || only.has(name);

const report = {
  measuredAt: new Date().toISOString(),
  // Load average at the start: other work on the machine slows every figure.
  machine: { loadAverage1m: loadavg()[0], cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), chromium: execFileSync(CHROMIUM, ['--version']).toString().trim() },
  skeleton: wanted('skeleton') ? await benchmarkSkeleton() : undefined,
  pipeline: wanted('pipeline') ? await benchmarkPipeline() : undefined,
  search: wanted('search') ? runSearchBenchmark() : undefined,
  ingest: wanted('ingest') ? await runIngestBenchmark() : undefined,
};
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
console.log(`Wrote ${out}`);
