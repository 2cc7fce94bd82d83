"""Dataset records and aligned crops, cached under training/.cache/.

Every image goes through align.align_face with eye keypoints from training/eyes/<set>.csv: the
product's own detector (BlazeFace in Chromium, imported by import_face_dump.py). Images the
detector missed take the set's mean detected eyes. A set without an eye table falls back to fixed
eye positions read off the set's mean face: close for the frame-filling 48x48 crops, rough for
full frames, and only meant for bootstrapping before the detector has been run.
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

# (left eye, right eye) in source pixels, read off each set's mean image; see the docstring.
FALLBACK_EYES = {
    'ferplus': ((15.0, 17.5), (33.0, 17.5)),
    'ckplus48': ((15.2, 18.8), (32.6, 18.8)),
    'kdef-dev': ((105.5, 189.5), (176.5, 189.5)),
    'tcce-dev': ((97.5, 126.0), (172.5, 126.0)),
}

# Held out of training so each set still gives an unseen-people figure. tcce-dev is held out whole.
KDEF_HELD_OUT = {'F01', 'F02', 'F03', 'F04', 'M01', 'M02', 'M03', 'M04'}


def ckplus_held_out(subject):
    """Every third CK+ subject (in sorted order of the numeric id) is kept for evaluation."""
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
            'votes': votes, 'majority': row['majority'],
            'label': CLASSES.index(row['majority']) if row['majority'] in CLASSES else -1,
        })
    return records


def labelled_records(name):
    """kdef-dev, ckplus48, tcce-dev: one expression label and a subject per image."""
    records = []
    for row in _read_csv(name):
        label = CLASSES.index(LABEL_TO_CLASS[row['expression']])
        if name == 'kdef-dev':
            split = 'test' if row['subject'] in KDEF_HELD_OUT else 'train'
        elif name == 'ckplus48':
            split = 'test' if ckplus_held_out(row['subject']) else 'train'
        else:
            split = 'test'
        records.append({'file': row['file'], 'subject': row['subject'], 'label': label,
                        'split': split, 'view': row.get('view', '')})
    return records


def _detected_eyes(name):
    """({image id: (left eye, right eye)}, tag naming the table's version for the cache key)."""
    path = EYES / ('%s.csv' % name)
    if not path.exists():
        return {}, 'fallback'
    with open(path, newline='') as f:
        eyes = {row['id']: ((float(row['left_x']), float(row['left_y'])),
                            (float(row['right_x']), float(row['right_y']))) for row in csv.DictReader(f)}
    return eyes, 'eyes' + hashlib.sha1(path.read_bytes()).hexdigest()[:8]


def _mean_eyes(eyes, default):
    if not eyes:
        return default
    pairs = np.array(list(eyes.values()), np.float64)
    return tuple(map(tuple, pairs.mean(0)))


def aligned_crops(name, records):
    """uint8 [N, size, size] crops for the records, built once and cached."""
    eyes, source = _detected_eyes(name)
    tag = '%s-a%d-%s-%d' % (name, CONTRACT['version'], source, len(records))
    path = CACHE / (tag + '.npy')
    if path.exists():
        return np.load(path)
    missing_eyes = _mean_eyes(eyes, FALLBACK_EYES[name])
    size = CONTRACT['size']
    crops = np.empty((len(records), size, size), np.uint8)
    if name == 'ferplus':
        raw = np.fromfile(DATASETS / 'ferplus' / 'images-48x48.u8', np.uint8).reshape(-1, 48, 48)
    for i, record in enumerate(records):
        if name == 'ferplus':
            image, key = raw[record['index']], str(record['index'])
        else:
            image, key = cv2.imread(str(DATASETS / name / record['file']))[:, :, ::-1], record['file']
        left, right = eyes.get(key, missing_eyes)
        crops[i] = np.clip(np.rint(align_face(image, left, right) * 255), 0, 255)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, crops)
    print('cached %s: %d crops, eyes from %s (%d detected)' % (name, len(records), source, len(eyes)))
    return crops
