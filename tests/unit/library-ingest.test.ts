import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { addMemeWithFaces, closeMemesDb, countFaces, countImports, countMemes, enqueueImports, facesOfMeme, getMeme, listMemes, pendingImports } from '@/lib/memes-db/memes-db';
import { ingestMeme, titleFromUrl, type DecodedMeme, type EmbedFace, type IngestDeps } from '@/lib/library/ingest-meme';
import { analyseOnThread, type ThreadAnalysisDeps } from '@/lib/library/analyse-image';
import { drainImportQueue, MIN_JOBS_FOR_ESTIMATE } from '@/lib/library/import-queue';
import type { ImportProgress } from '@/lib/library/library-channel';
import { readImageHeader, MAX_IMAGE_BYTES } from '@/lib/library/image-format';
import { outcomeCode, outcomeMessage } from '@/lib/library/ingest-outcome';
import type { FaceBox } from '@/lib/vision/face-box';
import { pngBytes } from './png-header';

const png = (tag: string, width = 200, height = 100) => new Blob([pngBytes(width, height, tag)], { type: 'image/png' });

/**
 * Test double for the expression model, used only here: a deterministic 64-d unit vector from
 * the aligned crop's mean brightness, so equal crops embed equally.
 */
const testEmbedder: EmbedFace = (face) => {
  const mean = face.reduce((sum, x) => sum + x, 0) / face.length;
  const embedding = new Float32Array(64);
  embedding[0] = Math.cos(mean);
  embedding[1] = Math.sin(mean);
  return { embedding, probabilities: new Float32Array(8).fill(1 / 8) };
};

function face(x: number, y: number): FaceBox {
  return { x, y, width: 20, height: 20, score: 0.9, keypoints: [{ x: x + 5, y: y + 6 }, { x: x + 15, y: y + 6 }] };
}

/** Decoded at half size, as a large image would be for detection. */
function decodeHalf(width = 200, height = 100): ThreadAnalysisDeps['decode'] {
  return async (): Promise<DecodedMeme> => ({
    width,
    height,
    scale: 0.5,
    pixels: { data: new Uint8ClampedArray((width / 2) * (height / 2) * 4).fill(128), width: width / 2, height: height / 2 },
  });
}

function deps(faces: FaceBox[], overrides: Partial<ThreadAnalysisDeps> = {}): IngestDeps {
  return { analyse: analyseOnThread({ decode: decodeHalf(), findFaces: () => faces, embedFace: testEmbedder, ...overrides }), modelVersion: 'test-model' };
}

beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeMemesDb());

describe('ingestMeme', () => {
  test('stores the meme and every face, with boxes back in the image’s own pixels', async () => {
    const outcome = await ingestMeme({ blob: png('two'), title: '', sourceUrl: 'https://x.test/success-kid.png' }, deps([face(10, 10), face(60, 10)]));
    expect(outcome).toMatchObject({ ok: true, faceCount: 2 });
    if (!outcome.ok) return;
    const meme = await getMeme(outcome.memeId);
    expect(meme).toMatchObject({ title: 'success kid', mime: 'image/png', width: 200, height: 100, faceCount: 2 });
    const faces = (await facesOfMeme(outcome.memeId)).flatMap((f) => (f.taught === undefined ? [f] : []));
    expect(faces.map((f) => f.box.x).sort((a, b) => a - b)).toEqual([20, 120]);
    expect(faces[0].keypoints[0]).toEqual({ x: 30, y: 32 });
    expect(faces[0]).toMatchObject({ modelVersion: 'test-model' });
    expect(faces[0].embedding).toHaveLength(64);
    expect(outcomeMessage(outcome)).toEqual(['libraryAddedFaces', 2]);
  });

  test('hands the committed faces to `stored`, as the database has them, and nothing for a duplicate', async () => {
    const told: string[][] = [];
    const withStored = (): IngestDeps => ({ ...deps([face(10, 10), face(60, 10)]), stored: (faces) => told.push(faces.map((f) => f.id)) });
    const outcome = await ingestMeme({ blob: png('told'), title: '', sourceUrl: 'a' }, withStored());
    if (!outcome.ok) throw new Error('not stored');
    expect(told).toEqual([(await facesOfMeme(outcome.memeId)).map((f) => f.id).sort()]);
    expect(await ingestMeme({ blob: png('told'), title: '', sourceUrl: 'b' }, withStored())).toMatchObject({ ok: false, reason: 'duplicate' });
    expect(told).toHaveLength(1);
  });

  test('the thumbnail decoding made is stored with the meme, and "none" (null) as such', async () => {
    const decodeWith = (thumbnail: Blob | null): ThreadAnalysisDeps['decode'] => async (blob, mime) => ({ ...(await decodeHalf()(blob, mime)), thumbnail });
    const made = await ingestMeme({ blob: png('thumb'), title: '', sourceUrl: 'a' }, deps([face(10, 10)], { decode: decodeWith(new Blob(['jpeg bytes'], { type: 'image/jpeg' })) }));
    if (!made.ok) throw new Error('not stored');
    expect(await (await getMeme(made.memeId))?.thumbnail?.text()).toBe('jpeg bytes');
    // A transparent or moving image: marked, so no backfill decodes it for one later.
    const none = await ingestMeme({ blob: png('none'), title: '', sourceUrl: 'b' }, deps([face(10, 10)], { decode: decodeWith(null) }));
    if (!none.ok) throw new Error('not stored');
    expect((await getMeme(none.memeId))?.thumbnail).toBeNull();
    // Its making failed (the decoder returns none at all): left absent, for the backfill to try again.
    const failed = await ingestMeme({ blob: png('no-thumb'), title: '', sourceUrl: 'c' }, deps([face(10, 10)]));
    if (!failed.ok) throw new Error('not stored');
    expect(await getMeme(failed.memeId)).not.toHaveProperty('thumbnail');
  });

  test('the same file twice is a duplicate and stores nothing new; the decoder is not even run', async () => {
    await ingestMeme({ blob: png('same'), title: 'A', sourceUrl: 'a' }, deps([face(10, 10)]));
    const decode = vi.fn(decodeHalf());
    const second = await ingestMeme({ blob: png('same'), title: 'B', sourceUrl: 'b' }, deps([face(10, 10)], { decode }));
    expect(second).toMatchObject({ ok: false, reason: 'duplicate' });
    expect(decode).not.toHaveBeenCalled();
    expect(await countMemes()).toBe(1);
  });

  test('an image without a face is kept with faceCount 0 and no faces, ready to be taught one', async () => {
    const outcome = await ingestMeme({ blob: png('none'), title: 'grumpy cat', sourceUrl: 'file:cat.png' }, deps([]));
    expect(outcome).toMatchObject({ ok: true, faceCount: 0 });
    if (!outcome.ok) return;
    expect(await getMeme(outcome.memeId)).toMatchObject({ title: 'grumpy cat', faceCount: 0 });
    expect(await countFaces()).toBe(0);
    expect(outcomeCode(outcome)).toBe('no-face');
    expect(outcomeMessage(outcome)).toEqual(['libraryAddedNoFace']);
  });

  test.each([
    { name: 'not an image', blob: new Blob(['<html>not an image</html>']), faces: [face(1, 1)], reason: 'unsupported-type' },
    { name: 'over 16k pixels a side (from the header, before decoding)', blob: png('huge', 20_000, 10), faces: [face(1, 1)], reason: 'too-many-pixels' },
    { name: 'over 20 MB', blob: new Blob([pngBytes(10, 10, 'big'), new Uint8Array(MAX_IMAGE_BYTES)]), faces: [face(1, 1)], reason: 'too-large' },
  ])('$name: refused, nothing stored', async ({ blob, faces, reason }) => {
    const outcome = await ingestMeme({ blob, title: 't', sourceUrl: 's' }, deps(faces));
    expect(outcome).toMatchObject({ ok: false, reason });
    expect(await countMemes()).toBe(0);
    expect(await countFaces()).toBe(0);
  });

  test('a file the browser cannot decode is a decode failure', async () => {
    const decode = () => Promise.reject(new Error('The source image cannot be decoded.'));
    expect(await ingestMeme({ blob: png('broken'), title: 't', sourceUrl: 's' }, deps([face(1, 1)], { decode }))).toMatchObject({
      ok: false,
      reason: 'decode-failed',
    });
  });

  test('a model failure on the second face stores nothing of the meme', async () => {
    let calls = 0;
    const embedFace: EmbedFace = (crop) => {
      if (++calls === 2) throw new Error('model crashed');
      return testEmbedder(crop);
    };
    await expect(ingestMeme({ blob: png('crash'), title: 't', sourceUrl: 's' }, deps([face(1, 1), face(50, 1)], { embedFace }))).rejects.toThrow('model crashed');
    expect(await countMemes()).toBe(0);
    expect(await countFaces()).toBe(0);
  });
});

describe('readImageHeader', () => {
  test.each([
    { name: 'PNG', bytes: pngBytes(640, 480, ''), expected: { mime: 'image/png', width: 640, height: 480 } },
    { name: 'GIF', bytes: Uint8Array.from([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([0x20, 0x03, 0x58, 0x02, 0, 0, 0, 0])), expected: { mime: 'image/gif', width: 800, height: 600 } },
    { name: 'JPEG (SOF0 after APP0)', bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x01, 0x2c, 0x00, 0xc8, 3, 0, 0]), expected: { mime: 'image/jpeg', width: 200, height: 300 } },
    { name: 'AVIF (size left to the decoder)', bytes: Uint8Array.from([0, 0, 0, 0x1c, ...[...'ftypavif'].map((c) => c.charCodeAt(0)), 0, 0, 0, 0]), expected: { mime: 'image/avif' } },
    { name: 'text', bytes: new TextEncoder().encode('hello, this is text'), expected: undefined },
  ])('$name', ({ bytes, expected }) => {
    expect(readImageHeader(bytes)).toEqual(expected);
  });
});

test('titleFromUrl turns a file name into a title', () => {
  expect(titleFromUrl('https://i.imgflip.com/1bij.jpg')).toBe('1bij');
  expect(titleFromUrl('https://x.test/memes/Success_Kid-2.png?x=1')).toBe('Success Kid 2');
  expect(titleFromUrl('distracted-boyfriend.webp')).toBe('distracted boyfriend');
});

describe('import queue', () => {
  const fileJob = (name: string, tag = name) => ({ batchId: 'b', itemKey: name, source: { kind: 'file' as const, blob: png(tag), name } });
  const queueDeps = (ingest = (input: Parameters<typeof ingestMeme>[0]) => ingestMeme(input, deps([face(10, 10)]))) => ({
    ingest,
    fetchImage: async () => ({ ok: false as const, reason: 'http-error' as const, status: 404 }),
    onProgress: () => undefined,
    onAdded: () => undefined,
  });

  test('works through every job and records each outcome', async () => {
    await enqueueImports([fileJob('a.png'), fileJob('b.png'), fileJob('copy-of-a.png', 'a.png'), { batchId: 'b', itemKey: 'u', source: { kind: 'url', url: 'http://127.0.0.1:1/404.png', title: 'gone' } }]);
    const progress = await drainImportQueue(queueDeps(), new AbortController().signal);
    expect(progress).toMatchObject({ running: false, handled: 4, pending: 0 });
    expect(progress.outcomes).toEqual({ added: 2, duplicate: 1, 'http-error': 1 });
    expect(await countMemes()).toBe(2);
  });

  test('a finished import leaves the queue empty: its last report carries the summary', async () => {
    await enqueueImports([fileJob('a.png'), fileJob('b.png')]);
    const reports: ImportProgress[] = [];
    await drainImportQueue({ ...queueDeps(), onProgress: (progress) => reports.push(progress) }, new AbortController().signal);
    expect(await countImports()).toEqual({ pending: 0, done: 0, failed: 0 });
    expect(reports.at(-1)).toMatchObject({ running: false, handled: 2, outcomes: { added: 2 } });
  });

  test('images without a face are stored, listed by name with their meme, and only in the last report', async () => {
    await enqueueImports([fileJob('cartoons/cat.png'), fileJob('kid.png'), fileJob('signs/exit.png')]);
    const noFaceIn = new Set(['cartoons/cat.png', 'signs/exit.png']);
    const reports: ImportProgress[] = [];
    const last = await drainImportQueue(
      {
        ...queueDeps((input) => ingestMeme(input, deps(noFaceIn.has(input.sourceUrl.slice('file:'.length)) ? [] : [face(10, 10)]))),
        onProgress: (progress) => reports.push(progress),
      },
      new AbortController().signal,
    );
    expect(last.outcomes).toEqual({ added: 1, 'no-face': 2 });
    expect(last.withoutFace?.map((item) => item.name).sort()).toEqual(['cartoons/cat.png', 'signs/exit.png']);
    const kept = await Promise.all(last.withoutFace!.map((item) => getMeme(item.memeId)));
    expect(kept.map((meme) => meme?.sourceUrl).sort()).toEqual(['file:cartoons/cat.png', 'file:signs/exit.png']);
    expect(kept.every((meme) => meme?.faceCount === 0)).toBe(true);
    expect(await countMemes()).toBe(3);
    expect(reports.slice(0, -1).every((report) => report.withoutFace === undefined)).toBe(true);
  });

  test('no time left is given until enough jobs after the first show the pace', async () => {
    const jobs = Array.from({ length: MIN_JOBS_FOR_ESTIMATE + 6 }, (_, n) => fileJob(`${n}.png`));
    await enqueueImports(jobs);
    // The first job takes 60 s (models loading), every other one 1 s.
    let clock = 0;
    let done = 0;
    const reports: ImportProgress[] = [];
    await drainImportQueue(
      {
        ...queueDeps(async (input) => {
          clock += done++ === 0 ? 60_000 : 1000;
          return ingestMeme(input, deps([face(10, 10)]));
        }),
        onProgress: (progress) => reports.push(progress),
        now: () => clock,
        concurrency: 1,
      },
      new AbortController().signal,
    );
    const running = reports.filter((report) => report.running);
    const early = running.filter((report) => report.handled <= MIN_JOBS_FOR_ESTIMATE);
    const late = running.filter((report) => report.handled > MIN_JOBS_FOR_ESTIMATE + 1);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((report) => report.secondsLeft === undefined)).toBe(true);
    expect(late.length).toBeGreaterThan(0);
    // At 1 s a job, the time left is the number of jobs left, in seconds: the slow first job is not in it.
    for (const report of late) {
      expect(report.secondsLeft).toBeCloseTo(report.pending, 5);
      expect(report.ratePerSecond).toBeCloseTo(1, 5);
    }
  });

  test('a run stopped half way resumes where it stopped: every meme stored once, every job counted once', async () => {
    await enqueueImports(['1', '2', '3', '4', '5'].map((n) => fileJob(`${n}.png`)));
    const stop = new AbortController();
    let handled = 0;
    await drainImportQueue(
      queueDeps(async (input) => {
        const outcome = await ingestMeme(input, deps([face(10, 10)]));
        if (++handled === 2) stop.abort(); // the browser stops while the 2nd job is being stored
        return outcome;
      }),
      stop.signal,
    );
    const stored = await countMemes();
    const { pending, done } = await countImports();
    expect(stored).toBeGreaterThanOrEqual(2);
    // A job is done exactly when its meme is stored: the two are one transaction.
    expect(done).toBe(stored);
    expect(pending).toBe(5 - stored);
    await closeMemesDb(); // as after a restart
    const { outcomes } = await drainImportQueue(queueDeps(), new AbortController().signal);
    expect(await countMemes()).toBe(5);
    expect(outcomes).toEqual({ added: 5 });
  });

  test("a meme that is not stored leaves its job pending: the job's finish is part of the meme's transaction", async () => {
    await enqueueImports([fileJob('a.png')]);
    const [job] = await pendingImports(1);
    await ingestMeme({ blob: png('same'), title: '', sourceUrl: 'first' }, deps([face(10, 10)]));
    // A copy with the same bytes is refused by the unique sha256 index inside the transaction
    // (as when two adds race), which must then not mark the job done either.
    const refused = await addMemeWithFaces({ ...(await getMeme((await listMemes())[0].id))!, id: 'other' }, [], { id: job.id!, outcome: 'added' });
    expect(refused).toEqual({ ok: false, reason: 'duplicate' });
    expect(await countImports()).toEqual({ pending: 1, done: 0, failed: 0 });
    expect(await countMemes()).toBe(1);
  });
});
