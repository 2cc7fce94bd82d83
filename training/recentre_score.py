"""Judges re-centring a query on its owner's neutral face by the rule in README.md ("Your own
neutral face as the reference"): q' = normalise(q - n_you + n_all), scored against raw galleries.

    python3 training/recentre_score.py

Writes training/runs/recentre-pool.json.
"""
import json

import numpy as np
import torch

from datasets import CLASSES, YALE_LABELS, aligned_crops, ferplus_records, labelled_records, yale_records
from evaluate import mirror_embeddings, other_person_similarity
from export_tflite import published_model, published_sha256
from paths import RUNS
from pool_score import SEED, interval, resampled_means


def unit(vectors):
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def population_neutral(model, cache_key):
    """n_all: the normalised mean embedding of FER+ train faces whose majority vote is neutral."""
    records = ferplus_records()
    neutral = [r['index'] for r in records if r['split'] == 'train' and r['label'] == CLASSES.index('neutral')]
    crops = aligned_crops('ferplus', records)[neutral]
    return unit(mirror_embeddings(model, crops, cache_key).mean(0)), len(neutral)


def recentred(embeddings, subjects, neutral, n_all):
    """Each face re-centred on the mean of its person's other neutral faces; NaN rows where the
    person has none besides it."""
    out = np.full_like(embeddings, np.nan)
    for i in range(len(embeddings)):
        reference = neutral & (subjects == subjects[i])
        reference[i] = False
        if reference.any():
            out[i] = unit(embeddings[i] - unit(embeddings[reference].mean(0)) + n_all)
    return out


def hits_against_raw_gallery(queries, gallery, labels, subjects):
    """P@1 hits of each query (one per gallery face) against every other person's raw face."""
    return labels[other_person_similarity(gallery, subjects, queries).argmax(1)] == labels


def main():
    torch.set_num_threads(1)
    model, key = published_model(), published_sha256()
    n_all, n_all_faces = population_neutral(model, key)
    kdef = [r for r in labelled_records('kdef-dev') if r['split'] == 'test']
    sets = (('tcce-dev', 'tcce-dev', labelled_records('tcce-dev'), CLASSES, 'neutral'),
            ('kdef-dev-held-out', 'kdef-dev', kdef, CLASSES, 'neutral'),
            ('yalefaces', 'yalefaces', yale_records(), YALE_LABELS, 'normal'))
    rng = np.random.default_rng(SEED)
    report = {'model': 'models/expression-embedder.tflite (read back)', 'n_all_faces': n_all_faces,
              'resamples': 1000, 'seed': SEED, 'sets': {}}
    pooled = []
    for name, data, records, names, neutral_name in sets:
        labels = np.array([r['label'] for r in records])
        subjects = np.array([r['subject'] for r in records])
        raw = mirror_embeddings(model, aligned_crops(data, records), key)
        moved = recentred(raw, subjects, labels == names.index(neutral_name), n_all)
        scored = ~np.isnan(moved[:, 0])
        hits = np.stack([hits_against_raw_gallery(raw, raw, labels, subjects),
                         hits_against_raw_gallery(np.where(scored[:, None], moved, 0), raw, labels, subjects)])[:, scored]
        samples = resampled_means(hits.astype(float), subjects[scored], rng)
        pooled.append(samples)
        neutral = labels[scored] == names.index(neutral_name)
        entry = {'queries': int(scored.sum()), 'people': int(len(np.unique(subjects[scored]))),
                 'p_at_1': hits.mean(1).tolist(), 'interval': [interval(s) for s in samples.T],
                 'gain_interval': interval(samples[:, 1] - samples[:, 0]),
                 'neutral_p_at_1': hits[:, neutral].mean(1).tolist() if neutral.any() else None,
                 'p_at_1_by_label': {names[i]: hits[:, labels[scored] == i].mean(1).tolist()
                                     for i in np.unique(labels[scored])}}
        if name == 'tcce-dev':
            types = np.array([r['perf_type'] for r in records])[scored]
            entry['p_at_1_by_type'] = {t: hits[:, types == t].mean(1).tolist() for t in sorted(set(types))}
        report['sets'][name] = entry
        print('%-18s raw %.3f  re-centred %.3f  gain %s  neutral %s' % (
            name, *entry['p_at_1'], np.round(entry['gain_interval'], 3).tolist(), entry['neutral_p_at_1']))
    pooled = np.mean(pooled, axis=0)
    gain = interval(pooled[:, 1] - pooled[:, 0])
    report['pooled'] = {'p_at_1': [float(np.mean([s['p_at_1'][i] for s in report['sets'].values()])) for i in range(2)],
                        'interval': [interval(s) for s in pooled.T], 'gain_interval': gain}
    report['ships'] = gain[0] > 0
    (RUNS / 'recentre-pool.json').write_text(json.dumps(report, indent=1) + '\n')
    print('pooled             raw %.3f  re-centred %.3f  gain %s -> %s' % (
        *report['pooled']['p_at_1'], np.round(gain, 3).tolist(), 'ships' if report['ships'] else 'does not ship'))


if __name__ == '__main__':
    main()
