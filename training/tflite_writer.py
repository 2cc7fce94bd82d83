"""A minimal TFLite FlatBuffer writer: just the tables and fields a float CNN needs.

Field slots and enum values are those of tensorflow/lite/schema/schema.fbs (file identifier
"TFL3", schema version 3). Only fields with non-default values are written.
"""
import flatbuffers
import numpy as np

# BuiltinOperator codes.
ADD, AVERAGE_POOL_2D, CONCATENATION, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE = 0, 1, 2, 3, 4, 6
FULLY_CONNECTED, L2_NORMALIZATION, RESHAPE, SOFTMAX, MEAN, QUANTIZE = 9, 11, 22, 25, 40, 114
# BuiltinOptions union members (index in the union, NONE = 0).
CONV_2D_OPTIONS, FULLY_CONNECTED_OPTIONS, SOFTMAX_OPTIONS, CONCATENATION_OPTIONS = 1, 8, 9, 10
L2_NORM_OPTIONS, REDUCER_OPTIONS = 12, 27
# TensorType / Padding / ActivationFunctionType.
FLOAT32, INT32, INT8 = 0, 2, 9
NUMPY_TYPES = {FLOAT32: '<f4', INT32: '<i4', INT8: 'i1'}
PADDING_SAME, PADDING_VALID = 0, 1
ACT_NONE, ACT_RELU = 0, 1


class TfliteModel:
    """Collects tensors, buffers and operators, then serialises them as one subgraph."""

    def __init__(self):
        self.buffers = [b'']  # buffer 0 is the schema's empty sentinel
        self.tensors = []
        self.operators = []
        self.opcodes = []

    def tensor(self, name, shape, dtype=FLOAT32, data=None, scales=None, zero_point=0):
        """scales: per-slice scales along axis 0 of an INT8 or INT32 tensor (zero point 0), or one
        scale for the whole tensor with its zero_point (quantised activations)."""
        buffer = 0
        if data is not None:
            self.buffers.append(np.ascontiguousarray(data).astype(NUMPY_TYPES[dtype]).tobytes())
            buffer = len(self.buffers) - 1
        self.tensors.append({'name': name, 'shape': list(shape), 'type': dtype, 'buffer': buffer,
                             'scales': None if scales is None else [float(v) for v in scales],
                             'zero_point': int(zero_point)})
        return len(self.tensors) - 1

    def operator(self, opcode, inputs, outputs, options_type=0, options=None):
        """options: list of (slot, kind, value) for the options table, kind in int32/int8/bool/float32."""
        if opcode not in self.opcodes:
            self.opcodes.append(opcode)
        self.operators.append({'opcode': self.opcodes.index(opcode), 'inputs': inputs,
                               'outputs': outputs, 'options_type': options_type, 'options': options or []})

    def serialise(self, inputs, outputs, description):
        b = flatbuffers.Builder(1024)

        def number_vector(values, width, prepend):
            b.StartVector(width, len(values), width)
            for v in reversed(values):
                prepend(v)
            return b.EndVector()

        def int_vector(values):
            return number_vector(values, 4, b.PrependInt32)

        def quantization(scales, zero_point):
            # QuantizationParameters: scale (slot 2), zero_point (3), quantized_dimension (6) = 0.
            scale = number_vector(scales, 4, b.PrependFloat32)
            zero_point = number_vector([zero_point] * len(scales), 8, b.PrependInt64)
            b.StartObject(7)
            b.PrependUOffsetTRelativeSlot(2, scale, 0)
            b.PrependUOffsetTRelativeSlot(3, zero_point, 0)
            return b.EndObject()

        def offset_vector(offsets):
            return number_vector(offsets, 4, b.PrependUOffsetTRelative)

        def byte_vector_aligned(data):
            # Buffer.data is force_align: 16 so runtimes can map weights in place.
            b.StartVector(1, len(data), 16)
            b.head = b.head - len(data)
            b.Bytes[b.head:b.head + len(data)] = data
            return b.EndVector()

        buffer_offsets = []
        for data in self.buffers:
            data_off = byte_vector_aligned(data) if data else None
            b.StartObject(1)
            if data_off is not None:
                b.PrependUOffsetTRelativeSlot(0, data_off, 0)
            buffer_offsets.append(b.EndObject())

        tensor_offsets = []
        for t in self.tensors:
            name, shape = b.CreateString(t['name']), int_vector(t['shape'])
            quant = quantization(t['scales'], t['zero_point']) if t['scales'] is not None else None
            b.StartObject(6)
            b.PrependUOffsetTRelativeSlot(0, shape, 0)
            b.PrependInt8Slot(1, t['type'], 0)
            b.PrependUint32Slot(2, t['buffer'], 0)
            b.PrependUOffsetTRelativeSlot(3, name, 0)
            if quant is not None:
                b.PrependUOffsetTRelativeSlot(4, quant, 0)
            tensor_offsets.append(b.EndObject())

        operator_offsets = []
        for op in self.operators:
            options = None
            if op['options_type']:
                b.StartObject(max([slot for slot, _, _ in op['options']], default=-1) + 1)
                for slot, kind, value in op['options']:
                    {'int32': b.PrependInt32Slot, 'int8': b.PrependInt8Slot, 'bool': b.PrependBoolSlot,
                     'float32': b.PrependFloat32Slot}[kind](slot, value, 0)
                options = b.EndObject()
            ins, outs = int_vector(op['inputs']), int_vector(op['outputs'])
            b.StartObject(5)
            b.PrependUint32Slot(0, op['opcode'], 0)
            b.PrependUOffsetTRelativeSlot(1, ins, 0)
            b.PrependUOffsetTRelativeSlot(2, outs, 0)
            if options is not None:
                b.PrependUint8Slot(3, op['options_type'], 0)
                b.PrependUOffsetTRelativeSlot(4, options, 0)
            operator_offsets.append(b.EndObject())

        tensors, operators = offset_vector(tensor_offsets), offset_vector(operator_offsets)
        sub_inputs, sub_outputs, sub_name = int_vector(inputs), int_vector(outputs), b.CreateString('main')
        b.StartObject(5)
        b.PrependUOffsetTRelativeSlot(0, tensors, 0)
        b.PrependUOffsetTRelativeSlot(1, sub_inputs, 0)
        b.PrependUOffsetTRelativeSlot(2, sub_outputs, 0)
        b.PrependUOffsetTRelativeSlot(3, operators, 0)
        b.PrependUOffsetTRelativeSlot(4, sub_name, 0)
        subgraph = b.EndObject()

        opcode_offsets = []
        for code in self.opcodes:
            b.StartObject(4)
            b.PrependInt8Slot(0, code, 0)  # deprecated_builtin_code: what older runtimes read
            b.PrependInt32Slot(2, 1, 1)  # version
            b.PrependInt32Slot(3, code, 0)  # builtin_code: what newer runtimes read
            opcode_offsets.append(b.EndObject())

        opcodes, subgraphs = offset_vector(opcode_offsets), offset_vector([subgraph])
        description_off, buffers = b.CreateString(description), offset_vector(buffer_offsets)
        b.StartObject(5)
        b.PrependUint32Slot(0, 3, 0)
        b.PrependUOffsetTRelativeSlot(1, opcodes, 0)
        b.PrependUOffsetTRelativeSlot(2, subgraphs, 0)
        b.PrependUOffsetTRelativeSlot(3, description_off, 0)
        b.PrependUOffsetTRelativeSlot(4, buffers, 0)
        b.Finish(b.EndObject(), file_identifier=b'TFL3')
        return bytes(b.Output())
