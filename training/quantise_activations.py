"""Full-int8 nets: every conv's input and output stored as int8 as well as its weights.

With int8 weights only, tfjs-tflite dequantises the kernels once and runs float convolutions;
with int8 activations it runs integer ones. Measured in Chromium 156 on one wasm thread, the pair
took 3.6-4.0 ms an inference against 5.4-6.4 ms (benchmarks/experiments/tflite-inference.ts), and
a face costs four inferences (two nets, the face and its mirror).

Each conv ends in a ReLU, so its output [0, peak] maps onto the whole int8 range (zero point
-128, scale peak / 255); peak is the largest value over calibration faces taken from training
splits only (never from a set that scores a model). The input, grey / 255, is exactly the int8
grid with scale 1/255. Kernels keep the per-output-channel int8 grid of `quantise`, biases go to
int32 at scale (input scale x kernel scale), as TFLite's int8 CONV_2D wants. After the last conv
the map is dequantised: the mean and the two small dense heads stay float, as before.

`Int8Net` computes in float what TFLite computes in integers (each value rounded onto its grid
where TFLite stores it), so pool_score.py and the parity fixture score what the file holds; the
two can differ where a value falls within rounding of a grid midpoint (XNNPACK rescales int8 sums
in float32; computing Int8Net in float64 left the difference as it was), which the browser parity
test bounds.
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from datasets import aligned_crops, ferplus_records, labelled_records, wild_records
from folding import dequantise, folded_layers, quantise

INPUT_SCALE, INPUT_ZERO_POINT = 1 / 255, -128
RELU_ZERO_POINT = -128
CALIBRATION_EVERY = 10


def calibration_faces():
    """Aligned faces (uint8) from the training splits the nets learnt from: a tenth of FER+ train and
    of rafdb train, all kdef-dev and ckplus48 training people."""
    fer = [r for r in ferplus_records() if r['split'] == 'train'][::CALIBRATION_EVERY]
    parts = [aligned_crops('ferplus', ferplus_records())[[r['index'] for r in fer]],
             aligned_crops('rafdb', wild_records('rafdb')[::CALIBRATION_EVERY])]
    for name in ('kdef-dev', 'ckplus48'):
        parts.append(aligned_crops(name, [r for r in labelled_records(name) if r['split'] == 'train']))
    return np.concatenate(parts)


def _conv(x, kernel, bias, stride):
    """One exported conv on NCHW input: OHWI kernel, TFLite's SAME padding (bottom/right at stride 2)."""
    x = F.pad(x, (0, 1, 0, 1)) if stride == 2 else F.pad(x, (1, 1, 1, 1))
    return F.conv2d(x, torch.from_numpy(kernel.transpose(0, 3, 1, 2).copy()), torch.from_numpy(bias), stride)


def _on_grid(x, scale):
    """A ReLU output rounded onto its int8 grid (zero point -128) and clamped to it, as a real value."""
    return torch.clamp(torch.round(x / scale), 0, 255) * scale


def activation_scales(convs, faces, batch=512):
    """Each conv's output scale: its peak over faces and their mirror images (the product embeds
    both), on float activations, divided by 255."""
    peaks = np.zeros(len(convs))
    with torch.no_grad():
        for i in range(0, len(faces), batch):
            x = torch.from_numpy(faces[i:i + batch]).float().div_(255).unsqueeze(1)
            x = torch.cat([x, torch.flip(x, dims=[3])])
            for j, (kernel, bias, stride) in enumerate(convs):
                x = F.relu(_conv(x, kernel, bias, stride))
                peaks[j] = max(peaks[j], float(x.max()))
    return [float(p / 255) if p > 0 else 1.0 for p in peaks]


def int8_conv(kernel, bias, input_scale):
    """A conv's stored constants: int8 kernel and its per-output-channel scales, int32 bias and
    its scales (input scale x kernel scale), as TFLite's int8 CONV_2D reads them."""
    values, kernel_scales = quantise(kernel)
    bias_scales = input_scale * kernel_scales
    return values, kernel_scales, np.round(bias / bias_scales).astype(np.int32), bias_scales


class Int8Net(nn.Module):
    """One net as exported with int8 activations. Built from an ExpressionNet's folded layers
    (`from_float`) or from a file's constants (export_tflite.model_from_tflite); forward() takes
    and returns what ExpressionNet's does."""

    def __init__(self, convs, heads, scales):
        super().__init__()
        self.scales = [float(s) for s in scales]
        self.convs, previous = [], INPUT_SCALE
        for (kernel, bias, stride), scale in zip(convs, self.scales):
            values, kernel_scales, bias_values, bias_scales = int8_conv(kernel, bias, previous)
            self.convs.append((dequantise(values, kernel_scales), (bias_values * bias_scales).astype(np.float32), stride))
            previous = scale
        self.heads = {name: (dequantise(*quantise(w)), b) for name, (w, b) in heads.items()}

    @classmethod
    def from_float(cls, model, faces):
        convs, heads = folded_layers(model)
        return cls(convs, heads, activation_scales([(dequantise(*quantise(k)), b, s) for k, b, s in convs], faces))

    def forward(self, x):
        x = torch.clamp(torch.round(x / INPUT_SCALE), 0, 255) * INPUT_SCALE
        for (kernel, bias, stride), scale in zip(self.convs, self.scales):
            x = _on_grid(_conv(x, kernel, bias, stride), scale)
        features = x.mean(dim=(2, 3))
        embed_w, embed_b = self.heads['embed']
        classify_w, classify_b = self.heads['classify']
        embedding = features @ torch.from_numpy(embed_w).T + torch.from_numpy(embed_b)
        return F.normalize(embedding, dim=1), features @ torch.from_numpy(classify_w).T + torch.from_numpy(classify_b)
