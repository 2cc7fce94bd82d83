"""The exported form of an ExpressionNet's layers: batch-norm folded into each conv, and int8 grids.

Shared by the exporter and the int8-activation nets (quantise_activations.py), so that what torch
scores and what the file holds are built by the same functions.
"""
import copy

import numpy as np
import torch


def quantise(weight):
    """Symmetric int8 per output channel (axis 0): (int8 array, float32 scales)."""
    peak = np.abs(weight.reshape(len(weight), -1)).max(1)
    scales = np.where(peak > 0, peak / 127, 1).astype(np.float32)
    values = np.clip(np.round(weight / scales.reshape(-1, *[1] * (weight.ndim - 1))), -127, 127)
    return values.astype(np.int8), scales


def dequantise(values, scales):
    return values.astype(np.float32) * scales.reshape(-1, *[1] * (values.ndim - 1))


def batch_norm_scale(bn):
    """Per-channel factor that folding batch-norm multiplies a conv's kernel by."""
    return bn.weight / torch.sqrt(bn.running_var + bn.eps)


def quantised_copy(model):
    """The model with every kernel on its int8 grid, taken after batch-norm folding as exported."""
    model = copy.deepcopy(model)
    with torch.no_grad():
        for block in model.blocks:
            scale = batch_norm_scale(block.bn)[:, None, None, None]
            folded = (block.conv.weight * scale).numpy()
            block.conv.weight.copy_(torch.from_numpy(dequantise(*quantise(folded))) / scale)
        for layer in (model.embed, model.classify):
            layer.weight.copy_(torch.from_numpy(dequantise(*quantise(layer.weight.numpy()))))
    return model


def folded_layers(model):
    """[(OHWI kernel, bias, stride)] with batch-norm folded in, then the two dense heads."""
    convs = []
    for block in model.blocks:
        bn = block.bn
        scale = batch_norm_scale(bn).detach().numpy()
        kernel = block.conv.weight.detach().numpy() * scale[:, None, None, None]
        bias = (bn.bias.detach().numpy() - bn.running_mean.detach().numpy() * scale)
        convs.append((kernel.transpose(0, 2, 3, 1).astype(np.float32), bias.astype(np.float32), block.stride))
    heads = {name: (layer.weight.detach().numpy().astype(np.float32), layer.bias.detach().numpy().astype(np.float32))
             for name, layer in (('embed', model.embed), ('classify', model.classify))}
    return convs, heads
