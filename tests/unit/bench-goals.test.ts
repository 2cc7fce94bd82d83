import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { checkGoals, goalLines, writeGoalsTable } from '@/benchmarks/goals';

const report = {
  pipeline: { live: { frameToTop3Ms: { median: 44.7, p95: 48 }, answersPerSecond: 9 } },
  ingest: { imagesPerSecond: 25 },
};

test('each goal the report holds is checked in its direction; figures a partial run lacks are left out', () => {
  expect(checkGoals(report)).toEqual([
    { figure: 'camera frame → top 3, 1k faces, median', goal: '≤ 25 ms', value: 44.7, met: false },
    { figure: 'camera frame → top 3, 1k faces, p95', goal: '≤ 50 ms', value: 48, met: true },
    { figure: 'results a second in a running popup', goal: '≥ 10 /s', value: 9, met: false },
    { figure: 'memegen ingest, end to end', goal: '≥ 25 images/s', value: 25, met: true },
  ]);
  expect(goalLines(checkGoals(report))[0]).toBe('OVER GOAL    camera frame → top 3, 1k faces, median: 44.7 (goal ≤ 25 ms)');
});

test('the docs table is rewritten between its markers from the report, with Chromium and load', () => {
  const doc = join(mkdtempSync(join(tmpdir(), 'bench-goals-')), 'benchmarks.md');
  writeFileSync(doc, 'before\n<!-- bench-goals:start (written by npm run bench from its JSON; do not edit) -->\nold\n<!-- bench-goals:end -->\nafter\n');
  writeGoalsTable(doc, checkGoals(report), { chromium: 'Chromium 156', loadAverage1m: 1.4 }, '2026-12-06T01:00:00.000Z', 'benchmarks/results/latest.json');
  const text = readFileSync(doc, 'utf8');
  expect(text).toMatch(/^before\n/);
  expect(text).toMatch(/\nafter\n$/);
  expect(text).not.toContain('old');
  expect(text).toContain('with Chromium 156 at load average 1.4');
  expect(text).toContain('| camera frame → top 3, 1k faces, median | ≤ 25 ms | **44.7** (over) |');
  expect(text).toContain('| memegen ingest, end to end | ≥ 25 images/s | 25 |');
});
