"""Turns MediaPipe blendshape dumps into the teacher targets of the `-eyes` and `-actions` variants.

Nothing in FER+, kdef-dev or ckplus48 labels whether the eyes are open, half shut or winking, or
how far the brows are drawn down: the raters' classes name an emotion, not the face's movements.
MediaPipe's FaceLandmarker, the baseline embedder, estimates those movements as 52 blendshapes;
its scores on the *training* images become an extra target. Input: training/.cache/teacher/<set>.csv, written by
  npm run eval -- --dataset ../shared/datasets/<set> --embedder blendshapes --dump-vectors training/.cache/teacher/<set>.csv
(52 square-rooted blendshape scores per image, index order of the landmarker's model).
Output (committed, so training needs no browser; faces the landmarker missed get no row):
training/face-actions/<set>.csv, every value unchanged by a horizontal flip so the flip
augmentation needs no label swap. Its first four columns are the eye states (datasets.EYE_STATES,
the `-eyes` variants' whole target): blink_max / blink_min (the more and the less closed eye: a
wink is one high, one low), squint and wide (means of both eyes). Then the brow, cheek, jaw, mouth
and nose movements, left and right averaged, and the smile's asymmetry (a one-sided smile is
contempt's mark). Gaze and sideways jaw or mouth shifts are left out: they say where the face
looks, not what it shows.
"""
import argparse
import csv

from datasets import EYE_STATES, TEACHER_TARGETS_DIR
from paths import CACHE

# Indices in the landmarker's 52 categories (its model's label list: 0 is _neutral).
BLINK, SQUINT, WIDE = (9, 10), (19, 20), (21, 22)
# (column, indices averaged): one index for the centred movements, a left/right pair otherwise.
FACE_ACTIONS = [('brow_down', (1, 2)), ('brow_inner_up', (3,)), ('brow_outer_up', (4, 5)),
                ('cheek_puff', (6,)), ('cheek_squint', (7, 8)), ('jaw_open', (25,)),
                ('mouth_close', (27,)), ('dimple', (28, 29)), ('frown', (30, 31)), ('funnel', (32,)),
                ('lower_down', (34, 35)), ('press', (36, 37)), ('pucker', (38,)), ('roll_lower', (40,)),
                ('roll_upper', (41,)), ('shrug_lower', (42,)), ('shrug_upper', (43,)), ('smile', (44, 45)),
                ('stretch', (46, 47)), ('upper_up', (48, 49)), ('sneer', (50, 51))]
SMILE = dict(FACE_ACTIONS)['smile']
COLUMNS = EYE_STATES + [name for name, _ in FACE_ACTIONS] + ['smile_asymmetry']


def eye_state(v):
    return [max(v[i] for i in BLINK), min(v[i] for i in BLINK),
            sum(v[i] for i in SQUINT) / 2, sum(v[i] for i in WIDE) / 2]


def face_actions(v):
    return (eye_state(v) + [sum(v[i] for i in indices) / len(indices) for _, indices in FACE_ACTIONS]
            + [abs(v[SMILE[0]] - v[SMILE[1]])])


def import_teacher(name):
    with open(CACHE / 'teacher' / ('%s.csv' % name), newline='') as f:
        rows = list(csv.DictReader(f))
    if len(rows[0]) != 54:
        raise SystemExit('%s: expected id, error and 52 blendshape columns, found %d' % (name, len(rows[0])))
    TEACHER_TARGETS_DIR.mkdir(exist_ok=True)
    kept = [row for row in rows if not row['error']]
    with open(TEACHER_TARGETS_DIR / ('%s.csv' % name), 'w', newline='') as f:
        writer = csv.writer(f, lineterminator='\n')
        writer.writerow(['id'] + COLUMNS)
        for row in kept:
            values = face_actions([float(row['v%d' % i]) for i in range(52)])
            writer.writerow([row['id']] + ['%.4f' % v for v in values])
    print('%s: teacher targets for %d of %d images' % (name, len(kept), len(rows)))


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('sets', nargs='+')
    for name in parser.parse_args().sets:
        import_teacher(name)
