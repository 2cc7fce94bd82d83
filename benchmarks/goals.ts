import { readFileSync, writeFileSync } from 'node:fs';

/** A figure `npm run bench` measures that an issue set a goal for. */
interface Goal {
  figure: string;
  /** Where the figure sits in the report, dot-separated; array items by index. */
  path: string;
  goal: number;
  /** 'at most' for times and sizes, 'at least' for rates. */
  bound: 'at most' | 'at least';
  unit: string;
}

export const GOALS: Goal[] = [
  { figure: 'camera frame → top 3, 1k faces, median', path: 'pipeline.live.frameToTop3Ms.median', goal: 25, bound: 'at most', unit: 'ms' },
  { figure: 'camera frame → top 3, 1k faces, p95', path: 'pipeline.live.frameToTop3Ms.p95', goal: 50, bound: 'at most', unit: 'ms' },
  { figure: 'results a second in a running popup', path: 'pipeline.live.answersPerSecond', goal: 10, bound: 'at least', unit: '/s' },
  { figure: 'results a second in a running popup, CPU 2x slower', path: 'pipeline.liveSlowerCpu.0.answersPerSecond', goal: 10, bound: 'at least', unit: '/s' },
  { figure: 'results a second in a running popup, CPU 4x slower', path: 'pipeline.liveSlowerCpu.1.answersPerSecond', goal: 10, bound: 'at least', unit: '/s' },
  { figure: 'align + embed a face (and its mirror), median', path: 'pipeline.live.alignAndEmbedMs.median', goal: 10, bound: 'at most', unit: 'ms' },
  { figure: 'popup open → first results, offscreen warm, median', path: 'pipeline.popupOpenToFirstResultsMs.warmOffscreen.median', goal: 600, bound: 'at most', unit: 'ms' },
  { figure: 'popup open → first results, offscreen cold', path: 'pipeline.popupOpenToFirstResultsMs.coldOffscreen', goal: 2000, bound: 'at most', unit: 'ms' },
  { figure: 'memegen ingest, end to end', path: 'ingest.imagesPerSecond', goal: 25, bound: 'at least', unit: 'images/s' },
  { figure: 'top-3 search, 10k faces, median', path: 'search.rows.0.medianMs', goal: 0.5, bound: 'at most', unit: 'ms' },
  { figure: 'top-3 search, 100k faces, median', path: 'search.rows.1.medianMs', goal: 3, bound: 'at most', unit: 'ms' },
  { figure: 'extension package, zipped', path: 'skeleton.packageZipBytes', goal: 15_000_000, bound: 'at most', unit: 'bytes' },
  { figure: 'models shipped, all files', path: 'skeleton.shippedModelBytes', goal: 6_000_000, bound: 'at most', unit: 'bytes' },
];

export interface GoalCheck {
  figure: string;
  goal: string;
  value: number;
  met: boolean;
}

function valueAt(report: unknown, path: string): number | undefined {
  let node: unknown = report;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' ? node : undefined;
}

/** Every goal whose figure this report holds (a run with --only skips the rest). */
export function checkGoals(report: unknown): GoalCheck[] {
  return GOALS.flatMap(({ figure, path, goal, bound, unit }) => {
    const value = valueAt(report, path);
    if (value === undefined) return [];
    const met = bound === 'at most' ? value <= goal : value >= goal;
    return [{ figure, goal: `${bound === 'at most' ? '≤' : '≥'} ${goal} ${unit}`, value, met }];
  });
}

/** One line per figure, a missed goal in capitals, so it cannot scroll past unseen. */
export function goalLines(checks: GoalCheck[]): string[] {
  return checks.map(({ figure, goal, value, met }) => `${met ? 'goal met    ' : 'OVER GOAL   '} ${figure}: ${value} (goal ${goal})`);
}

const START = '<!-- bench-goals:start (written by npm run bench from its JSON; do not edit) -->';
const END = '<!-- bench-goals:end -->';

/** The goals table of docs/benchmarks.md, rewritten from a report, with its machine and load. */
export function writeGoalsTable(docPath: string, checks: GoalCheck[], machine: { chromium?: string; loadAverage1m?: number }, measuredAt: string, source: string): void {
  const doc = readFileSync(docPath, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${docPath} has no ${START} … ${END} block to write`);
  const rows = checks.map(({ figure, goal, value, met }) => `| ${figure} | ${goal} | ${met ? value : `**${value}** (over)`} |`);
  const table = [
    START,
    `From \`${source}\`, measured ${measuredAt.slice(0, 16).replace('T', ' ')} UTC with ${machine.chromium ?? 'an unrecorded Chromium'} at load average ${machine.loadAverage1m ?? '?'}.`,
    '',
    '| figure | goal | measured |',
    '|---|---|---|',
    ...rows,
    END,
  ].join('\n');
  writeFileSync(docPath, doc.slice(0, from) + table + doc.slice(to + END.length));
}
