import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { attachMetadata, listMetadataNames } from '@/scripts/assets/tflite-attach-metadata';
import { buildFaceDetectorModel, FULL_RANGE_FACE_DETECTOR_METADATA } from '@/scripts/assets/build-assets';

const NPM_MODEL = resolve('node_modules/@mediapipe/face_detection/face_detection_short_range.tflite');
const OFFICIAL_MODEL = resolve('../shared/models/blaze_face_short_range.tflite');

/** The metadata FlatBuffer inside a model: it starts 4 bytes before its "M001" identifier. */
function metadataBytes(model: Uint8Array): Uint8Array {
  const identifier = new TextDecoder('latin1').decode(model).indexOf('M001');
  expect(identifier).toBeGreaterThan(4);
  return model.subarray(identifier - 4);
}

describe('face detector metadata', () => {
  test('the npm model has no metadata, the built one has TFLITE_METADATA and keeps every original byte', async () => {
    const original = new Uint8Array(readFileSync(NPM_MODEL));
    expect(listMetadataNames(original)).not.toContain('TFLITE_METADATA');
    const built = await buildFaceDetectorModel();
    expect(listMetadataNames(built)).toContain('TFLITE_METADATA');
    expect(built.subarray(built.length - original.length)).toEqual(original);
    // Weight buffers keep their 16-byte alignment only if the prefix is a multiple of 16.
    expect((built.length - original.length) % 16).toBe(0);
  });

  test('carries the same normalisation values as the official Tasks file', async () => {
    const built = await buildFaceDetectorModel();
    const official = new Uint8Array(readFileSync(OFFICIAL_MODEL));
    const floats = (bytes: Uint8Array) => {
      const found = new Set<number>();
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i + 4 <= bytes.length; i += 4) found.add(view.getFloat32(i, true));
      return found;
    };
    for (const value of [127.5, 1, -1]) {
      expect(floats(metadataBytes(official)).has(value)).toBe(true);
      expect(floats(metadataBytes(built)).has(value)).toBe(true);
    }
  });

  test('the full-range model is built the same way, every original byte kept', async () => {
    const original = new Uint8Array(readFileSync(NPM_MODEL.replace('short_range', 'full_range')));
    const built = await buildFaceDetectorModel('face_detection_full_range.tflite', FULL_RANGE_FACE_DETECTOR_METADATA);
    expect(listMetadataNames(built)).toContain('TFLITE_METADATA');
    // Compared as one buffer: an element-wise deep equal of a megabyte takes seconds.
    expect(Buffer.from(built.subarray(built.length - original.length)).equals(original)).toBe(true);
    expect((built.length - original.length) % 16).toBe(0);
  });

  test('refuses to attach twice', async () => {
    const built = await buildFaceDetectorModel();
    expect(() => attachMetadata(built, new Uint8Array(8))).toThrow(/already has TFLITE_METADATA/);
  });
});
