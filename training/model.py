"""The expression network: plain 3x3 convs so that every layer maps to one TFLite CONV_2D.

Stride-2 convs pad only bottom/right, which is what TFLite's SAME padding does for even inputs;
torch's symmetric padding would shift every feature map by half a pixel after export.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from datasets import CLASSES

# (out channels, stride) per conv; the input is 64x64, the last map is 4x4.
ARCHITECTURES = {
    'c7': [(32, 2), (32, 1), (64, 2), (64, 1), (128, 2), (128, 1), (256, 2)],
    # One more conv at 8x8: +148k parameters (3.0 MB), +22 % multiply-adds, the cheapest depth.
    'c8': [(32, 2), (32, 1), (64, 2), (64, 1), (128, 2), (128, 1), (128, 1), (256, 2)],
}
# Architectures whose heads read the last 4x4 map cell by cell instead of its mean: a 1x1 conv
# to 32 channels, then all 16 cells (512 values, in NHWC order, the order a TFLite RESHAPE keeps).
# The mean says which features fired, not where: brows or mouth. Trained and scored only (not a
# nominee, training/README.md): export_tflite.py does not export them.
SPATIAL_HEADS = {'c8-spatial': 'c8'}
SPATIAL_CHANNELS = 32
EMBEDDING_DIM = 64
# MixStyle (Zhou et al., ICLR 2021), training only: after these blocks (the ends of the 32x32 and
# 16x16 stages, where feature statistics carry capture "style": light, contrast, resolution) each
# face's per-channel mean and deviation are mixed with another face's of the batch, so the later
# layers cannot key on the dataset a face came from. The paper's defaults: p 0.5, Beta(0.1, 0.1).
MIXSTYLE_AFTER = (1, 3)
MIXSTYLE_P = 0.5
MIXSTYLE_ALPHA = 0.1


def mix_style(x):
    """x: [B, C, H, W] features; a new batch whose statistics are mixed between shuffled faces."""
    if torch.rand(()) > MIXSTYLE_P:
        return x
    mean = x.mean(dim=(2, 3), keepdim=True).detach()
    std = (x.var(dim=(2, 3), keepdim=True) + 1e-6).sqrt().detach()
    weight = torch.distributions.Beta(MIXSTYLE_ALPHA, MIXSTYLE_ALPHA).sample((x.shape[0], 1, 1, 1))
    other = torch.randperm(x.shape[0])
    mixed_mean = weight * mean + (1 - weight) * mean[other]
    mixed_std = weight * std + (1 - weight) * std[other]
    return (x - mean) / std * mixed_std + mixed_mean


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.stride = stride
        self.conv = nn.Conv2d(cin, cout, 3, stride, padding=1 if stride == 1 else 0, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        if self.stride == 2:
            x = F.pad(x, (0, 1, 0, 1))
        return F.relu(self.bn(self.conv(x)))


class ExpressionNet(nn.Module):
    def __init__(self, architecture='c7', dropout=0.2, mixstyle=False):
        super().__init__()
        # No parameters: the exported file and every reader of a checkpoint are unchanged.
        self.mixstyle = mixstyle
        blocks, cin = [], 1
        self.spatial = architecture in SPATIAL_HEADS
        for cout, stride in ARCHITECTURES[SPATIAL_HEADS.get(architecture, architecture)]:
            blocks.append(ConvBlock(cin, cout, stride))
            cin = cout
        self.blocks = nn.Sequential(*blocks)
        if self.spatial:
            self.reduce = nn.Sequential(nn.Conv2d(cin, SPATIAL_CHANNELS, 1, bias=False), nn.BatchNorm2d(SPATIAL_CHANNELS), nn.ReLU())
            cin = SPATIAL_CHANNELS * 16
        self.dropout = nn.Dropout(dropout)
        self.embed = nn.Linear(cin, EMBEDDING_DIM)
        self.classify = nn.Linear(cin, len(CLASSES))

    def forward(self, x):
        """x: [B, 1, size, size] grey/255. Returns (L2-normalised embedding, class logits)."""
        for i, block in enumerate(self.blocks):
            x = block(x)
            if self.mixstyle and self.training and i in MIXSTYLE_AFTER:
                x = mix_style(x)
        features = self.reduce(x).permute(0, 2, 3, 1).flatten(1) if self.spatial else x.mean(dim=(2, 3))
        features = self.dropout(features)
        return F.normalize(self.embed(features), dim=1), self.classify(features)


def nets_of(model):
    """The nets of an embedder: a pair's two, or the single net itself."""
    return list(model.members) if isinstance(model, EmbedderPair) else [model]


class EmbedderPair(nn.Module):
    """Two nets side by side, as shipped since expr-v2 (training/README.md, "Two nets side by
    side"): each net's unit embedding, joined and divided by sqrt 2, so a cosine between two faces
    is the mean of the nets' cosines; the probabilities are the mean of the nets'. embedding_blocks
    tells evaluate.embed to average a face with its mirror net by net, as lib/embedding does."""
    embedding_blocks = 2

    def __init__(self, first, second):
        super().__init__()
        self.members = nn.ModuleList([first, second])

    def forward(self, x):
        outputs = [member(x) for member in self.members]
        embedding = torch.cat([e for e, _ in outputs], dim=1) / math.sqrt(len(outputs))
        # The log of the mean probabilities, so that softmax() of it gives that mean exactly.
        probabilities = torch.stack([torch.softmax(logits, 1) for _, logits in outputs]).mean(0)
        return embedding, torch.log(probabilities)
