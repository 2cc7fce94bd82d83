// The same seeded generator the triplet sampler uses, so a report's interval is the same on every run.
import { seededRandom } from './vote-triplets';

/** One query's figure (a P@1 hit, or a paired difference of two hits) and the person it belongs to. */
export interface QueryScore {
  subject: string;
  value: number;
}

export interface BootstrapInterval {
  low: number;
  high: number;
  /** e.g. 0.95: the central share of resampled figures between low and high. */
  level: number;
  resamples: number;
}

export interface BootstrapOptions {
  resamples: number;
  level: number;
  seed: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { resamples: 1000, level: 0.95, seed: 1 };

/** Per person: the sum of its queries' values and their count. */
function byPerson(scores: readonly QueryScore[]): { sum: number; count: number }[] {
  const people = new Map<string, { sum: number; count: number }>();
  for (const { subject, value } of scores) {
    const person = people.get(subject) ?? { sum: 0, count: 0 };
    person.sum += value;
    person.count++;
    people.set(subject, person);
  }
  return [...people.values()];
}

function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}

/** The figure itself: the mean over sets of each set's mean over its queries. */
export function pooledMean(sets: readonly (readonly QueryScore[])[]): number {
  const means = sets.filter((set) => set.length > 0).map((set) => set.reduce((sum, score) => sum + score.value, 0) / set.length);
  return means.length ? means.reduce((sum, mean) => sum + mean, 0) / means.length : 0;
}

/**
 * Percentile interval of `pooledMean` when people, not images, are resampled: each set draws as
 * many people as it has, with replacement, and a drawn person brings all their queries. Faces of one
 * person are not independent (one performer's style), so resampling images would claim a
 * precision the number of people does not give. Sets are resampled apart, so a pooled figure
 * keeps each set's weight.
 */
export function bootstrapOverPeople(sets: readonly (readonly QueryScore[])[], options: BootstrapOptions = DEFAULT_BOOTSTRAP): BootstrapInterval {
  const people = sets.map(byPerson).filter((set) => set.length > 0);
  const random = seededRandom(options.seed);
  const figures = new Float64Array(options.resamples);
  for (let r = 0; r < options.resamples; r++) {
    let total = 0;
    for (const set of people) {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < set.length; i++) {
        const person = set[Math.floor(random() * set.length)];
        sum += person.sum;
        count += person.count;
      }
      total += count ? sum / count : 0;
    }
    figures[r] = people.length ? total / people.length : 0;
  }
  figures.sort();
  const tail = (1 - options.level) / 2;
  return { low: quantile(figures, tail), high: quantile(figures, 1 - tail), level: options.level, resamples: options.resamples };
}

/**
 * A candidate's pooled figure minus a baseline's on the same queries, with the percentile interval
 * of that difference when people are resampled: paired, so one resample draws the same people for
 * both figures and the interval shows what the change did, not how the people vary.
 */
export function pairedGain(
  candidate: readonly (readonly QueryScore[])[],
  baseline: readonly (readonly QueryScore[])[],
  options: BootstrapOptions = DEFAULT_BOOTSTRAP,
): { value: number; interval: BootstrapInterval } {
  if (candidate.length !== baseline.length) throw new Error(`${candidate.length} candidate sets but ${baseline.length} baseline sets`);
  const differences = candidate.map((set, s) => {
    const base = baseline[s];
    if (set.length !== base.length) throw new Error(`set ${s}: ${set.length} candidate queries but ${base.length} baseline queries`);
    return set.map((hit, q) => {
      if (hit.subject !== base[q].subject) throw new Error(`set ${s}, query ${q}: ${hit.subject} against ${base[q].subject}, not the same faces`);
      return { subject: hit.subject, value: hit.value - base[q].value };
    });
  });
  return { value: pooledMean(differences), interval: bootstrapOverPeople(differences, options) };
}
