"""Writes tests/fixtures/parity/align-cases.json: images + eye points + training/align.py's crops.

tests/unit/align-face.test.ts replays the cases through lib/vision/align-face.ts, so the two
implementations cannot drift apart without a red test. Rerun after changing either one.
"""
import json

import cv2
import numpy as np

from align import align_face
from paths import DATASETS, REPO

OUT = REPO / 'tests' / 'fixtures' / 'parity' / 'align-cases.json'


def case(name, rgb, left, right):
    h, w, _ = rgb.shape
    rgba = np.concatenate([rgb, np.full((h, w, 1), 255, np.uint8)], axis=2)
    crop = align_face(rgb, left, right)
    return {
        'name': name, 'width': w, 'height': h, 'rgba': rgba.reshape(-1).tolist(),
        'leftEye': {'x': left[0], 'y': left[1]}, 'rightEye': {'x': right[0], 'y': right[1]},
        'expected': [round(float(v), 6) for v in crop.reshape(-1)],
    }


def main():
    rng = np.random.default_rng(4)
    face = cv2.imread(str(DATASETS / 'tcce-dev' / 'images' / '0101a02.jpg'))[:, :, ::-1]
    face = np.ascontiguousarray(cv2.resize(face, (40, 40), interpolation=cv2.INTER_AREA))
    noise = rng.integers(0, 256, (17, 23, 3), dtype=np.uint8)
    cases = [
        case('real face, level eyes', face, (14.2, 18.9), (25.8, 18.6)),
        # Eyes given right-to-left: the smaller x must still be treated as left (no 180° flip).
        case('real face, eyes swapped and tilted', face, (27.0, 21.5), (13.5, 17.0)),
        case('noise, tiny eyes near the border: mostly fill', noise, (1.3, 2.2), (4.1, 1.7)),
        case('noise, large eye distance, rotated', noise, (-3.0, 2.0), (30.0, 14.0)),
    ]
    OUT.write_text(json.dumps({'cases': cases}, separators=(',', ':')))
    print('wrote', OUT, OUT.stat().st_size, 'bytes')


if __name__ == '__main__':
    main()
