"""Turns MediaPipe blendshape dumps into the eye-state targets of the `-eyes` variants.

Nothing in FER+, kdef-dev or ckplus48 labels whether the eyes are open, half shut or winking, so
the raters' classes cannot teach it (Yale's sleepy and wink faces are where blendshapes beat us).
MediaPipe's FaceLandmarker, the baseline embedder, estimates it; its scores on the *training*
images become an extra target. Input: training/.cache/teacher/<set>.csv, written by
  npm run eval -- --dataset ../shared/datasets/<set> --embedder blendshapes --dump-vectors training/.cache/teacher/<set>.csv
(52 square-rooted blendshape scores per image, index order of the landmarker's model).
Output: training/eye-states/<set>.csv (committed, so training needs no browser), four values a face,
all unchanged by a horizontal flip so the flip augmentation needs no label swap:
blink_max / blink_min (the more and the less closed eye: a wink is one high, one low),
squint (mean of both eyes), wide (mean of both eyes). Faces the landmarker missed get no row.
"""
import argparse
import csv

from datasets import EYE_STATES
from paths import CACHE

COLUMNS = ['blink_max', 'blink_min', 'squint', 'wide']
# Indices in the landmarker's 52 categories (its model's label list: 0 is _neutral).
BLINK_LEFT, BLINK_RIGHT, SQUINT_LEFT, SQUINT_RIGHT, WIDE_LEFT, WIDE_RIGHT = 9, 10, 19, 20, 21, 22


def eye_state(v):
    return [max(v[BLINK_LEFT], v[BLINK_RIGHT]), min(v[BLINK_LEFT], v[BLINK_RIGHT]),
            (v[SQUINT_LEFT] + v[SQUINT_RIGHT]) / 2, (v[WIDE_LEFT] + v[WIDE_RIGHT]) / 2]


def import_teacher(name):
    with open(CACHE / 'teacher' / ('%s.csv' % name), newline='') as f:
        rows = list(csv.DictReader(f))
    if len(rows[0]) != 54:
        raise SystemExit('%s: expected id, error and 52 blendshape columns, found %d' % (name, len(rows[0])))
    EYE_STATES.mkdir(exist_ok=True)
    kept = [row for row in rows if not row['error']]
    with open(EYE_STATES / ('%s.csv' % name), 'w', newline='') as f:
        writer = csv.writer(f, lineterminator='\n')
        writer.writerow(['id'] + COLUMNS)
        for row in kept:
            values = eye_state([float(row['v%d' % i]) for i in range(52)])
            writer.writerow([row['id']] + ['%.4f' % v for v in values])
    print('%s: eye states for %d of %d images' % (name, len(kept), len(rows)))


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('sets', nargs='+')
    for name in parser.parse_args().sets:
        import_teacher(name)
