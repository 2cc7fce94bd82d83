import { describe, expect, test } from 'vitest';
import { parseCsv } from '../../lib/eval/csv';
import { parseDataset } from '../../lib/eval/dataset';
import { buildFaceDump } from '../../lib/eval/face-dump';
import { decodeEmbedding, encodeEmbedding } from '../../lib/eval/page-protocol';
import type { ImageOutcome } from '../../lib/eval/page-protocol';
import { imagesToEvaluate, scoreRun } from '../../lib/eval/score-run';

const timings = { decodeMs: 2, detectMs: 4, alignMs: 1, embedMs: 3 };
const face = { x: 1, y: 2, width: 30, height: 30, score: 0.9, keypoints: [{ x: 10.123, y: 12 }, { x: 20, y: 12 }] };
const found = (values: number[] | null, embedError: string | null = null): ImageOutcome => ({
  ok: true,
  width: 48,
  height: 48,
  faces: [face],
  largest: 0,
  method: 'detected',
  embedding: values && Float32Array.from(values),
  embedError,
  timings,
});

describe('scoreRun on an image folder', () => {
  const dataset = parseDataset(
    'mini',
    'mini/labels.csv',
    parseCsv('file,subject,expression\na.png,A,happy\nb.png,B,happy\nc.png,C,sad\nd.png,D,sad\ne.png,E,smirk\nf.png,F,sad\ng.png,G,sad\n'),
    null,
  );
  const outcomes: ImageOutcome[] = [
    found([0]),
    found([1]),
    found([10]),
    found([11]),
    found([5]), // unmapped label: not scored
    { ok: false, error: 'HTTP 404' },
    found(null, 'the landmarker found no face'),
  ];
  const scores = scoreRun(dataset.images, outcomes, { triplets: { count: 10, margin: 0.2, seed: 1 }, knnK: 5 });

  test('counts every failure and scores only complete images', () => {
    expect(scores.protocol).toBe('cross-identity');
    expect(scores.scored).toBe(4);
    expect(scores.faces.decodeFailures).toEqual([{ id: 'f.png', error: 'HTTP 404' }]);
    expect(scores.faces.embedFailures).toEqual([{ id: 'g.png', error: 'the landmarker found no face' }]);
    expect(scores.faces.unmappedLabels).toEqual({ smirk: 1 });
    expect(scores.faces.detectionRate).toBe(1);
  });
  test('retrieval over the scored images; no votes, no triplets or oracle', () => {
    expect(scores.embedding.retrieval.p1).toBe(1);
    expect(scores.embedding.identityConfusion).toBeNull(); // every subject has one image
    expect(scores.voteTriplets).toBeNull();
    expect(scores.humanVoteOracle).toBeNull();
  });
  test('stage times are per image that reached the stage', () => {
    expect(scores.timingsMs).toEqual(timings);
  });
});

describe('scoreRun with FER+ splits', () => {
  const csv =
    'index,split,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF,majority\n' +
    '0,train,0,10,0,0,0,0,0,0,0,0,happiness\n1,train,0,0,0,10,0,0,0,0,0,0,sadness\n' +
    '2,valid,0,10,0,0,0,0,0,0,0,0,happiness\n3,test,0,9,0,1,0,0,0,0,0,0,happiness\n4,test,0,1,0,9,0,0,0,0,0,0,sadness\n';
  const dataset = parseDataset('fer', 'fer/labels.csv', parseCsv(csv), { file: 'images-48x48.u8', width: 48, height: 48 });

  test('leaves the validation split out', () => {
    expect(imagesToEvaluate(dataset).map((image) => image.id)).toEqual(['0', '1', '3', '4']);
  });
  test('test queries against the train gallery, with k-NN and the vote oracle', () => {
    const images = imagesToEvaluate(dataset);
    const scores = scoreRun(images, [found([0]), found([10]), found([1]), found([9])], {
      triplets: { count: 10, margin: 0.2, seed: 1 },
      knnK: 1,
    });
    expect(scores.protocol).toBe('test-vs-train');
    expect(scores.embedding.retrieval).toMatchObject({ queries: 2, p1: 1 });
    expect(scores.embedding.knn).toEqual({ k: 1, queries: 2, accuracy: 1 });
    expect(scores.embedding.identityConfusion).toBeNull();
    expect(scores.humanVoteOracle?.retrieval.p1).toBe(1);
  });
});

describe('buildFaceDump', () => {
  test('rounds coordinates, keeps errors and counts methods', () => {
    const dataset = parseDataset('mini', 'mini/labels.csv', parseCsv('file,subject,expression\na.png,A,happy\nb.png,B,sad\n'), null);
    const dump = buildFaceDump(dataset, dataset.images, [found(null), { ok: false, error: 'bad image' }], {
      file: 'detector.tflite',
      sha256: 'abc',
      minDetectionConfidence: 0.5,
    });
    expect(dump.summary).toEqual({ images: 2, decodeFailures: 1, detected: 1, 'padded-detected': 0, fallback: 0, none: 0 });
    expect(dump.images).toEqual([
      { id: 'a.png', width: 48, height: 48, method: 'detected', largest: 0, faces: [{ box: [1, 2, 30, 30], score: 0.9, keypoints: [[10.12, 12], [20, 12]] }] },
      { id: 'b.png', error: 'bad image' },
    ]);
  });
});

describe('embedding wire format', () => {
  test('float32 values survive base64 exactly', () => {
    const values = Float32Array.from([0, -1.5, 3.25e-8, 1e30, Math.PI]);
    expect(decodeEmbedding(encodeEmbedding(values))).toEqual(values);
  });
});
