"""Face alignment, the numpy twin of lib/vision/align-face.ts.

Both follow lib/vision/face-alignment.json: the model only ever sees crops made this way, so any
difference between training and the browser would show up as lost accuracy, not as an error.
tests/fixtures/parity/align-cases.json pins the two implementations to each other.
"""
import json
from pathlib import Path

import numpy as np

CONTRACT_PATH = Path(__file__).resolve().parent.parent / 'lib' / 'vision' / 'face-alignment.json'
CONTRACT = json.loads(CONTRACT_PATH.read_text())


def to_grey(rgb):
    """HxWx3 (0-255) -> HxW float64 grey with the contract's weights; HxW input passes through."""
    rgb = np.asarray(rgb, dtype=np.float64)
    if rgb.ndim == 2:
        return rgb
    w = CONTRACT['greyWeights']
    return rgb[..., 0] * w[0] + rgb[..., 1] * w[1] + rgb[..., 2] * w[2]


def source_coords(left_eye, right_eye, size=CONTRACT['size']):
    """Continuous source coordinates (x, y), each size x size, of every output pixel centre."""
    (lx, ly), (rx, ry) = sorted([tuple(left_eye), tuple(right_eye)])  # smaller x is "left"
    dx, dy = rx - lx, ry - ly
    dist = max(np.hypot(dx, dy), 1e-6)
    cos, sin = dx / dist, dy / dist
    inv_scale = dist / (CONTRACT['eyeDistance'] * size)
    mid_x, mid_y = (lx + rx) / 2, (ly + ry) / 2
    u = np.arange(size, dtype=np.float64) + 0.5 - CONTRACT['eyeMid'][0] * size
    v = np.arange(size, dtype=np.float64) + 0.5 - CONTRACT['eyeMid'][1] * size
    uu, vv = np.meshgrid(u, v)
    xs = mid_x + inv_scale * (cos * uu - sin * vv)
    ys = mid_y + inv_scale * (sin * uu + cos * vv)
    return xs, ys


def align_face(image, left_eye, right_eye, size=CONTRACT['size']):
    """Aligned size x size crop as float32 in [0, 1] (grey / 255).

    Bilinear with pixel centres at integer + 0.5; a neighbour outside the image reads as `fill`,
    so the crop fades into the fill colour exactly as the TS side does.
    """
    grey = to_grey(image)
    h, w = grey.shape
    padded = np.full((h + 2, w + 2), float(CONTRACT['fill']))
    padded[1:-1, 1:-1] = grey
    xs, ys = source_coords(left_eye, right_eye, size)
    fx, fy = xs - 0.5, ys - 0.5
    x0, y0 = np.floor(fx), np.floor(fy)
    ax, ay = fx - x0, fy - y0
    # Clamp into the one-pixel fill border: every index beyond it reads fill too.
    x0i = np.clip(x0, -1, w).astype(np.int64) + 1
    x1i = np.clip(x0 + 1, -1, w).astype(np.int64) + 1
    y0i = np.clip(y0, -1, h).astype(np.int64) + 1
    y1i = np.clip(y0 + 1, -1, h).astype(np.int64) + 1
    top = padded[y0i, x0i] * (1 - ax) + padded[y0i, x1i] * ax
    bottom = padded[y1i, x0i] * (1 - ax) + padded[y1i, x1i] * ax
    return ((top * (1 - ay) + bottom * ay) / 255.0).astype(np.float32)
