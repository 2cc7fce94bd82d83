"""Judges re-centring a query on its owner's neutral face by the rule in README.md ("Your own
neutral face as the reference"): q' = normalise(q - n_you + n_all), scored against raw galleries.

    python3 training/recentre_score.py

Writes training/runs/recentre-pool.json.
"""
import json

import numpy as np
import torch

from datasets import CLASSES, aligned_crops, ferplus_records
from evaluate import mirror_embeddings
from export_tflite import published_model, published_sha256
from paths import RUNS
from reference_pool import score_pool, unit


def population_neutral(model, cache_key):
    """n_all: the normalised mean embedding of FER+ train faces whose majority vote is neutral."""
    records = ferplus_records()
    neutral = [r['index'] for r in records if r['split'] == 'train' and r['label'] == CLASSES.index('neutral')]
    crops = aligned_crops('ferplus', records)[neutral]
    return unit(mirror_embeddings(model, crops, cache_key).mean(0)), len(neutral)


def main():
    torch.set_num_threads(1)
    model, key = published_model(), published_sha256()
    n_all, n_all_faces = population_neutral(model, key)
    report = {'model': 'models/expression-embedder.tflite (read back)', 'n_all_faces': n_all_faces,
              **score_pool(model, key, lambda q, n_you: unit(q - n_you + n_all), 're-centred')}
    gain = report['pooled']['gain_interval']
    report['ships'] = gain[0] > 0
    (RUNS / 'recentre-pool.json').write_text(json.dumps(report, indent=1) + '\n')
    print('pooled             raw %.3f  re-centred %.3f  gain %s -> %s' % (
        *report['pooled']['p_at_1'], np.round(gain, 3).tolist(), 'ships' if report['ships'] else 'does not ship'))


if __name__ == '__main__':
    main()
