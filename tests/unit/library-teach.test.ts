import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { addMemeWithFaces, closeMemesDb, deleteMeme, faceIdOf, facesNotFromModel, facesOfMeme, memesDb } from '@/lib/memes-db/memes-db';
import { MEMES_DB_NAME, upgradeMemesDb, type MemeMirrorDB } from '@/lib/memes-db/schema';
import { meanDirection, portableTaughtFace, reembedTaughtFace, taughtFaceFromCamera, taughtFaceFromPortable, taughtFaceFromWord, teachMeme, type CameraSample } from '@/lib/library/teach-face';
import { reembedFaces } from '@/lib/library/reembed-faces';
import { teachableWords, wordEmbedding, type ExpressionPrototypes } from '@/lib/match/expression-prototypes';
import measured from '@/lib/match/expression-prototypes.json';
import expressionModel from '@/models/expression-embedder.json';
import { memeRecord } from './meme-record';

const meme = (id: string, faceCount = 0) => memeRecord(id, { sourceUrl: `file:${id}.png`, faceCount });

const unit = (...values: number[]) => Float32Array.from(meanDirection([Float32Array.from(values)]));

/** A camera frame's face: a crop whose brightness the stand-in embedder turns into a direction. */
function sample(brightness: number): CameraSample {
  return { alignedFace: new Float32Array(16).fill(brightness), ...standInEmbed(new Float32Array(16).fill(brightness)) };
}

/** Stand-in for the expression model: the crop's mean brightness as an angle, so equal crops embed equally. */
function standInEmbed(face: Float32Array) {
  const mean = face.reduce((sum, x) => sum + x, 0) / face.length;
  return { embedding: Float32Array.from([Math.cos(mean), Math.sin(mean), 0, 0]), probabilities: Float32Array.from([mean, 1 - mean]) };
}

const table: ExpressionPrototypes = {
  modelVersion: 'model-a',
  classes: { surprise: { faces: 10, people: 3, vector: [0, 0, 1, 0] } },
};

beforeEach(async () => {
  await closeMemesDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(closeMemesDb);

describe('the face a meme is taught', () => {
  test('at the camera: the direction its frames share, their mean probabilities, and the crops kept', () => {
    const face = taughtFaceFromCamera('m', [sample(0), sample(Math.PI / 2)], 'model-a');
    expect(face).toMatchObject({ id: faceIdOf('m', 0), memeId: 'm', taught: 'camera', modelVersion: 'model-a' });
    expect(Array.from(face.embedding).map((x) => Number(x.toFixed(4)))).toEqual([0.7071, 0.7071, 0, 0]);
    expect(face.taught === 'camera' && face.alignedFaces).toHaveLength(2);
    expect(Array.from(face.probabilities).map((x) => Number(x.toFixed(4)))).toEqual([0.7854, 0.2146]);
  });

  test('at the camera with no face seen: refused', () => {
    expect(() => taughtFaceFromCamera('m', [], 'model-a')).toThrow('No face');
  });

  test('by word: the measured vector, all probability on the word; none for a word or model not measured', () => {
    const face = taughtFaceFromWord('m', 'surprise', 'model-a', table);
    expect(face).toMatchObject({ taught: 'word', word: 'surprise' });
    expect(Array.from(face!.embedding)).toEqual([0, 0, 1, 0]);
    expect(Array.from(face!.probabilities)).toEqual(expressionModel.classes.map((name) => (name === 'surprise' ? 1 : 0)));
    expect(taughtFaceFromWord('m', 'contempt', 'model-a', table)).toBeUndefined();
    expect(taughtFaceFromWord('m', 'surprise', 'model-b', table)).toBeUndefined();
  });

  test('the shipped table was measured on the shipped model: a unit vector for every word it offers', () => {
    expect(measured.modelVersion).toBe(expressionModel.version);
    const words = teachableWords();
    expect(words).toContain('surprise');
    expect(words).toContain('happiness');
    for (const word of words) {
      const vector = wordEmbedding(word, expressionModel.version)!;
      expect(vector).toHaveLength(expressionModel.outputs.embedding.shape[1]);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
    }
    expect(teachableWords('another-model')).toEqual([]);
  });

  test('re-embedded under a new model: camera faces from their crops, word faces from the word', () => {
    const camera = taughtFaceFromCamera('m', [sample(0.5)], 'model-old');
    const embedAsIfNew = (face: Float32Array) => ({ ...standInEmbed(face), embedding: unit(0, 1, 1, 0) });
    expect(reembedTaughtFace(camera, embedAsIfNew, 'model-a')).toMatchObject({ id: camera.id, modelVersion: 'model-a', embedding: unit(0, 1, 1, 0) });
    const word = { ...taughtFaceFromWord('m', 'surprise', 'model-a', table)!, modelVersion: 'model-old' };
    expect(reembedTaughtFace(word, embedAsIfNew, 'model-a', table)).toMatchObject({ modelVersion: 'model-a', embedding: Float32Array.from([0, 0, 1, 0]) });
    expect(reembedTaughtFace(word, embedAsIfNew, 'model-b', table)).toBeUndefined();
  });
});

describe('a taught face in a library export', () => {
  test('a word travels as the word and is looked up again for the running model', () => {
    const portable = portableTaughtFace(taughtFaceFromWord('m', 'surprise', 'model-a', table)!);
    expect(portable).toEqual({ taught: 'word', word: 'surprise' });
    expect(taughtFaceFromPortable('n', portable, 'model-a', table)).toMatchObject({ id: faceIdOf('n', 0), memeId: 'n', taught: 'word', word: 'surprise', embedding: Float32Array.from([0, 0, 1, 0]) });
  });

  test('a camera face travels as its vector, never its crops, and comes back only under the model that made it', () => {
    const face = taughtFaceFromCamera('m', [sample(0), sample(Math.PI / 2)], 'model-a');
    const portable = portableTaughtFace(face);
    expect(Object.keys(portable).sort()).toEqual(['embedding', 'modelVersion', 'probabilities', 'taught']);
    expect(JSON.parse(JSON.stringify(portable))).toEqual(portable);
    const back = taughtFaceFromPortable('n', portable, 'model-a');
    expect(back).toMatchObject({ memeId: 'n', taught: 'camera', alignedFaces: [], modelVersion: 'model-a', embedding: face.embedding, probabilities: face.probabilities });
    expect(taughtFaceFromPortable('n', portable, 'model-b')).toBeUndefined();
  });
});

describe('storing a taught face', () => {
  test('a meme kept without a face takes it; teaching again replaces it', async () => {
    await addMemeWithFaces(meme('cat'), []);
    expect(await teachMeme(taughtFaceFromCamera('cat', [sample(0)], 'model-a'))).toEqual({ ok: true });
    expect(await teachMeme(taughtFaceFromWord('cat', 'surprise', 'model-a', table)!)).toEqual({ ok: true });
    const faces = await facesOfMeme('cat');
    expect(faces).toHaveLength(1);
    expect(faces[0]).toMatchObject({ taught: 'word', word: 'surprise' });
  });

  test('refused for a meme deleted meanwhile, or one whose faces the detector found; nothing written', async () => {
    await addMemeWithFaces(meme('kid', 1), [
      { id: faceIdOf('kid', 0), memeId: 'kid', box: { x: 0, y: 0, width: 1, height: 1, score: 1 }, keypoints: [], embedding: unit(1, 0), probabilities: new Float32Array(8), modelVersion: 'model-a' },
    ]);
    expect(await teachMeme(taughtFaceFromWord('kid', 'surprise', 'model-a', table)!)).toEqual({ ok: false, reason: 'has-faces' });
    expect(await facesOfMeme('kid')).toMatchObject([{ box: { width: 1 } }]);
    await addMemeWithFaces(meme('gone'), []);
    await deleteMeme('gone');
    expect(await teachMeme(taughtFaceFromWord('gone', 'surprise', 'model-a', table)!)).toEqual({ ok: false, reason: 'meme-gone' });
    expect(await facesOfMeme('gone')).toEqual([]);
  });

  test('a taught face survives closing and reopening, crops and all (typed arrays in IndexedDB)', async () => {
    await addMemeWithFaces(meme('cat'), []);
    await teachMeme(taughtFaceFromCamera('cat', [sample(0.25), sample(0.5)], 'model-a'));
    await closeMemesDb();
    const [face] = await facesOfMeme('cat');
    expect(face.taught).toBe('camera');
    expect(face.taught === 'camera' && face.alignedFaces.map((crop) => crop[0])).toEqual([0.25, 0.5]);
  });

  test('a version 1 database upgrades step by step and then holds taught faces beside detected ones', async () => {
    const v1 = await openDB<MemeMirrorDB>(MEMES_DB_NAME, 1, { upgrade: (db, oldVersion, newVersion, tx) => upgradeMemesDb(db, oldVersion, newVersion ?? 1, tx) });
    await v1.put('memes', meme('cat'));
    v1.close();
    await memesDb();
    await teachMeme(taughtFaceFromWord('cat', 'surprise', 'model-a', table)!);
    expect(await facesNotFromModel('model-b')).toMatchObject([{ memeId: 'cat', taught: 'word' }]);
  });

  test('re-indexing re-embeds a taught meme without decoding its image', async () => {
    await addMemeWithFaces(meme('cat'), []);
    await teachMeme(taughtFaceFromCamera('cat', [sample(0.5)], 'model-old'));
    const indexed: string[] = [];
    const progress = await reembedFaces(
      {
        decode: () => Promise.reject(new Error('a taught face needs no image')),
        embedFace: standInEmbed,
        modelVersion: 'model-a',
        onProgress: () => undefined,
        onFaces: (faces) => indexed.push(...faces.map((face) => `${face.id}@${face.modelVersion}`)),
      },
      new AbortController().signal,
    );
    expect(progress).toMatchObject({ done: 1, total: 1 });
    expect(indexed).toEqual([`${faceIdOf('cat', 0)}@model-a`]);
  });
});
