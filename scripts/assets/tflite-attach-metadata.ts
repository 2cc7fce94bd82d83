/**
 * Attaches a metadata FlatBuffer to a .tflite model as the buffer named "TFLITE_METADATA".
 *
 * FlatBuffer offsets only point forward and are relative, so the original file can be kept
 * byte for byte: a new Model root table, new `buffers` and `metadata` vectors and the metadata
 * bytes are written in front of it, pointing forward into the untouched original. The prefix is
 * a multiple of 16 bytes so every weight buffer keeps its 16-byte alignment.
 */

// Field slots of `table Model` in tensorflow/lite/schema/schema.fbs.
const MODEL_FIELDS = 8;
const SLOT_VERSION = 0;
const SLOT_BUFFERS = 4;
const SLOT_METADATA = 6;
const METADATA_NAME = 'TFLITE_METADATA';

interface ParsedModel {
  /** Absolute position of each present field's value, or its scalar for `version`. */
  fieldTargets: (number | undefined)[];
  version: number;
  bufferTables: number[];
  metadataTables: number[];
}

function readTable(view: DataView, table: number): (number | undefined)[] {
  const vtable = table - view.getInt32(table, true);
  const vtableSize = view.getUint16(vtable, true);
  const fields: (number | undefined)[] = [];
  for (let slot = 0; slot < (vtableSize - 4) / 2; slot++) {
    const offset = view.getUint16(vtable + 4 + slot * 2, true);
    fields.push(offset === 0 ? undefined : table + offset);
  }
  return fields;
}

function followOffset(view: DataView, position: number): number {
  return position + view.getUint32(position, true);
}

function readOffsetVector(view: DataView, vector: number | undefined): number[] {
  if (vector === undefined) return [];
  const length = view.getUint32(vector, true);
  return Array.from({ length }, (_, i) => followOffset(view, vector + 4 + i * 4));
}

function readString(view: DataView, position: number): string {
  const length = view.getUint32(position, true);
  return new TextDecoder().decode(new Uint8Array(view.buffer, view.byteOffset + position + 4, length));
}

function parseModel(model: Uint8Array): ParsedModel {
  const view = new DataView(model.buffer, model.byteOffset, model.byteLength);
  if (new TextDecoder().decode(model.subarray(4, 8)) !== 'TFL3') throw new Error('Not a TFLite model (no TFL3 identifier)');
  const root = followOffset(view, 0);
  const fields = readTable(view, root);
  const fieldTargets = fields.map((position, slot) =>
    position === undefined || slot === SLOT_VERSION ? position : followOffset(view, position),
  );
  const versionAt = fields[SLOT_VERSION];
  return {
    fieldTargets,
    version: versionAt === undefined ? 0 : view.getUint32(versionAt, true),
    bufferTables: readOffsetVector(view, fieldTargets[SLOT_BUFFERS]),
    metadataTables: readOffsetVector(view, fieldTargets[SLOT_METADATA]),
  };
}

/** Names of the model's metadata entries, e.g. ["min_runtime_version", "TFLITE_METADATA"]. */
export function listMetadataNames(model: Uint8Array): string[] {
  const view = new DataView(model.buffer, model.byteOffset, model.byteLength);
  return parseModel(model).metadataTables.map((table) => {
    const name = readTable(view, table)[0];
    return name === undefined ? '' : readString(view, followOffset(view, name));
  });
}

/** Little-endian byte writer whose positions are final: everything it writes precedes the original. */
class PrefixWriter {
  private bytes: number[] = [];
  get position(): number {
    return this.bytes.length;
  }
  align(alignment: number, extra = 0): void {
    while ((this.bytes.length + extra) % alignment !== 0) this.bytes.push(0);
  }
  u8(value: number): void {
    this.bytes.push(value & 0xff);
  }
  u16(value: number): void {
    this.u8(value);
    this.u8(value >> 8);
  }
  u32(value: number): void {
    this.u16(value & 0xffff);
    this.u16(value >>> 16);
  }
  raw(data: Uint8Array): void {
    for (const byte of data) this.bytes.push(byte);
  }
  reserveU32(): (value: number) => void {
    const at = this.bytes.length;
    this.u32(0);
    return (value) => {
      for (let i = 0; i < 4; i++) this.bytes[at + i] = (value >>> (8 * i)) & 0xff;
    };
  }
  /** Reserves a uoffset whose target is decided later; targets must lie further on. */
  reserveOffset(): (target: number) => void {
    const at = this.bytes.length;
    const patch = this.reserveU32();
    return (target) => {
      if (target <= at) throw new Error('FlatBuffer offsets must point forward');
      patch(target - at);
    };
  }
  toUint8Array(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

type TableField = { slot: number; u32: number } | { slot: number; offset: true };

/**
 * Writes a vtable and its table (every field a 4-byte word, in the order given). Returns the
 * table's position and a patch function for each offset field, by slot.
 */
function writeTable(writer: PrefixWriter, slotCount: number, fields: TableField[]) {
  writer.align(2);
  const vtable = writer.position;
  writer.u16(4 + slotCount * 2);
  writer.u16(4 + fields.length * 4);
  for (let slot = 0; slot < slotCount; slot++) {
    const index = fields.findIndex((field) => field.slot === slot);
    writer.u16(index < 0 ? 0 : 4 + index * 4);
  }
  writer.align(4);
  const table = writer.position;
  writer.u32(table - vtable); // soffset: vtable = table - soffset
  const offsets = new Map<number, (target: number) => void>();
  for (const field of fields) {
    if ('u32' in field) writer.u32(field.u32);
    else offsets.set(field.slot, writer.reserveOffset());
  }
  const patch = (slot: number, target: number) => {
    const apply = offsets.get(slot);
    if (!apply) throw new Error(`No offset field in slot ${slot}`);
    apply(target);
  };
  return { table, patch };
}

/**
 * Returns a new model that is `model` plus `metadata` as its TFLITE_METADATA buffer. An existing
 * TFLITE_METADATA entry is an error rather than silently shadowed.
 */
export function attachMetadata(model: Uint8Array, metadata: Uint8Array): Uint8Array {
  if (listMetadataNames(model).includes(METADATA_NAME)) throw new Error(`Model already has ${METADATA_NAME}`);
  const parsed = parseModel(model);
  const writer = new PrefixWriter();
  const patchRoot = writer.reserveOffset();
  writer.raw(new TextEncoder().encode('TFL3'));

  // New Model table: every field the original has, with `buffers` and `metadata` replaced.
  const fields: TableField[] = [];
  for (let slot = 0; slot < MODEL_FIELDS; slot++) {
    if (slot === SLOT_VERSION) fields.push({ slot, u32: parsed.version });
    else if (slot === SLOT_BUFFERS || slot === SLOT_METADATA || parsed.fieldTargets[slot] !== undefined) {
      fields.push({ slot, offset: true });
    }
  }
  const modelTable = writeTable(writer, MODEL_FIELDS, fields);
  patchRoot(modelTable.table);

  modelTable.patch(SLOT_BUFFERS, writer.position);
  writer.u32(parsed.bufferTables.length + 1);
  const bufferPatches = parsed.bufferTables.map(() => writer.reserveOffset());
  const patchNewBuffer = writer.reserveOffset();

  modelTable.patch(SLOT_METADATA, writer.position);
  writer.u32(parsed.metadataTables.length + 1);
  const metadataPatches = parsed.metadataTables.map(() => writer.reserveOffset());
  const patchNewMetadata = writer.reserveOffset();

  // Metadata { name:string; buffer:uint; } naming the buffer appended last.
  const entry = writeTable(writer, 2, [{ slot: 0, offset: true }, { slot: 1, u32: parsed.bufferTables.length }]);
  patchNewMetadata(entry.table);
  entry.patch(0, writer.position);
  const name = new TextEncoder().encode(METADATA_NAME);
  writer.u32(name.length);
  writer.raw(name);
  writer.u8(0);

  // Buffer { data:[ubyte] (force_align: 16); }
  const buffer = writeTable(writer, 1, [{ slot: 0, offset: true }]);
  patchNewBuffer(buffer.table);
  writer.align(16, 4);
  buffer.patch(0, writer.position);
  writer.u32(metadata.length);
  writer.raw(metadata);
  writer.align(16);

  // Everything else points into the original, which starts right after the prefix.
  const shift = writer.position;
  parsed.fieldTargets.forEach((target, slot) => {
    if (target !== undefined && slot !== SLOT_VERSION && slot !== SLOT_BUFFERS && slot !== SLOT_METADATA) {
      modelTable.patch(slot, shift + target);
    }
  });
  parsed.bufferTables.forEach((table, i) => bufferPatches[i](shift + table));
  parsed.metadataTables.forEach((table, i) => metadataPatches[i](shift + table));

  const prefix = writer.toUint8Array();
  const out = new Uint8Array(prefix.length + model.length);
  out.set(prefix, 0);
  out.set(model, prefix.length);
  return out;
}
