"""The pool on which a query moved by its owner's own neutral faces is judged (README.md, "Your own
neutral face as the reference"): tcce-dev's nine performers, kdef-dev's held-out people and
yalefaces, each query scored against every other person's raw faces, with paired bootstrap
intervals over people. recentre_score.py and magnify_score.py each supply only how a query moves.
"""
import numpy as np

from datasets import CLASSES, YALE_LABELS, aligned_crops, labelled_records, yale_records
from evaluate import mirror_embeddings, other_person_similarity
from pool_score import SEED, interval, resampled_means


def unit(vectors):
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def own_neutral_references(embeddings, subjects, neutral):
    """n_you for each face: the normalised mean of its person's other neutral faces; NaN rows where
    the person has none besides it."""
    out = np.full_like(embeddings, np.nan)
    for i in range(len(embeddings)):
        reference = neutral & (subjects == subjects[i])
        reference[i] = False
        if reference.any():
            out[i] = unit(embeddings[reference].mean(0))
    return out


def hits_against_raw_gallery(queries, gallery, labels, subjects):
    """P@1 hits of each query (one per gallery face) against every other person's raw face."""
    return labels[other_person_similarity(gallery, subjects, queries).argmax(1)] == labels


def reference_sets():
    """(name, dataset, records, label names, neutral label) of the pool."""
    kdef = [r for r in labelled_records('kdef-dev') if r['split'] == 'test']
    return (('tcce-dev', 'tcce-dev', labelled_records('tcce-dev'), CLASSES, 'neutral'),
            ('kdef-dev-held-out', 'kdef-dev', kdef, CLASSES, 'neutral'),
            ('yalefaces', 'yalefaces', yale_records(), YALE_LABELS, 'normal'))


def score_pool(model, cache_key, move, arm):
    """Scores raw queries against queries moved by move(embeddings, references) on every set of the
    pool; a query without a reference is scored in neither arm. Returns the report: each set, the
    pooled P@1 with intervals and the pooled gain's paired interval, and the neutral queries' hits."""
    rng = np.random.default_rng(SEED)
    report = {'resamples': 1000, 'seed': SEED, 'sets': {}}
    pooled = []
    for name, data, records, names, neutral_name in reference_sets():
        labels = np.array([r['label'] for r in records])
        subjects = np.array([r['subject'] for r in records])
        raw = mirror_embeddings(model, aligned_crops(data, records), cache_key)
        references = own_neutral_references(raw, subjects, labels == names.index(neutral_name))
        scored = ~np.isnan(references[:, 0])
        # One query row per gallery face (other_person_similarity masks by row); unscored rows are 0.
        moved = np.zeros_like(raw)
        moved[scored] = move(raw[scored], references[scored])
        hits = np.stack([hits_against_raw_gallery(raw, raw, labels, subjects),
                         hits_against_raw_gallery(moved, raw, labels, subjects)])[:, scored]
        samples = resampled_means(hits.astype(float), subjects[scored], rng)
        pooled.append(samples)
        neutral = labels[scored] == names.index(neutral_name)
        entry = {'queries': int(scored.sum()), 'people': int(len(np.unique(subjects[scored]))),
                 'p_at_1': hits.mean(1).tolist(), 'interval': [interval(s) for s in samples.T],
                 'gain_interval': interval(samples[:, 1] - samples[:, 0]),
                 'neutral_queries': int(neutral.sum()),
                 'neutral_p_at_1': hits[:, neutral].mean(1).tolist() if neutral.any() else None,
                 'p_at_1_by_label': {names[i]: hits[:, labels[scored] == i].mean(1).tolist()
                                     for i in np.unique(labels[scored])}}
        if name == 'tcce-dev':
            types = np.array([r['perf_type'] for r in records])[scored]
            entry['p_at_1_by_type'] = {t: hits[:, types == t].mean(1).tolist() for t in sorted(set(types))}
        report['sets'][name] = entry
        print('%-18s raw %.3f  %s %.3f  gain %s  neutral %s' % (
            name, entry['p_at_1'][0], arm, entry['p_at_1'][1], np.round(entry['gain_interval'], 3).tolist(),
            entry['neutral_p_at_1']))
    pooled = np.mean(pooled, axis=0)
    report['pooled'] = {'p_at_1': [float(np.mean([s['p_at_1'][i] for s in report['sets'].values()])) for i in range(2)],
                        'interval': [interval(s) for s in pooled.T],
                        'gain_interval': interval(pooled[:, 1] - pooled[:, 0])}
    return report
