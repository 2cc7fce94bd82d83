"""Judges a trained run against the shipped model by the rule in README.md ("Appearance model on the
new data"): pooled cross-identity P@1 over the held-out people of every set trained on, with paired
bootstrap intervals over people; then the dev sets, which choose nothing.

    python3 training/pool_score.py wild-e30-c8
    python3 training/pool_score.py wild-e30-c8 --beside-shipped   # the pair's rule, 98.3 %
    python3 training/pool_score.py --int8-activations             # shipped vs its int8 form

The candidate is scored as its int8 copy (what publish.py would ship), the shipped model as read
back from models/expression-embedder.tflite; both embed each face and its mirror image and
average the two, as lib/embedding does. --beside-shipped scores the shipped model and the run
side by side (their unit vectors joined and divided by sqrt 2, so cosines are the two nets' mean).
--int8-activations scores the shipped model against itself with int8 activations
(quantise_activations.py; non-inferiority, README.md "Int8 activations").
Writes training/runs/<run>[-beside-shipped]-pool.json or runs/published-int8-activations-pool.json.
"""
import argparse
import hashlib
import json

import numpy as np
import torch

from datasets import (CLASSES, YALE_LABELS, aligned_crops, ferplus_records, labelled_records,
                      wild_records, yale_records)
from evaluate import identity_confusion, knn_accuracy, mirror_embeddings, other_person_similarity, triplet_agreement
from export_tflite import published_model, published_sha256
from folding import quantised_copy
from model import EmbedderPair, ExpressionNet, nets_of
from quantise_activations import Int8Net, calibration_faces
from paths import CACHE, RUNS

RESAMPLES = 1000
SEED = 1
# The int8 form may lose at most this much pooled P@1 (README.md, "Int8 activations").
INT8_MARGIN = 0.01


def joined_embeddings(members, crops):
    """A candidate is one or more (model, cache key) members; each member's unit vectors (face and
    mirror) are joined and divided by sqrt(members), so the result stays a unit vector."""
    vectors = [mirror_embeddings(model, crops, key) for model, key in members]
    if len(vectors) == 1:
        return vectors[0]
    return (np.concatenate(vectors, axis=1) / np.sqrt(len(vectors))).astype(np.float32)


def nearest_other_person(embeddings, subjects):
    """Index of each face's nearest face (cosine) among other people's."""
    return other_person_similarity(embeddings, subjects).argmax(1)


def resampled_means(hits, subjects, rng):
    """RESAMPLES bootstrap P@1s of one set, people drawn with replacement; hits: [models, faces]."""
    people, face_person = np.unique(subjects, return_inverse=True)
    per_person = np.stack([np.bincount(face_person, weights=h, minlength=len(people)) for h in hits])
    faces = np.bincount(face_person, minlength=len(people))
    draws = rng.integers(0, len(people), (RESAMPLES, len(people)))
    counts = np.stack([np.bincount(d, minlength=len(people)) for d in draws])
    return (counts @ per_person.T) / (counts @ faces)[:, None]


def interval(samples, level=0.95):
    tail = 50 * (1 - level)
    return [float(np.percentile(samples, tail)), float(np.percentile(samples, 100 - tail))]


def pool_sets():
    """(name, records, label array, subject array) of the validation pool."""
    sets = []
    for name in ('kdef-dev', 'ckplus48'):
        records = [r for r in labelled_records(name) if r['split'] == 'test']
        sets.append((name, name, records))
    fer = [r for r in ferplus_records() if r['split'] == 'valid' and r['label'] >= 0]
    sets.append(('ferplus-valid', 'ferplus', fer))
    for name, data in (('rafdb-pool', 'rafdb'), ('affectnet-pool', 'affectnet-sub')):
        sets.append((name, data, wild_records(data, held_back=True)))
    return sets


def score(models, rng, level=0.95):
    """Pool and dev figures for each candidate, a tuple of (model, embedding cache key) members
    (same faces, same resamples); level: of the pooled gain's interval, which decides."""
    report = {'pool': {}, 'dev': {}}
    pooled = []
    for name, data, records in pool_sets():
        labels = np.array([r['label'] for r in records])
        subjects = np.array([r['subject'] for r in records])
        crops = aligned_crops(data, records)
        hits = np.stack([labels[nearest_other_person(joined_embeddings(m, crops), subjects)] == labels for m in models])
        samples = resampled_means(hits.astype(float), subjects, rng)
        pooled.append(samples)
        report['pool'][name] = {'faces': len(records), 'people': int(len(np.unique(subjects))),
                                'p_at_1': hits.mean(1).tolist(), 'interval': [interval(s) for s in samples.T],
                                'gain_interval': interval(samples[:, 1] - samples[:, 0]) if len(models) > 1 else None}
    pooled = np.mean(pooled, axis=0)
    report['pooled'] = {
        'p_at_1': [float(np.mean([s['p_at_1'][i] for s in report['pool'].values()])) for i in range(len(models))],
        'interval': [interval(s) for s in pooled.T],
        'gain_interval': interval(pooled[:, 1] - pooled[:, 0], level) if len(models) > 1 else None,
        'gain_interval_level': level,
    }
    tcce = labelled_records('tcce-dev')
    yale = yale_records()
    rafdb_test = wild_records('rafdb', split='test')
    dev = (('tcce-dev', 'tcce-dev', tcce, CLASSES), ('yalefaces', 'yalefaces', yale, YALE_LABELS),
           ('rafdb-test', 'rafdb', rafdb_test, CLASSES))
    types = np.array([r['perf_type'] for r in tcce])
    for name, data, records, names in dev:
        labels = np.array([r['label'] for r in records])
        subjects = np.array([r['subject'] for r in records])
        crops = aligned_crops(data, records)
        figures = []
        for model in models:
            emb = joined_embeddings(model, crops)
            nearest = nearest_other_person(emb, subjects)
            hits = labels[nearest] == labels
            samples = resampled_means(hits[None].astype(float), subjects, rng)[:, 0]
            entry = {'p_at_1': float(hits.mean()), 'interval': interval(samples),
                     'identity_confusion': identity_confusion(emb, labels, subjects),
                     'p_at_1_by_label': {names[i]: float(hits[labels == i].mean()) for i in np.unique(labels)},
                     'confusion': {names[i]: {names[j]: int(np.sum(labels[nearest][labels == i] == j))
                                              for j in np.unique(labels)} for i in np.unique(labels)}}
            if name == 'tcce-dev':
                entry['p_at_1_by_type'] = {t: float(hits[types == t].mean()) for t in sorted(set(types))}
            figures.append(entry)
        report['dev'][name] = figures
    fer = ferplus_records()
    fer_crops = aligned_crops('ferplus', fer)
    labels = np.array([r['label'] for r in fer])
    split = np.array([r['split'] for r in fer])
    votes = np.stack([r['votes'] for r in fer])
    gallery, test = (split == 'train') & (labels >= 0), split == 'test'
    report['dev']['ferplus-test'] = []
    for model in models:
        emb = joined_embeddings(model, fer_crops)
        report['dev']['ferplus-test'].append({
            'knn_accuracy': knn_accuracy(emb[gallery], labels[gallery], emb[test & (labels >= 0)], labels[test & (labels >= 0)]),
            'vote_triplet_agreement': triplet_agreement(emb[test], votes[test])})
    return report


def int8_form(model):
    """The shipped single net or pair with int8 activations, and its embedding cache key."""
    members = nets_of(model)
    if any(isinstance(net, Int8Net) for net in members):
        raise SystemExit('models/ has int8 activations already')
    faces = calibration_faces()
    nets = [Int8Net.from_float(net, faces) for net in members]
    scales = json.dumps([net.scales for net in nets]).encode()
    key = hashlib.sha256(b'int8-activations:' + published_sha256().encode() + scales).hexdigest()
    return (nets[0] if len(nets) == 1 else EmbedderPair(*nets)).eval(), key


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('run', nargs='?', help='a run trained by train.py (training/.cache/<run>.pt)')
    parser.add_argument('--beside-shipped', action='store_true',
                        help='the candidate is the shipped model and the run side by side (98.3 %% interval)')
    parser.add_argument('--int8-activations', action='store_true',
                        help='the candidate is the shipped model with int8 activations (no run)')
    args = parser.parse_args()
    if (args.run is None) != args.int8_activations:
        parser.error('name a run, or --int8-activations alone')
    torch.set_num_threads(1)
    shipped = (published_model(), published_sha256())
    if args.int8_activations:
        int8_shipped = int8_form(shipped[0])
        models, names, level = [(shipped,), (int8_shipped,)], ['shipped', 'shipped, int8 activations'], 0.95
        name, bar = 'published-int8-activations', -INT8_MARGIN
    else:
        config = json.loads((RUNS / ('%s.json' % args.run)).read_text())['config']
        candidate = ExpressionNet(config['architecture'])
        checkpoint = CACHE / ('%s.pt' % args.run)
        candidate.load_state_dict(torch.load(checkpoint))
        # A side-by-side run scores the candidate again, so its int8 copy is cached under the
        # checkpoint's hash; a single run's was never kept.
        run_key = hashlib.sha256(b'int8:' + checkpoint.read_bytes()).hexdigest() if args.beside_shipped else None
        run_member = (quantised_copy(candidate.eval()).eval(), run_key)
        if args.beside_shipped:
            models, names, level = [(shipped,), (shipped, run_member)], ['shipped', 'shipped + %s (int8)' % args.run], 1 - 0.05 / 3
        else:
            models, names, level = [(shipped,), (run_member,)], ['shipped', args.run + ' (int8)'], 0.95
        name, bar = args.run + ('-beside-shipped' if args.beside_shipped else ''), 0
    report = {'run': args.run or name, 'models': names, 'resamples': RESAMPLES, 'seed': SEED,
              **score(models, np.random.default_rng(SEED), level)}
    gain = report['pooled']['gain_interval']
    report['ships_by_pool'] = gain[0] > bar
    if args.int8_activations:
        report['activation_scales'] = [net.scales for net in nets_of(int8_shipped[0])]
    (RUNS / ('%s-pool.json' % name)).write_text(json.dumps(report, indent=1) + '\n')
    for name, s in report['pool'].items():
        print('%-15s %s  gain %s' % (name, ' '.join('%.3f' % p for p in s['p_at_1']), s['gain_interval']))
    print('pooled          %s  gain %s -> %s' % (' '.join('%.3f' % p for p in report['pooled']['p_at_1']), gain,
                                                'passes the pool' if report['ships_by_pool'] else 'does not ship'))
    for name, figures in report['dev'].items():
        print('%-15s %s' % (name, ' | '.join(json.dumps({k: v for k, v in f.items() if k not in ('confusion',)})
                                                   for f in figures)))


if __name__ == '__main__':
    main()
