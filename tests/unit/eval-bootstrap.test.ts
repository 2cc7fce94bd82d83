import { describe, expect, test } from 'vitest';
import { bootstrapOverPeople, pairedGain, pooledMean, type QueryScore } from '@/lib/eval/bootstrap';

const person = (subject: string, hits: number[]): QueryScore[] => hits.map((value) => ({ subject, value }));

describe('bootstrapOverPeople', () => {
  test('people who all score the same give an interval of width zero at that score', () => {
    const set = [...person('a', [1, 0]), ...person('b', [0, 1]), ...person('c', [1, 0])];
    expect(bootstrapOverPeople([set])).toMatchObject({ low: 0.5, high: 0.5, level: 0.95, resamples: 1000 });
  });

  test('the interval brackets the figure and widens when fewer people carry the same queries', () => {
    const many = Array.from({ length: 40 }, (_, i) => person(`p${i}`, [i % 2, i % 2]));
    const few = [person('x', Array(40).fill(1)), person('y', Array(40).fill(0))];
    const manyInterval = bootstrapOverPeople([many.flat()]);
    const fewInterval = bootstrapOverPeople([few.flat()]);
    expect(manyInterval.low).toBeLessThan(0.5);
    expect(manyInterval.high).toBeGreaterThan(0.5);
    expect(fewInterval.high - fewInterval.low).toBeGreaterThan(manyInterval.high - manyInterval.low);
    // Two people: a resample holds x twice, y twice, or one each.
    expect(fewInterval).toMatchObject({ low: 0, high: 1 });
  });

  test('a seed gives the same interval on every run', () => {
    const set = Array.from({ length: 30 }, (_, i) => person(`p${i}`, [i % 3 === 0 ? 1 : 0])).flat();
    expect(bootstrapOverPeople([set])).toEqual(bootstrapOverPeople([set]));
  });

  test('pooled sets count equally, whatever their number of queries', () => {
    const big = Array.from({ length: 100 }, (_, i) => person(`b${i}`, [1])).flat();
    const small = person('s', [0, 0]);
    expect(pooledMean([big, small])).toBe(0.5);
    expect(bootstrapOverPeople([big, small])).toMatchObject({ low: 0.5, high: 0.5 });
  });
});

describe('pairedGain', () => {
  test('a candidate that wins the same queries for every person has a gain interval clear of zero', () => {
    const people = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const baseline = [people.flatMap((subject) => person(subject, [1, 0]))];
    const candidate = [people.flatMap((subject) => person(subject, [1, 1]))];
    const gain = pairedGain(candidate, baseline);
    expect(gain.value).toBeCloseTo(0.5, 10);
    expect(gain.interval.low).toBeCloseTo(0.5, 10);
  });

  test('faces that are not the same in both runs are refused rather than compared', () => {
    expect(() => pairedGain([person('a', [1])], [person('b', [1])])).toThrow(/not the same faces/);
    expect(() => pairedGain([person('a', [1, 1])], [person('a', [1])])).toThrow(/2 candidate queries but 1/);
  });
});
