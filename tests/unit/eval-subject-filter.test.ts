import { describe, expect, test } from 'vitest';
import type { EvalDataset, EvalImage } from '@/lib/eval/dataset';
import { keepSubjects, parseSubjectList } from '@/lib/eval/subject-filter';

const image = (id: string, subject: string): EvalImage => ({
  id,
  source: { kind: 'file', file: id },
  subject,
  split: null,
  label: 'happy',
  expression: 'happy',
  votes: null,
});
const dataset: EvalDataset = { name: 'kdef-dev', rawGrey: null, voteClasses: [], images: [image('a', 'F01'), image('b', 'F02'), image('c', 'F01'), image('d', 'M01')] };

test('parseSubjectList reads one id per line, ignoring blanks and comments', () => {
  expect(parseSubjectList('# held out\nF01\n\n  M01  # second\n')).toEqual(['F01', 'M01']);
});

describe('keepSubjects', () => {
  test('keeps every image of the listed subjects and nothing else', () => {
    expect(keepSubjects(dataset, ['F01', 'M01'], 'held-out.txt').images.map((i) => i.id)).toEqual(['a', 'c', 'd']);
  });
  test('a subject the dataset lacks is an error naming the file and the subject', () => {
    expect(() => keepSubjects(dataset, ['F01', 'X9'], 'held-out.txt')).toThrow('held-out.txt: subjects not in kdef-dev: X9');
  });
  test('an empty list is an error', () => {
    expect(() => keepSubjects(dataset, [], 'held-out.txt')).toThrow('held-out.txt: lists no subjects');
  });
});
