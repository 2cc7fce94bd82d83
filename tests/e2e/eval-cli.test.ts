import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EvalReport } from '../../lib/eval/report';
import type { FaceDump } from '../../lib/eval/face-dump';
import { REPO_ROOT, SHARED } from './fixtures';

// `npm run eval` end to end on tiny datasets built here: real faces from tcce-dev and FER+, plus a
// corrupt and a missing image, which must be listed as decode failures without stopping the run.
const run = promisify(execFile);
const evalCli = (...args: string[]) => run('npx', ['tsx', 'scripts/eval.ts', ...args], { cwd: REPO_ROOT });

let root: string;

function imageFolder(): string {
  const dir = join(root, 'folder');
  mkdirSync(join(dir, 'images'), { recursive: true });
  const rows = readFileSync(join(SHARED, 'datasets/tcce-dev/labels.csv'), 'utf8').trim().split('\n');
  const header = rows[0];
  // Two happy and two sad faces from two performers, so cross-identity retrieval has an answer.
  const picked = [...rows.filter((row) => row.includes(',S01,happy')).slice(0, 1), ...rows.filter((row) => row.includes(',S02,happy')).slice(0, 1),
    ...rows.filter((row) => row.includes(',S01,sad')).slice(0, 1), ...rows.filter((row) => row.includes(',S02,sad')).slice(0, 1)];
  for (const row of picked) copyFileSync(join(SHARED, 'datasets/tcce-dev', row.split(',')[0]), join(dir, row.split(',')[0]));
  writeFileSync(join(dir, 'images/corrupt.jpg'), 'not a jpeg at all');
  const votes = ',unspecified,0,0,0,0,0,0,1';
  writeFileSync(join(dir, 'labels.csv'), [header, ...picked, `images/corrupt.jpg,S03,happy${votes}`, `images/missing.jpg,S03,sad${votes}`].join('\n'));
  return dir;
}

function rawCrops(): string {
  const dir = join(root, 'raw');
  mkdirSync(dir);
  const fer = join(SHARED, 'datasets/ferplus');
  const lines = readFileSync(join(fer, 'labels.csv'), 'utf8').trim().split('\n');
  const header = lines[0];
  const records = lines.slice(1, 7);
  const bytes = Buffer.alloc(records.length * 2304);
  const file = openSync(join(fer, 'images-48x48.u8'), 'r');
  readSync(file, bytes, 0, bytes.length, 0);
  writeFileSync(join(dir, 'images-48x48.u8'), bytes);
  // The first two records become the test split, the rest the gallery.
  const relabelled = records.map((line, i) => line.replace(/^(\d+),\w+,/, `$1,${i < 2 ? 'test' : 'train'},`));
  writeFileSync(join(dir, 'labels.csv'), [header, ...relabelled].join('\n'));
  return dir;
}

describe('npm run eval', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'meme-mirror-eval-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('an image folder: report with decode failures listed, not a crash', async () => {
    const out = join(root, 'folder.json');
    const { stdout } = await evalCli('--dataset', imageFolder(), '--embedder', 'pixels', '--out', out);
    const report = JSON.parse(readFileSync(out, 'utf8')) as EvalReport;
    expect(report.faces.images).toBe(6);
    expect(report.faces.decodeFailures.map((failure) => failure.id).sort()).toEqual(['images/corrupt.jpg', 'images/missing.jpg']);
    expect(report.faces.decodeFailures.find((failure) => failure.id === 'images/missing.jpg')?.error).toBe('HTTP 404');
    expect(report.scored).toBe(4);
    expect(report.embedding.retrieval.queries).toBe(4);
    expect(report.voteTriplets).not.toBeNull();
    expect(report.models[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stdout).toContain('decode failures 2');
  });

  test("fusion: our embedding and the extension's landmarker fused, both models named, P@1 with an interval and per performance type", async () => {
    const dir = imageFolder();
    const out = join(root, 'fusion.json');
    const { stdout } = await evalCli('--dataset', dir, '--embedder', 'fusion', '--out', out);
    const report = JSON.parse(readFileSync(out, 'utf8')) as EvalReport;
    expect(report.scored).toBe(4);
    expect(report.models.map((model) => [model.role, model.file])).toEqual([
      ['face detector', 'generated/models/face-detector.tflite'],
      ['embedder', 'generated/models/expression-embedder.tflite'],
      ['landmarker', 'generated/models/face-landmarker.task'],
    ]);
    expect(report.models[2].sha256).toBe('64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff');
    const { p1, p1Interval, p1ByGroup } = report.embedding.retrieval;
    expect(p1Interval.low).toBeLessThanOrEqual(p1);
    expect(p1Interval.high).toBeGreaterThanOrEqual(p1);
    expect(Object.values(p1ByGroup).reduce((sum, group) => sum + group.queries, 0)).toBe(4);
    expect(stdout).toContain('P@1 per group');

    const vectors = join(root, 'landmarker.csv');
    await evalCli('--dataset', dir, '--embedder', 'landmarker', '--dump-vectors', vectors);
    const [header, ...rows] = readFileSync(vectors, 'utf8').trim().split('\n');
    expect(header.split(',')).toHaveLength(2 + 52);
    expect(rows.filter((row) => row.split(',')[1] === '')).toHaveLength(4);
  });

  test('raw 48x48 crops: padded detection, test-vs-train, and a face dump in crop coordinates', async () => {
    const dir = rawCrops();
    const out = join(root, 'raw.json');
    await evalCli('--dataset', dir, '--embedder', 'pixels', '--out', out);
    const report = JSON.parse(readFileSync(out, 'utf8')) as EvalReport;
    expect(report.protocol).toBe('test-vs-train');
    expect(report.faces.methods.detected).toBe(0);
    expect(report.faces.methods['padded-detected'] + report.faces.methods.fallback).toBe(6);

    const dumpPath = join(root, 'dump.json');
    await evalCli('--dataset', dir, '--dump-faces', dumpPath);
    const dump = JSON.parse(readFileSync(dumpPath, 'utf8')) as FaceDump;
    expect(dump.images.map((image) => image.id)).toEqual(['0', '1', '2', '3', '4', '5']);
    for (const image of dump.images) {
      if ('error' in image) throw new Error(image.error);
      const [x, y, width, height] = image.faces[image.largest ?? 0].box;
      // Mapped back from the 144x144 padded canvas into the 48x48 crop.
      expect(x + width / 2).toBeGreaterThan(0);
      expect(x + width / 2).toBeLessThan(48);
      expect(y + height / 2).toBeLessThan(48);
    }
  });

  test('a labels file without a subject column is a clear error naming file and column', async () => {
    const dir = join(root, 'bad');
    mkdirSync(dir);
    writeFileSync(join(dir, 'labels.csv'), 'file,expression\na.jpg,happy\n');
    const failure = await evalCli('--dataset', dir).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(`${join(dir, 'labels.csv')}: missing column "subject"`);
  });
});
