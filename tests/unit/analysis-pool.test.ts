import { expect, test, vi } from 'vitest';
import type { AnalysisWorker } from '@/lib/offscreen/analysis-client';
import { IMAGES_PER_WORKER, startAnalysisPool } from '@/lib/offscreen/analysis-pool';
import type { ImageAnalysis } from '@/lib/library/ingest-meme';

/** A worker whose analyses the test answers one by one; `die` is what a crash does. */
function fakeWorker(name: string, onStopped: (error: Error) => void) {
  const held: { blob: Blob; resolve(analysis: ImageAnalysis): void; reject(error: Error): void }[] = [];
  let closed = false;
  const worker: AnalysisWorker = {
    modelVersion: 'model-a',
    analyse: (blob) => new Promise((resolve, reject) => (closed ? reject(new Error('stopped')) : held.push({ blob, resolve, reject }))),
    close: () => {
      closed = true;
      held.splice(0).forEach((entry) => entry.reject(new Error('closed')));
      onStopped(new Error(`${name} was closed`));
    },
  };
  return {
    name,
    worker,
    held,
    get closed() {
      return closed;
    },
    finishNext: (width: number) => held.shift()!.resolve({ ok: true, width, height: 1, faces: [] }),
    die: () => {
      closed = true;
      held.splice(0).forEach((entry) => entry.reject(new Error(`${name} died`)));
      onStopped(new Error(`${name} died`));
    },
  };
}

/** Starts fakes on demand; `outcomes` says, start by start, whether it loads. */
function starter(outcomes: boolean[] = []) {
  const started: ReturnType<typeof fakeWorker>[] = [];
  const start = vi.fn(async (onStopped: (error: Error) => void) => {
    const fake = fakeWorker(`worker ${started.length + 1}`, onStopped);
    started.push(fake);
    if (outcomes[started.length - 1] === false) {
      onStopped(new Error('no wasm'));
      throw new Error('no wasm');
    }
    return fake.worker;
  });
  return { start, started };
}

const blob = (tag: string) => new Blob([tag]);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Answers every image the workers hold, and those handed to them meanwhile, until none is left. */
async function finishAll(started: ReturnType<typeof fakeWorker>[], width = 9) {
  for (let rounds = 0; started.some((fake) => fake.held.length > 0) && rounds < 100; rounds++) {
    for (const fake of started) while (fake.held.length > 0) fake.finishNext(width);
    await settle();
  }
}

test('one image loads the models once; a second worker starts only when an image waits, and each image goes to the least busy', async () => {
  const { start, started } = starter();
  const pool = await startAnalysisPool(start, 2);
  expect(pool.modelVersion).toBe('model-a');
  expect(start).toHaveBeenCalledTimes(1);

  const alone = pool.analyse(blob('a'), 'image/png');
  started[0].finishNext(1);
  expect(await alone).toMatchObject({ width: 1 });
  expect(start).toHaveBeenCalledTimes(1); // the first was idle: no second worker

  const first = pool.analyse(blob('b'), 'image/png');
  const waiting = pool.analyse(blob('c'), 'image/png'); // the first is busy: a second starts
  expect(start).toHaveBeenCalledTimes(2);
  await settle();
  const third = pool.analyse(blob('d'), 'image/png'); // goes to the idle second worker
  expect(started[0].held.map((entry) => entry.blob)).toHaveLength(2);
  expect(started[1].held).toHaveLength(1);
  started[1].finishNext(4);
  started[0].finishNext(2);
  started[0].finishNext(3);
  expect(await Promise.all([first, waiting, third])).toMatchObject([{ width: 2 }, { width: 3 }, { width: 4 }]);

  // Never more workers than the size asked for, nor more than two images in each.
  const more = Array.from({ length: 6 }, (_, i) => pool.analyse(blob(`e${i}`), 'image/png'));
  await settle();
  expect(start).toHaveBeenCalledTimes(2);
  expect([started[0].held.length, started[1].held.length]).toEqual([IMAGES_PER_WORKER, IMAGES_PER_WORKER]);
  await finishAll(started);
  expect(await Promise.all(more)).toHaveLength(6);
});

test('the images beyond two a worker wait in order, go out as room frees, and are refused if the last worker dies', async () => {
  const { start, started } = starter([true, false]);
  const stopped = vi.fn();
  const pool = await startAnalysisPool(start, 2, stopped);
  const images = ['a', 'b', 'c', 'd'].map((tag) => pool.analyse(blob(tag), 'image/png'));
  await settle();
  expect(await Promise.all(started[0].held.map((entry) => entry.blob.text()))).toEqual(['a', 'b']);
  started[0].finishNext(1);
  await settle();
  expect(await Promise.all(started[0].held.map((entry) => entry.blob.text()))).toEqual(['b', 'c']);
  expect(await images[0]).toMatchObject({ width: 1 });

  started[0].die();
  for (const image of images.slice(1)) await expect(image).rejects.toThrow('worker 1 died');
  expect(stopped).toHaveBeenCalledTimes(1);
});

test('a worker that dies refuses only what it held and is replaced; the pool stops, and says so once, with its last worker', async () => {
  const { start, started } = starter();
  const stopped = vi.fn();
  const pool = await startAnalysisPool(start, 2, stopped);
  const a = pool.analyse(blob('a'), 'image/png');
  const b = pool.analyse(blob('b'), 'image/png');
  await settle();
  const c = pool.analyse(blob('c'), 'image/png');
  expect([started[0].held.length, started[1].held.length]).toEqual([2, 1]);

  started[0].die();
  await expect(a).rejects.toThrow('worker 1 died');
  await expect(b).rejects.toThrow('worker 1 died');
  expect(stopped).not.toHaveBeenCalled();
  const d = pool.analyse(blob('d'), 'image/png'); // the one left is busy: another takes the dead one's place
  await settle();
  expect(start).toHaveBeenCalledTimes(3);
  const e = pool.analyse(blob('e'), 'image/png');
  expect(started[2].held).toHaveLength(1);
  started[1].finishNext(1);
  expect(await c).toMatchObject({ width: 1 });

  started[1].die();
  await expect(d).rejects.toThrow('worker 2 died');
  expect(stopped).not.toHaveBeenCalled();
  started[2].die();
  await expect(e).rejects.toThrow('worker 3 died');
  expect(stopped).toHaveBeenCalledTimes(1);
  expect(stopped).toHaveBeenCalledWith(expect.objectContaining({ message: 'worker 3 died' }));
  await expect(pool.analyse(blob('f'), 'image/png')).rejects.toThrow('stopped');
});

test('the first worker failing to load rejects the start; a second failing keeps the pool at one and is not asked for again', async () => {
  const refused = starter([false]);
  await expect(startAnalysisPool(refused.start, 2)).rejects.toThrow('no wasm');

  const { start, started } = starter([true, false]);
  const stopped = vi.fn();
  const pool = await startAnalysisPool(start, 2, stopped);
  const images = [pool.analyse(blob('a'), 'image/png'), pool.analyse(blob('b'), 'image/png')];
  await settle();
  images.push(pool.analyse(blob('c'), 'image/png'));
  expect(start).toHaveBeenCalledTimes(2);
  expect(started[0].held).toHaveLength(IMAGES_PER_WORKER);
  expect(stopped).not.toHaveBeenCalled();
  await finishAll(started.slice(0, 1));
  expect(await Promise.all(images)).toHaveLength(3);
});

test('close ends every worker, one still starting included, without calling it a stop', async () => {
  const { start, started } = starter();
  const stopped = vi.fn();
  const pool = await startAnalysisPool(start, 2, stopped);
  const held = pool.analyse(blob('a'), 'image/png');
  void pool.analyse(blob('b'), 'image/png').catch(() => undefined); // starts the second
  pool.close();
  await expect(held).rejects.toThrow('closed');
  await settle();
  expect(started.map((fake) => fake.closed)).toEqual([true, true]);
  expect(stopped).not.toHaveBeenCalled();
  await expect(pool.analyse(blob('c'), 'image/png')).rejects.toThrow('stopped');
});
