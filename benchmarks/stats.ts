export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Order statistics of a sample; the nearest-rank percentile, so every figure is a measured value. */
export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('No measurements to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: sorted.length, median: round(rank(0.5)), p95: round(rank(0.95)), min: round(sorted[0]), max: round(sorted[sorted.length - 1]) };
}
