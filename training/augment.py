"""Batched augmentation on aligned crops, so the embedding learns to ignore pose, light and blur."""
import math

import torch
import torch.nn.functional as F

from align import CONTRACT

FILL = CONTRACT['fill'] / 255.0


def augment(x, generator, capture=False):
    """x: [B, 1, S, S] in [0, 1]; returns a new batch, the same size. capture: also vary the
    resolution and the direction of the light (capture_conditions)."""
    b = x.shape[0]
    rand = lambda *shape: torch.rand(*shape, generator=generator)

    # Flip, small rotation / scale / shift: detector keypoints wobble by about this much.
    angle = (rand(b) * 2 - 1) * math.radians(12)
    scale = 1 + (rand(b) * 2 - 1) * 0.1
    flip = torch.where(rand(b) < 0.5, -1.0, 1.0)
    shift = (rand(b, 2) * 2 - 1) * 0.08
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([
        torch.stack([cos * flip, -sin, shift[:, 0]], 1),
        torch.stack([sin * flip, cos, shift[:, 1]], 1),
    ], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    # Out-of-image pixels must look like the alignment's fill, not black.
    x = F.grid_sample(x - FILL, grid, mode='bilinear', padding_mode='zeros', align_corners=False) + FILL

    if capture:
        x = capture_conditions(x, rand)

    # Brightness, contrast and gamma, as webcams and meme JPEGs vary.
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    contrast = 0.6 + rand(b, 1, 1, 1) * 0.8
    brightness = (rand(b, 1, 1, 1) * 2 - 1) * 0.15
    x = ((x - mean) * contrast + mean + brightness).clamp(0, 1)
    gamma = torch.exp((rand(b, 1, 1, 1) * 2 - 1) * 0.35)
    x = x.clamp_min(1e-4) ** gamma

    # Blur about a third of the batch (webcam focus, small meme images upscaled).
    sigma = 0.4 + rand(b) * 1.1
    taps = torch.arange(-2, 3, dtype=torch.float32)
    kernel = torch.exp(-taps[None, :] ** 2 / (2 * sigma[:, None] ** 2))
    kernel = kernel / kernel.sum(1, keepdim=True)
    blurred = x.transpose(0, 1)  # [1, B, S, S]: one conv group per sample
    blurred = F.conv2d(F.pad(blurred, (2, 2, 0, 0), mode='replicate'), kernel[:, None, None, :], groups=b)
    blurred = F.conv2d(F.pad(blurred, (0, 0, 2, 2), mode='replicate'), kernel[:, None, :, None], groups=b)
    blur = (rand(b, 1, 1, 1) < 0.35).float()
    x = blur * blurred.transpose(0, 1) + (1 - blur) * x

    noise = torch.randn(x.shape, generator=generator) * (rand(b, 1, 1, 1) * 0.03)
    return (x + noise).clamp(0, 1)


def capture_conditions(x, rand):
    """What sets a dataset's capture apart besides global brightness: FER+ faces are 48 px web
    images upscaled, kdef's are sharp studio photos, Yale's are lit from one side. Half the faces
    are shrunk to 20-56 px and brought back (detail lost as a small face loses it), and half are
    lit across by a ramp of up to ±50 % in a random direction (a lamp or window to one side)."""
    b, _, size, _ = x.shape
    small = rand(b) < 0.5
    sides = (20 + rand(b) * 36).round().int()
    x = x.clone()
    for side in torch.unique(sides[small]).tolist():
        faces = small & (sides == side)
        shrunk = F.interpolate(x[faces], size=(side, side), mode='area')
        x[faces] = F.interpolate(shrunk, size=(size, size), mode='bilinear', align_corners=False)
    direction = rand(b) * 2 * math.pi
    strength = rand(b) * 0.5 * (rand(b) < 0.5).float()
    ramp = torch.linspace(-1, 1, size)
    across = (torch.cos(direction)[:, None, None] * ramp[None, None, :]
              + torch.sin(direction)[:, None, None] * ramp[None, :, None])
    return (x * (1 + strength[:, None, None] * across)[:, None]).clamp(0, 1)
