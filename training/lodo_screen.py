"""Screens a training change on whole sets that neither of two runs trained on, by the rule in
README.md ("Capture conditions (MixStyle, capture augmentation), a screen").

    python3 training/head_splits.py      # the rafdb and affectnet pool lists, if not there yet
    python3 training/train.py --variant lodo-kdef-e15-c8 --threads 1 &
    python3 training/train.py --variant lodo-kdef-e15-c8-mixstyle --threads 1 &
    python3 training/train.py --variant lodo-kdef-e15-c8-capture --threads 1
    python3 training/lodo_screen.py lodo-kdef-e15-c8 lodo-kdef-e15-c8-mixstyle   # and ...-capture

Both runs must leave out the same sets (kdef-dev and the in-the-wild sets). Writes
training/runs/<candidate>-screen.json.
"""
import argparse
import json

import numpy as np
import torch

from datasets import CLASSES, aligned_crops, labelled_records
from evaluate import mirror_embeddings
from lodo_score import lodo_model
from pool_score import SEED, interval, nearest_other_person, pool_sets, resampled_means
from paths import RUNS

# Judged: the sets neither run saw. Reported beside, choosing nothing: held-out people of sets
# both runs trained on, where a change that helps new conditions may cost the old ones.
JUDGED = ['kdef-dev', 'rafdb-pool', 'affectnet-pool']


def screen_sets():
    """(name, dataset, records) of every set scored: kdef-dev whole, then the validation pool's
    other sets (pool_score.pool_sets), in the order the bootstrap draws were made."""
    pool = {name: (dataset, records) for name, dataset, records in pool_sets()}
    return [('kdef-dev', 'kdef-dev', labelled_records('kdef-dev')),
            ('rafdb-pool', *pool['rafdb-pool']), ('affectnet-pool', *pool['affectnet-pool']),
            ('ckplus48-held-out', *pool['ckplus48']), ('ferplus-valid', *pool['ferplus-valid'])]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('baseline')
    parser.add_argument('candidate')
    args = parser.parse_args()
    torch.set_num_threads(2)
    models = [lodo_model(args.baseline), lodo_model(args.candidate)]
    rng = np.random.default_rng(SEED)
    report = {'rule': 'training/README.md, "Capture conditions (MixStyle, capture augmentation), a screen"',
              'baseline': args.baseline, 'candidate': args.candidate, 'judged': JUDGED,
              'resamples': 1000, 'seed': SEED, 'sets': {}}
    judged = []
    for name, dataset, records in screen_sets():
        labels = np.array([r['label'] for r in records])
        subjects = np.array([r['subject'] for r in records])
        crops = aligned_crops(dataset, records)
        hits = np.stack([labels[nearest_other_person(mirror_embeddings(m, crops), subjects)] == labels
                         for m in models]).astype(float)
        samples = resampled_means(hits, subjects, rng)
        if name in JUDGED:
            judged.append(samples)
        report['sets'][name] = {
            'faces': len(records), 'people': int(len(np.unique(subjects))), 'p_at_1': hits.mean(1).tolist(),
            'interval': [interval(s) for s in samples.T], 'gain_interval': interval(samples[:, 1] - samples[:, 0]),
            'p_at_1_by_label': {CLASSES[c]: hits[:, labels == c].mean(1).tolist() for c in np.unique(labels)}}
        print('%-18s %s -> %s  gain %s' % (name, *np.round(hits.mean(1), 3), np.round(report['sets'][name]['gain_interval'], 3).tolist()),
              flush=True)
    pooled = np.mean(judged, axis=0)
    p_at_1 = np.mean([report['sets'][n]['p_at_1'] for n in JUDGED], axis=0)
    gain = interval(pooled[:, 1] - pooled[:, 0])
    report['pooled'] = {'p_at_1': p_at_1.tolist(), 'interval': [interval(s) for s in pooled.T], 'gain_interval': gain}
    report['decision'] = {'gain': float(p_at_1[1] - p_at_1[0]), 'go': bool(gain[0] > 0)}
    print('pooled %.3f -> %.3f  gain %s  %s' % (*p_at_1, np.round(gain, 3).tolist(),
                                               'go: confirm at the full recipe' if gain[0] > 0 else 'stop'))
    (RUNS / ('%s-screen.json' % args.candidate)).write_text(json.dumps(report, indent=1) + '\n')


if __name__ == '__main__':
    main()
