"""Dataset records and aligned crops, cached under training/.cache/.

Every image goes through align.align_face with eye keypoints from training/eyes/<set>.csv: the
product's own detector (BlazeFace in Chromium, imported by import_face_dump.py), so training crops
are made the way the extension makes them. Images the detector missed take the set's mean
detected eyes.
"""
import csv
import hashlib

import cv2
import numpy as np

from align import CONTRACT, align_face
from paths import CACHE, DATASETS, REPO

CLASSES = ['neutral', 'happiness', 'surprise', 'sadness', 'anger', 'disgust', 'fear', 'contempt']
LABEL_TO_CLASS = {
    'neutral': 'neutral', 'happy': 'happiness', 'happiness': 'happiness', 'surprised': 'surprise',
    'surprise': 'surprise', 'sad': 'sadness', 'sadness': 'sadness', 'angry': 'anger',
    'anger': 'anger', 'disgusted': 'disgust', 'disgust': 'disgust', 'fearful': 'fear',
    'fear': 'fear', 'contempt': 'contempt',
}
EYES = REPO / 'training' / 'eyes'
# import_teacher.py writes one table of teacher targets a set here; a teacher is a choice of its
# columns: 'eye-states' the first four, 'face-actions' all 26.
TEACHER_TARGETS_DIR = REPO / 'training' / 'face-actions'
EYE_STATES = ['blink_max', 'blink_min', 'squint', 'wide']
TEACHERS = {'eye-states': EYE_STATES, 'face-actions': None}
# yalefaces names two eye states no FER+ class covers; it is only ever scored, never trained on.
YALE_LABELS = ['normal', 'happy', 'sad', 'sleepy', 'surprised', 'wink']

# The in-the-wild sets (one image a subject) and the seeded head_splits.py lists each keeps out of
# training: the validation pool's faces and the eyes-shut check.
WILD_SETS = {'rafdb': 'rafdb-pool', 'affectnet-sub': 'affectnet-pool', 'contempt-smirk': None,
             'cew-closed-eyes': 'cew-check'}
# cew-closed-eyes has no FER+ expression: its faces share a label of their own, past CLASSES, that
# only the contrastive term reads.
EYES_SHUT = len(CLASSES)
HEAD_LISTS = CACHE / 'head' / 'lists'

# Held out of training so each set still gives an unseen-people figure.
KDEF_HELD_OUT = {'F01', 'F02', 'F03', 'F04', 'M01', 'M02', 'M03', 'M04'}


def tcce_held_out(subject):
    """tcce-dev performers with an odd number (S01, S03, S05, S07, S09) are kept for evaluation.

    Only the variants that name tcce-dev among their posed sets train on the others (S02, S06,
    S08, S10; there is no S04). Every variant is scored on the odd performers alone, so figures
    from runs with and without tcce training compare the same people.
    """
    return int(subject[1:]) % 2 == 1


def ckplus_held_out(subject):
    """CK+ subjects whose number is a multiple of 3 (about a third) are kept for evaluation."""
    return int(subject[1:]) % 3 == 0


def _read_csv(name):
    with open(DATASETS / name / 'labels.csv', newline='') as f:
        return list(csv.DictReader(f))


def ferplus_records():
    records = []
    for row in _read_csv('ferplus'):
        votes = np.array([float(row[c]) for c in CLASSES], np.float32)
        records.append({
            'index': int(row['index']), 'split': row['split'], 'subject': 'fer%s' % row['index'],
            'votes': votes,
            'label': CLASSES.index(row['majority']) if row['majority'] in CLASSES else -1,
        })
    return records


def labelled_records(name):
    """kdef-dev, ckplus48, tcce-dev: one expression label and a subject per image (tcce-dev: and its performance type)."""
    records = []
    for row in _read_csv(name):
        label = CLASSES.index(LABEL_TO_CLASS[row['expression']])
        if name == 'kdef-dev':
            split = 'test' if row['subject'] in KDEF_HELD_OUT else 'train'
        elif name == 'ckplus48':
            split = 'test' if ckplus_held_out(row['subject']) else 'train'
        else:
            split = 'test' if tcce_held_out(row['subject']) else 'train'
        record = {'file': row['file'], 'subject': row['subject'], 'label': label, 'split': split}
        if name == 'tcce-dev':
            # ekman_facs, theatric, personal_event (the mild faces) or unspecified(neutral): figures are reported by it.
            record['perf_type'] = row['perf_type']
        records.append(record)
    return records


def held_back_subjects(list_name):
    """The subjects of a head_splits.py list (run it first: the lists are seeded, not committed)."""
    path = HEAD_LISTS / ('%s.txt' % list_name)
    if not path.exists():
        raise SystemExit('%s missing: run python3 training/head_splits.py' % path)
    return set(path.read_text().split())


def wild_records(name, split='train', held_back=False):
    """rafdb, affectnet-sub, contempt-smirk, cew-closed-eyes faces of a split.

    By default the subjects of the set's held-back list (WILD_SETS) are left out; held_back=True
    returns only them. split='test' (rafdb) is never trained on. label is a CLASSES index or EYES_SHUT.
    """
    kept_back = held_back_subjects(WILD_SETS[name]) if WILD_SETS[name] and split == 'train' else set()
    records = []
    for row in _read_csv(name):
        if row['split'] != split or (row['subject'] in kept_back) != held_back:
            continue
        label = EYES_SHUT if row['expression'] == 'eyes-closed' else CLASSES.index(LABEL_TO_CLASS[row['expression']])
        records.append({'file': row['file'], 'subject': row['subject'], 'label': label, 'split': split})
    return records


def yale_records():
    """All 90 yalefaces images; label indexes YALE_LABELS. No split: no run trains on Yale."""
    return [{'file': row['file'], 'subject': row['subject'], 'label': YALE_LABELS.index(row['expression']),
             'split': 'test'} for row in _read_csv('yalefaces')]


def has_teacher_targets(name):
    """Whether import_teacher.py's table for this set is here (FER+'s is not committed: README.md)."""
    return (TEACHER_TARGETS_DIR / ('%s.csv' % name)).exists()


def teacher_targets(kind, name, records):
    """(float32 [N, K] targets of one teacher (TEACHERS) from import_teacher.py, bool [N]: has them)."""
    path = TEACHER_TARGETS_DIR / ('%s.csv' % name)
    if not has_teacher_targets(name):
        raise SystemExit('%s missing: run the blendshape dump and import_teacher.py (README.md)' % path)
    with open(path, newline='') as f:
        reader = csv.DictReader(f)
        columns = TEACHERS[kind] or reader.fieldnames[1:]
        table = {row['id']: [float(row[c]) for c in columns] for row in reader}
    keys = [_image_key(name, record) for record in records]
    known = np.array([key in table for key in keys])
    values = np.array([table.get(key, [0.0] * len(columns)) for key in keys], np.float32)
    return values, known


def _detected_eyes(name):
    """({image id: (left eye, right eye)}, tag naming the table's version for the cache key)."""
    path = EYES / ('%s.csv' % name)
    if not path.exists():
        raise SystemExit('%s missing: run the detector dump and import_face_dump.py (README.md)' % path)
    with open(path, newline='') as f:
        eyes = {row['id']: ((float(row['left_x']), float(row['left_y'])),
                            (float(row['right_x']), float(row['right_y']))) for row in csv.DictReader(f)}
    return eyes, 'eyes' + hashlib.sha1(path.read_bytes()).hexdigest()[:8]


def _image_key(name, record):
    """The image's id in the eye table and the detector dump."""
    return str(record['index']) if name == 'ferplus' else record['file']


def aligned_crops(name, records):
    """uint8 [N, size, size] crops for the records, built once and cached."""
    eyes, source = _detected_eyes(name)
    keys = [_image_key(name, record) for record in records]
    subset = hashlib.sha1('\n'.join(keys).encode()).hexdigest()[:8]
    path = CACHE / ('%s-a%d-%s-%s.npy' % (name, CONTRACT['version'], source, subset))
    if path.exists():
        return np.load(path)
    missing_eyes = tuple(map(tuple, np.mean(list(eyes.values()), axis=0)))
    size = CONTRACT['size']
    crops = np.empty((len(records), size, size), np.uint8)
    if name == 'ferplus':
        raw = np.fromfile(DATASETS / 'ferplus' / 'images-48x48.u8', np.uint8).reshape(-1, 48, 48)
    for i, (record, key) in enumerate(zip(records, keys)):
        if name == 'ferplus':
            image = raw[record['index']]
        else:
            image = cv2.imread(str(DATASETS / name / record['file']))[:, :, ::-1]
        left, right = eyes.get(key, missing_eyes)
        crops[i] = np.clip(np.rint(align_face(image, left, right) * 255), 0, 255)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, crops)
    print('cached %s: %d crops, %d with detected eyes' % (name, len(records), sum(k in eyes for k in keys)))
    return crops
