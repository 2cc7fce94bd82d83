"""Judges hubness-corrected search (CSLS) by the rule in README.md ("Crowded gallery faces"): each
gallery face x is marked down by how crowded its neighbourhood is, r(x) = the mean cosine of its
K nearest other faces in the gallery, and a query ranks the gallery by 2 cos(q, x) - r(x).

    python3 training/csls_score.py

The shipped model, read back from models/, each face and its mirror averaged as lib/embedding
does, on the training pipeline's aligned crops. r(x) is blind to identity, as the extension's
library is: every other face of the set counts, the same person's included. The query's own
person is still left out of what it may retrieve (cross-identity P@1). Writes
training/runs/csls-pool.json.
"""
import json

import numpy as np
import torch

from datasets import CLASSES, YALE_LABELS, aligned_crops, labelled_records, wild_records, yale_records
from evaluate import mirror_embeddings, other_person_similarity
from export_tflite import published_model, published_sha256
from paths import RUNS
from pool_score import SEED, interval, pool_sets, resampled_means

# Fixed by the rule before any run: the value CSLS was introduced with (Conneau et al. 2018).
K = 10
# Condition (2) of the rule: the neutral queries of these sets may lose at most this much P@1.
NEUTRAL_SETS = ('tcce-dev', 'kdef-dev')
NEUTRAL_MARGIN = 0.05


def crowding(embeddings):
    """r(x): the mean cosine of each face to its K nearest other faces, whoever they are."""
    sim = embeddings @ embeddings.T
    np.fill_diagonal(sim, -np.inf)
    return np.sort(sim, axis=1)[:, -K:].mean(1)


def nearest(embeddings, subjects, corrected):
    """Each face's nearest other-person face, by cosine or by the CSLS score."""
    sim = other_person_similarity(embeddings, subjects)
    return (2 * sim - crowding(embeddings)[None, :] if corrected else sim).argmax(1)


def identity_confusion(embeddings, labels, subjects, corrected):
    """Share of faces whose nearest other face (own person allowed) is the same person making
    another expression, under either score."""
    sim = embeddings @ embeddings.T
    np.fill_diagonal(sim, -np.inf)
    if corrected:
        sim = 2 * sim - crowding(embeddings)[None, :]
    found = sim.argmax(1)
    return float(np.mean((subjects[found] == subjects) & (labels[found] != labels)))


def arms(embeddings, labels, subjects):
    """[2, faces] hits: plain cosine, then CSLS."""
    return np.stack([labels[nearest(embeddings, subjects, corrected)] == labels for corrected in (False, True)])


def main():
    torch.set_num_threads(2)
    model, key = published_model(), published_sha256()
    rng = np.random.default_rng(SEED)
    report = {'model': 'models/expression-embedder.tflite (read back)', 'k': K, 'resamples': 1000, 'seed': SEED,
              'arms': ['cosine', 'csls'], 'pool': {}, 'dev': {}}
    pooled = []
    neutral_hits = []
    for name, data, records in pool_sets():
        labels = np.array([r['label'] for r in records])
        subjects = np.array([r['subject'] for r in records])
        hits = arms(mirror_embeddings(model, aligned_crops(data, records), key), labels, subjects)
        samples = resampled_means(hits.astype(float), subjects, rng)
        pooled.append(samples)
        report['pool'][name] = {'faces': len(records), 'people': int(len(np.unique(subjects))),
                                'p_at_1': hits.mean(1).tolist(), 'interval': [interval(s) for s in samples.T],
                                'gain_interval': interval(samples[:, 1] - samples[:, 0])}
        if name in NEUTRAL_SETS:
            neutral_hits.append(hits[:, labels == CLASSES.index('neutral')])
        print('%-15s cosine %.3f  csls %.3f  gain %s' % (name, *hits.mean(1), np.round(report['pool'][name]['gain_interval'], 3).tolist()))
    pooled = np.mean(pooled, axis=0)
    report['pooled'] = {'p_at_1': [float(np.mean([s['p_at_1'][i] for s in report['pool'].values()])) for i in range(2)],
                        'interval': [interval(s) for s in pooled.T], 'gain_interval': interval(pooled[:, 1] - pooled[:, 0])}

    tcce = labelled_records('tcce-dev')
    types = np.array([r['perf_type'] for r in tcce])
    dev = (('tcce-dev', 'tcce-dev', tcce, CLASSES), ('yalefaces', 'yalefaces', yale_records(), YALE_LABELS),
           ('rafdb-test', 'rafdb', wild_records('rafdb', split='test'), CLASSES))
    for name, data, records, names in dev:
        labels = np.array([r['label'] for r in records])
        subjects = np.array([r['subject'] for r in records])
        embeddings = mirror_embeddings(model, aligned_crops(data, records), key)
        hits = arms(embeddings, labels, subjects)
        samples = resampled_means(hits.astype(float), subjects, rng)
        entry = {'p_at_1': hits.mean(1).tolist(), 'interval': [interval(s) for s in samples.T],
                 'gain_interval': interval(samples[:, 1] - samples[:, 0]),
                 'identity_confusion': [identity_confusion(embeddings, labels, subjects, c) for c in (False, True)],
                 'p_at_1_by_label': {names[i]: hits[:, labels == i].mean(1).tolist() for i in np.unique(labels)}}
        if name == 'tcce-dev':
            entry['p_at_1_by_type'] = {t: hits[:, types == t].mean(1).tolist() for t in sorted(set(types))}
            neutral_hits.append(hits[:, labels == CLASSES.index('neutral')])
        report['dev'][name] = entry
        print('%-15s cosine %.3f  csls %.3f  gain %s' % (name, *hits.mean(1), np.round(entry['gain_interval'], 3).tolist()))

    neutral = np.concatenate(neutral_hits, axis=1)
    report['neutral_p_at_1'] = {'sets': list(NEUTRAL_SETS), 'queries': int(neutral.shape[1]), 'p_at_1': neutral.mean(1).tolist()}
    gain = report['pooled']['gain_interval']
    report['ships'] = bool(gain[0] > 0 and neutral.mean(1)[0] - neutral.mean(1)[1] <= NEUTRAL_MARGIN)
    (RUNS / 'csls-pool.json').write_text(json.dumps(report, indent=1) + '\n')
    print('neutral (%s)  cosine %.3f  csls %.3f' % (', '.join(NEUTRAL_SETS), *neutral.mean(1)))
    print('pooled          cosine %.3f  csls %.3f  gain %s -> %s' % (
        *report['pooled']['p_at_1'], np.round(gain, 3).tolist(), 'ships' if report['ships'] else 'does not ship'))


if __name__ == '__main__':
    main()
