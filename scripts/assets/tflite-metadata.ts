/**
 * Writes TFLite model metadata (tensorflow/tflite-support metadata_schema.fbs, identifier "M001")
 * and attaches it to an existing .tflite file, without a TensorFlow toolchain.
 *
 * Why: the MediaPipe Tasks FaceDetector refuses a float model whose input tensor has no
 * NormalizationOptions metadata. The BlazeFace network shipped in the npm package
 * @mediapipe/face_detection has none, so the build adds it (see ../shared/NOTES.md).
 */
import { Builder } from 'flatbuffers';

export interface TensorMetadataSpec {
  name: string;
  description: string;
  /** Present for image inputs: pixel values are normalised as (x - mean) / std. */
  image?: { colorSpace: 'RGB' | 'GRAYSCALE'; mean: number; std: number; min: number; max: number };
}

export interface ModelMetadataSpec {
  name: string;
  description: string;
  version: string;
  author: string;
  license: string;
  inputs: TensorMetadataSpec[];
  outputs: TensorMetadataSpec[];
}

// Union type ids and enum values, from metadata_schema.fbs.
const CONTENT_FEATURE_PROPERTIES = 1;
const CONTENT_IMAGE_PROPERTIES = 2;
const PROCESS_UNIT_NORMALIZATION = 1;
const COLOR_SPACE = { RGB: 1, GRAYSCALE: 2 } as const;

function floatVector(builder: Builder, values: number[]): number {
  builder.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) builder.addFloat32(values[i]);
  return builder.endVector();
}

function offsetVector(builder: Builder, offsets: number[]): number {
  builder.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) builder.addOffset(offsets[i]);
  return builder.endVector();
}

function buildTensorMetadata(builder: Builder, spec: TensorMetadataSpec): number {
  const name = builder.createString(spec.name);
  const description = builder.createString(spec.description);

  let contentProperties: number;
  let contentType: number;
  let processUnits = 0;
  let stats: number;
  if (spec.image) {
    builder.startObject(2); // ImageProperties { color_space, default_size }
    builder.addFieldInt8(0, COLOR_SPACE[spec.image.colorSpace], 0);
    contentProperties = builder.endObject();
    contentType = CONTENT_IMAGE_PROPERTIES;

    const mean = floatVector(builder, [spec.image.mean]);
    const std = floatVector(builder, [spec.image.std]);
    builder.startObject(2); // NormalizationOptions { mean, std }
    builder.addFieldOffset(0, mean, 0);
    builder.addFieldOffset(1, std, 0);
    const normalization = builder.endObject();
    builder.startObject(2); // ProcessUnit { options_type, options }
    builder.addFieldInt8(0, PROCESS_UNIT_NORMALIZATION, 0);
    builder.addFieldOffset(1, normalization, 0);
    processUnits = offsetVector(builder, [builder.endObject()]);

    const max = floatVector(builder, [spec.image.max]);
    const min = floatVector(builder, [spec.image.min]);
    builder.startObject(2); // Stats { max, min }
    builder.addFieldOffset(0, max, 0);
    builder.addFieldOffset(1, min, 0);
    stats = builder.endObject();
  } else {
    builder.startObject(0); // FeatureProperties {}
    contentProperties = builder.endObject();
    contentType = CONTENT_FEATURE_PROPERTIES;
    builder.startObject(2);
    stats = builder.endObject();
  }

  builder.startObject(3); // Content { content_properties_type, content_properties, range }
  builder.addFieldInt8(0, contentType, 0);
  builder.addFieldOffset(1, contentProperties, 0);
  const content = builder.endObject();

  builder.startObject(7); // TensorMetadata
  builder.addFieldOffset(0, name, 0);
  builder.addFieldOffset(1, description, 0);
  builder.addFieldOffset(3, content, 0);
  if (processUnits) builder.addFieldOffset(4, processUnits, 0);
  builder.addFieldOffset(5, stats, 0);
  return builder.endObject();
}

/** Serialises a ModelMetadata FlatBuffer with file identifier "M001". */
export function buildModelMetadata(spec: ModelMetadataSpec): Uint8Array {
  const builder = new Builder(1024);
  const inputs = offsetVector(builder, spec.inputs.map((t) => buildTensorMetadata(builder, t)));
  const outputs = offsetVector(builder, spec.outputs.map((t) => buildTensorMetadata(builder, t)));
  builder.startObject(7); // SubGraphMetadata
  builder.addFieldOffset(2, inputs, 0);
  builder.addFieldOffset(3, outputs, 0);
  const subgraphs = offsetVector(builder, [builder.endObject()]);

  const name = builder.createString(spec.name);
  const description = builder.createString(spec.description);
  const version = builder.createString(spec.version);
  const author = builder.createString(spec.author);
  const license = builder.createString(spec.license);
  const minParserVersion = builder.createString('1.0.0');
  builder.startObject(8); // ModelMetadata
  builder.addFieldOffset(0, name, 0);
  builder.addFieldOffset(1, description, 0);
  builder.addFieldOffset(2, version, 0);
  builder.addFieldOffset(3, subgraphs, 0);
  builder.addFieldOffset(4, author, 0);
  builder.addFieldOffset(5, license, 0);
  builder.addFieldOffset(7, minParserVersion, 0);
  builder.finish(builder.endObject(), 'M001');
  return builder.asUint8Array();
}
