import { describe, expect, test } from 'vitest';
import { chooseEmbedder, EmbedderChoiceError } from '@/lib/eval/node/embedder-choice';

const SERVER = 'http://127.0.0.1:1/';

describe('chooseEmbedder', () => {
  test('fusion runs the committed weight, fusion:W overrides it, and both name the two models in the extension', () => {
    const fusion = chooseEmbedder('fusion', '/nowhere');
    expect(fusion.spec(SERVER)).toEqual({ kind: 'fusion', weight: null });
    expect(fusion.models.map((model) => [model.role, model.kind])).toEqual([
      ['embedder', 'extension'],
      ['landmarker', 'extension'],
    ]);
    expect(chooseEmbedder('fusion:0.3', '/nowhere').spec(SERVER)).toEqual({ kind: 'fusion', weight: 0.3 });
    expect(chooseEmbedder('fusion:0', '/nowhere').spec(SERVER)).toEqual({ kind: 'fusion', weight: 0 });
  });

  test.each(['fusion:', 'fusion:1.5', 'fusion:-0.1', 'fusion:half'])('%s is refused with the valid range', (name) => {
    expect(() => chooseEmbedder(name, '/nowhere')).toThrow(EmbedderChoiceError);
    expect(() => chooseEmbedder(name, '/nowhere')).toThrow(/within \[0, 1\]/);
  });

  test("landmarker reads the built extension's own bundle, not the shared folder", () => {
    const landmarker = chooseEmbedder('landmarker', '/nowhere');
    expect(landmarker.models).toEqual([{ role: 'landmarker', kind: 'extension', path: 'generated/models/face-landmarker.task' }]);
    expect(landmarker.extraFiles).toEqual({});
  });

  test('tflite:PATH scores a candidate file on one view; tflite+mirror:PATH on the face and its mirror, as the product does', () => {
    const model = new URL('../../models/expression-embedder.tflite', import.meta.url).pathname;
    const single = chooseEmbedder(`tflite:${model}`, '/nowhere');
    expect(single.name).toBe('tflite:expression-embedder.tflite');
    expect(single.spec(SERVER)).toEqual({ kind: 'tflite', modelUrl: `${SERVER}extra/model.tflite`, mirror: false });
    const mirrored = chooseEmbedder(`tflite+mirror:${model}`, '/nowhere');
    expect(mirrored.name).toBe('tflite+mirror:expression-embedder.tflite');
    expect(mirrored.spec(SERVER)).toEqual({ kind: 'tflite', modelUrl: `${SERVER}extra/model.tflite`, mirror: true });
    expect(mirrored.extraFiles).toEqual({ 'model.tflite': model });
    expect(() => chooseEmbedder('tflite+mirror:/nowhere/x.tflite', '/nowhere')).toThrow(/not found/);
  });
});
