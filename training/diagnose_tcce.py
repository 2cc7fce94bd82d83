"""Where the published model loses on tcce-dev (all nine performers; it never trained on any).

Prints cross-identity P@1 beside the raters' (their vote vectors as the embedding, compared by
cosine; the browser eval's oracle compares them by Euclidean distance, hence its 0.744) per TCCE
performance type, the matrix of query expression against nearest-face expression, the
classifier's accuracy, and one hypothesis checked: tcce-dev's crops are about twice as sharp as
every training set's (mean |Laplacian| of the face), so P@1 is also scored with each crop first
resampled through 48 px, FER+'s own size, or blurred. Reports; chooses nothing.
"""
import csv

import cv2
import numpy as np
import torch

from datasets import CLASSES, aligned_crops, ferplus_records, labelled_records, yale_records
from evaluate import embed
from export_tflite import published_model
from paths import DATASETS

VOTE_COLUMNS = ('vote_happy', 'vote_angry', 'vote_sad', 'vote_fear', 'vote_disgust', 'vote_surprise', 'vote_peace')


def sharpness(crops):
    """Mean |Laplacian| over the face (the crop's border is mostly fill)."""
    face = crops[:, 12:56, 12:52].astype(np.float32)
    return float(np.abs(4 * face[:, 1:-1, 1:-1] - face[:, :-2, 1:-1] - face[:, 2:, 1:-1]
                        - face[:, 1:-1, :-2] - face[:, 1:-1, 2:]).mean())


def nearest_other_person(vectors, subjects):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    sim = unit @ unit.T
    sim[subjects[:, None] == subjects[None, :]] = -np.inf
    return sim.argmax(1)


def resampled_48(crops):
    return np.stack([cv2.resize(cv2.resize(c, (48, 48), interpolation=cv2.INTER_AREA), (64, 64),
                                interpolation=cv2.INTER_LINEAR) for c in crops])


if __name__ == '__main__':
    torch.set_num_threads(1)
    model = published_model()
    records = labelled_records('tcce-dev')
    table = {row['file']: row for row in csv.DictReader(open(DATASETS / "tcce-dev" / "labels.csv"))}
    crops = aligned_crops('tcce-dev', records)
    labels = np.array([r['label'] for r in records])
    subjects = np.array([r['subject'] for r in records])
    performance = np.array([r['perf_type'] for r in records])
    votes = np.array([[float(table[r['file']][c]) for c in VOTE_COLUMNS] for r in records])
    emb, probs = embed(model, crops, mirror_average=True)
    ours = labels[nearest_other_person(emb, subjects)]
    raters = labels[nearest_other_person(votes, subjects)]
    print('P@1 all nine: ours %.3f, raters (cosine) %.3f; classifier accuracy %.3f'
          % ((ours == labels).mean(), (raters == labels).mean(), (probs.argmax(1) == labels).mean()))
    for kind in np.unique(performance):
        mask = performance == kind
        print('  %-22s %3d faces: ours %.3f, raters %.3f'
              % (kind, mask.sum(), (ours[mask] == labels[mask]).mean(), (raters[mask] == labels[mask]).mean()))
    present = sorted(set(labels))
    print('query expression (rows) against its nearest other-person face (columns):')
    print('%12s ' % '' + ' '.join('%9s' % CLASSES[c][:9] for c in present))
    for row in present:
        print('%12s ' % CLASSES[row] + ' '.join('%9d' % np.sum((labels == row) & (ours == col)) for col in present))
    sets = {'ferplus': aligned_crops('ferplus', ferplus_records()), 'yalefaces': aligned_crops('yalefaces', yale_records()),
            'tcce-dev': crops}
    for name in ('kdef-dev', 'ckplus48'):
        sets[name] = aligned_crops(name, labelled_records(name))
    print('face sharpness: ' + ', '.join('%s %.1f' % (name, sharpness(c)) for name, c in sets.items()))
    for name, transform in (('resampled through 48 px', resampled_48),
                            ('Gaussian blur 0.7 px', lambda c: np.stack([cv2.GaussianBlur(x, (0, 0), 0.7) for x in c]))):
        changed, _ = embed(model, transform(crops), mirror_average=True)
        print('P@1 all nine, %s: %.3f' % (name, (labels[nearest_other_person(changed, subjects)] == labels).mean()))
