"""Judges the training-free candidates on whole sets the appearance model never trained on, by the
rule in README.md ("New people in new conditions (leave one set out)").

    python3 training/train.py --variant lodo-kdef-e30-c8      # and lodo-ckplus-e30-c8
    python3 training/lodo_score.py

Landmarker dumps, the product's own pipeline in Chromium, one per fold, under
training/.cache/lodo/<fold>.landmarker.csv:
    npm run eval -- --dataset ../shared/datasets/<set> --embedder landmarker --dump-vectors FILE
(rafdb and affectnet-sub with `--subjects training/.cache/head/lists/<set>-pool.txt`).
Writes training/runs/lodo-score.json.
"""
import csv
import json

import numpy as np
import torch

from csls_score import arms
from datasets import CLASSES, aligned_crops, labelled_records, wild_records
from evaluate import mirror_embeddings
from export_tflite import load_model, published_model, published_sha256
from paths import CACHE, MODELS, RUNS
from pool_score import SEED, interval, nearest_other_person, resampled_means
from train import VARIANTS

DUMPS = CACHE / 'lodo'
CSLS_K = 10
STD_FLOOR = 0.01
NEUTRAL_MARGIN = 0.05
ARMS = ['cosine', 'fusion', 'csls']


def landmarker_scores(fold, records):
    """[faces, 52] blendshape scores in the records' order, and which faces the landmarker saw."""
    with open(DUMPS / ('%s.landmarker.csv' % fold), newline='') as f:
        rows = {row[0]: row[2:] for row in csv.reader(f)}
    found = np.array([bool(rows[r['file']]) for r in records])
    width = max(len(v) for v in rows.values())
    scores = np.zeros((len(records), width), np.float64)
    for i, record in enumerate(records):
        if found[i]:
            scores[i] = [float(x) for x in rows[record['file']]]
    return scores, found


def statistics(scores, found):
    """Per-blendshape mean and floored deviation over the faces the landmarker saw."""
    seen = scores[found]
    return seen.mean(0), np.maximum(seen.std(0), STD_FLOOR)


def fused(appearance, scores, found, mean, std, weight):
    """[sqrt(w) a/|a|, sqrt(1-w) z/|z|] as lib/embedding/expression-fusion.ts builds it."""
    a = appearance / np.linalg.norm(appearance, axis=1, keepdims=True)
    z = (scores - mean) / std
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    z[~found] = 0
    return np.concatenate([np.sqrt(weight) * a, np.sqrt(1 - weight) * z], axis=1)


def lodo_model(run):
    return load_model(CACHE / ('%s.pt' % run), VARIANTS[run]['architecture'])


def folds():
    """(fold, dataset, records, model, cache key, statistics' faces as (dataset, records) pairs)."""
    kdef, ckplus = labelled_records('kdef-dev'), labelled_records('ckplus48')
    kdef_train = ('kdef-dev', [r for r in kdef if r['split'] == 'train'])
    ckplus_train = ('ckplus48', [r for r in ckplus if r['split'] == 'train'])
    first_net = (published_model(member=0), 'net0-' + published_sha256())
    return [
        ('kdef-dev', 'kdef-dev', kdef, lodo_model('lodo-kdef-e30-c8'), None, [ckplus_train]),
        ('ckplus48', 'ckplus48', ckplus, lodo_model('lodo-ckplus-e30-c8'), None, [kdef_train]),
        ('rafdb-pool', 'rafdb', wild_records('rafdb', held_back=True), *first_net, [kdef_train, ckplus_train]),
        ('affectnet-pool', 'affectnet-sub', wild_records('affectnet-sub', held_back=True), *first_net,
         [kdef_train, ckplus_train]),
    ]


def scores_of(dataset_records):
    """Landmarker scores of faces drawn from the full-set dumps (kdef-dev, ckplus48)."""
    parts = [landmarker_scores(dataset, records) for dataset, records in dataset_records]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def main():
    torch.set_num_threads(2)
    weight = json.loads((MODELS / 'expression-fusion.json').read_text())['weight']
    rng = np.random.default_rng(SEED)
    report = {'rule': 'training/README.md, "New people in new conditions (leave one set out)"', 'arms': ARMS,
              'fusion_weight': weight, 'csls_k': CSLS_K, 'resamples': 1000, 'seed': SEED, 'folds': {}}
    pooled, neutral = [], None
    for fold, dataset, records, model, key, stats_from in folds():
        labels = np.array([r['label'] for r in records])
        subjects = np.array([r['subject'] for r in records])
        appearance = mirror_embeddings(model, aligned_crops(dataset, records), key)
        scores, found = landmarker_scores(fold, records)
        reference, reference_found = scores_of(stats_from)
        mean, std = statistics(reference, reference_found)
        cosine, csls = arms(appearance, labels, subjects)
        with_geometry = fused(appearance, scores, found, mean, std, weight)
        hits = np.stack([cosine, labels[nearest_other_person(with_geometry, subjects)] == labels, csls])
        samples = resampled_means(hits.astype(float), subjects, rng)
        pooled.append(samples)
        report['folds'][fold] = {
            'faces': len(records), 'people': int(len(np.unique(subjects))), 'landmarker_missed': int((~found).sum()),
            'statistics_faces': int(reference_found.sum()),
            'p_at_1': hits.mean(1).tolist(), 'interval': [interval(s) for s in samples.T],
            'gain_interval': {arm: interval(samples[:, i] - samples[:, 0]) for i, arm in enumerate(ARMS) if i},
            'p_at_1_by_label': {CLASSES[c]: hits[:, labels == c].mean(1).tolist() for c in np.unique(labels)}}
        if fold == 'kdef-dev':
            neutral = hits[:, labels == CLASSES.index('neutral')].mean(1)
        print('%-15s %s' % (fold, '  '.join('%s %.3f' % (a, h) for a, h in zip(ARMS, hits.mean(1)))), flush=True)
    pooled = np.mean(pooled, axis=0)
    p_at_1 = np.mean([f['p_at_1'] for f in report['folds'].values()], axis=0)
    report['pooled'] = {'p_at_1': p_at_1.tolist(), 'interval': [interval(s) for s in pooled.T]}
    report['neutral_kdef'] = neutral.tolist()
    report['decision'] = {}
    for i, arm in enumerate(ARMS[1:], start=1):
        gain = interval(pooled[:, i] - pooled[:, 0])
        passes = gain[0] > 0 and neutral[0] - neutral[i] <= NEUTRAL_MARGIN
        report['decision'][arm] = {'gain': float(p_at_1[i] - p_at_1[0]), 'gain_interval': gain, 'passes': bool(passes)}
        print('pooled %-7s %.3f vs cosine %.3f  gain %s  neutral %.3f -> %.3f  %s' % (
            arm, p_at_1[i], p_at_1[0], np.round(gain, 3).tolist(), neutral[0], neutral[i], 'passes' if passes else 'fails'))
    (RUNS / 'lodo-score.json').write_text(json.dumps(report, indent=1) + '\n')


if __name__ == '__main__':
    main()
