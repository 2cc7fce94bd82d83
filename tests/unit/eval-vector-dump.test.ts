import { describe, expect, test } from 'vitest';
import { parseCsv } from '../../lib/eval/csv';
import { parseDataset } from '../../lib/eval/dataset';
import type { ImageOutcome } from '../../lib/eval/page-protocol';
import { formatVectorDump } from '../../lib/eval/vector-dump';

const timings = { decodeMs: 1, detectMs: 1, alignMs: 1, embedMs: 1 };
const found = (values: number[] | null, embedError: string | null = null): ImageOutcome => ({
  ok: true,
  width: 48,
  height: 48,
  faces: [],
  largest: null,
  method: 'detected',
  embedding: values && Float32Array.from(values),
  embedError,
  timings,
});

describe('formatVectorDump', () => {
  const dataset = parseDataset(
    'mini',
    'mini/labels.csv',
    parseCsv('file,subject,expression\na.png,A,happy\n"b,1.png",B,sad\nc.png,C,sad\nd.png,D,sad\n'),
    null,
  );

  test('one row per image, failures keep their row and their reason', () => {
    const text = formatVectorDump(dataset.images, [
      found([0.25, 1 / 3]),
      found([1, 0]),
      { ok: false, error: 'HTTP 404' },
      found(null, 'the landmarker found no face'),
    ]);
    const table = parseCsv(text);
    expect(table.columns).toEqual(['id', 'error', 'v0', 'v1']);
    expect(table.rows.map((row) => row.id)).toEqual(['a.png', 'b,1.png', 'c.png', 'd.png']);
    expect(table.rows[0]).toMatchObject({ error: '', v0: '0.250000', v1: '0.333333' });
    expect(table.rows[2].error).toBe('HTTP 404');
    expect(table.rows[3].error).toBe('the landmarker found no face');
  });

  test('refuses vectors of different lengths and mismatched inputs', () => {
    expect(() => formatVectorDump(dataset.images.slice(0, 2), [found([1, 2]), found([1])])).toThrow(/1 values, expected 2/);
    expect(() => formatVectorDump(dataset.images, [found([1])])).toThrow(/4 images but 1 outcomes/);
  });
});
