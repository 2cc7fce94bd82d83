"""Reads back the constant tensors of a .tflite file that tflite_writer.py wrote.

It lets an exported model be re-exported (e.g. its weights stored as int8) when the checkpoint it
came from is gone: training/.cache is not committed, the .tflite is. Slots are those of
tensorflow/lite/schema/schema.fbs, as in tflite_writer.py.
"""
import flatbuffers
import numpy as np
from flatbuffers.table import Table

import tflite_writer as tfl


def _table(tab, slot):
    """The sub-table at a slot of tab, or None where the field is absent."""
    offset = tab.Offset(4 + 2 * slot)
    return Table(tab.Bytes, tab.Indirect(tab.Pos + offset)) if offset else None


def _vector(tab, slot):
    """[start, length] of the vector at a slot of tab, (0, 0) where absent."""
    offset = tab.Offset(4 + 2 * slot)
    return (tab.Vector(offset), tab.VectorLen(offset)) if offset else (0, 0)


def _tables(tab, slot):
    start, length = _vector(tab, slot)
    return [Table(tab.Bytes, tab.Indirect(start + 4 * i)) for i in range(length)]


def _numbers(tab, slot, dtype):
    start, length = _vector(tab, slot)
    return np.frombuffer(tab.Bytes, dtype, length, start) if length else np.zeros(0, dtype)


def _scalar(tab, slot, flags, default):
    offset = tab.Offset(4 + 2 * slot)
    return tab.Get(flags, tab.Pos + offset) if offset else default


def read_constants(data):
    """{tensor name: float32/int32 array} for every tensor with data; int8 ones come dequantised."""
    data = bytearray(data)
    if data[4:8] != b'TFL3':
        raise ValueError('not a TFLite file (no TFL3 identifier)')
    model = Table(data, flatbuffers.encode.Get(flatbuffers.packer.uoffset, data, 0))
    buffers = [_numbers(buffer, 0, np.uint8) for buffer in _tables(model, 4)]
    constants = {}
    for tensor in _tables(_tables(model, 2)[0], 0):
        buffer = _scalar(tensor, 2, flatbuffers.number_types.Uint32Flags, 0)
        if not len(buffers[buffer]):
            continue
        kind = _scalar(tensor, 1, flatbuffers.number_types.Int8Flags, tfl.FLOAT32)
        shape = _numbers(tensor, 0, '<i4')
        name = tensor.String(tensor.Offset(4 + 2 * 3) + tensor.Pos).decode()
        values = np.frombuffer(buffers[buffer].tobytes(), tfl.NUMPY_TYPES[kind]).reshape(shape)
        quantization = _table(tensor, 4)
        if quantization is not None:
            scales = _numbers(quantization, 2, '<f4')
            values = values.astype(np.float32) * scales.reshape(-1, *[1] * (values.ndim - 1))
            name = name.removesuffix('/int8')
        constants[name] = values
    return constants


def read_activation_scales(data):
    """{tensor name: scale} for every quantised tensor without data: the int8 activations."""
    data = bytearray(data)
    model = Table(data, flatbuffers.encode.Get(flatbuffers.packer.uoffset, data, 0))
    empty = {i for i, buffer in enumerate(_tables(model, 4)) if not _vector(buffer, 0)[1]}
    scales = {}
    for tensor in _tables(_tables(model, 2)[0], 0):
        quantization = _table(tensor, 4)
        if quantization is None or _scalar(tensor, 2, flatbuffers.number_types.Uint32Flags, 0) not in empty:
            continue
        name = tensor.String(tensor.Offset(4 + 2 * 3) + tensor.Pos).decode()
        scales[name] = float(_numbers(quantization, 2, '<f4')[0])
    return scales
