import type { EmbeddingScores, RunScores } from './score-run';

export interface ModelFile {
  role: 'face detector' | 'embedder' | 'landmarker';
  file: string;
  sha256: string;
}

/** What `npm run eval -- --out FILE` writes (benchmarks/eval-results/ keeps one per dataset × embedder). */
export interface EvalReport extends RunScores {
  /** subjects: how many people were scored (all of the dataset's unless --subjects limited them). */
  dataset: { name: string; dir: string; subjects: number };
  embedder: { name: string; version: string | null };
  models: ModelFile[];
  browser: string;
  modelLoadMs: number;
  wallSeconds: number;
  createdAt: string;
}

const f3 = (value: number) => value.toFixed(3);
const ms = (value: number) => value.toFixed(1);

function embeddingLines(label: string, scores: EmbeddingScores, indent: string): string[] {
  const { retrieval, identityConfusion, knn } = scores;
  const lines = [
    `${label.padEnd(indent.length)} P@1 ${f3(retrieval.p1)} [${f3(retrieval.p1Interval.low)}, ${f3(retrieval.p1Interval.high)}]  P@3 ${f3(retrieval.p3)}  mAP ${f3(retrieval.mAP)}  (${retrieval.queries} queries, chance P@1 ${f3(retrieval.chanceP1)})`,
  ];
  if (identityConfusion) {
    lines.push(
      `${indent} identity confusion ${f3(identityConfusion.rate)} (NN is the same person; ${f3(identityConfusion.otherExpressionRate)} with another expression; ${identityConfusion.queries} queries)`,
    );
  }
  const groups = Object.entries(retrieval.p1ByGroup).map(
    ([group, entry]) => `${group} ${f3(entry.p1)} [${f3(entry.p1Interval.low)}, ${f3(entry.p1Interval.high)}] (${entry.queries})`,
  );
  if (groups.length > 0) lines.push(`${indent} P@1 per group: ${groups.join(', ')}`);
  if (knn) lines.push(`${indent} ${knn.k}-NN accuracy ${f3(knn.accuracy)} (${knn.queries} test faces against the train split)`);
  return lines;
}

/** The human-readable summary printed on stdout. */
export function formatReport(report: EvalReport): string {
  const { faces, embedding } = report;
  const methods = Object.entries(faces.methods)
    .filter(([, count]) => count > 0)
    .map(([method, count]) => `${method} ${count}`)
    .join(', ');
  const lines = [
    `${report.dataset.name} × ${report.embedder.name}${report.embedder.version ? ` (${report.embedder.version})` : ''} — ${report.protocol}`,
    `images ${faces.images}, subjects ${faces.subjects}, scored ${report.scored}; faces: ${methods}; detection rate ${f3(faces.detectionRate)}`,
  ];
  if (faces.decodeFailures.length > 0) {
    lines.push(`decode failures ${faces.decodeFailures.length}: ${faces.decodeFailures.map((failure) => `${failure.id} (${failure.error})`).join(', ')}`);
  }
  if (faces.embedFailures.length > 0) {
    const shown = faces.embedFailures.slice(0, 10).map((failure) => `${failure.id} (${failure.error})`);
    lines.push(`embed failures ${faces.embedFailures.length}: ${shown.join(', ')}${faces.embedFailures.length > 10 ? ', …' : ''}`);
  }
  const unmapped = Object.entries(faces.unmappedLabels);
  if (unmapped.length > 0) lines.push(`unmapped labels (not scored): ${unmapped.map(([label, count]) => `${label} ×${count}`).join(', ')}`);
  // Figures line up under the longer of the two row labels (an embedder name or "human votes").
  const indent = ' '.repeat(Math.max(report.embedder.name.length, 'human votes'.length));
  lines.push('', ...embeddingLines(report.embedder.name, embedding, indent));
  const perExpression = Object.entries(embedding.retrieval.p1ByExpression)
    .map(([expression, entry]) => `${expression} ${f3(entry.p1)} (${entry.queries})`)
    .join(', ');
  lines.push(`${indent} P@1 per expression: ${perExpression}`);
  if (report.voteTriplets) {
    const { triplets, margin, agreement } = report.voteTriplets;
    lines.push(`${indent} vote-triplet agreement ${f3(agreement)} (${triplets} triplets, vote gap ≥ ${margin})`);
  }
  if (report.humanVoteOracle) lines.push(...embeddingLines('human votes', report.humanVoteOracle, indent));
  const t = report.timingsMs;
  lines.push(
    '',
    `ms per image: decode ${ms(t.decodeMs)}, detect ${ms(t.detectMs)}, align ${ms(t.alignMs)}, embed ${ms(t.embedMs)}; model load ${ms(report.modelLoadMs)}; wall ${report.wallSeconds.toFixed(0)} s`,
    ...report.models.map((model) => `${model.role}: ${model.file} sha256 ${model.sha256}`),
  );
  return lines.join('\n');
}
