"""Figures for issue 4, all cross-identity: a query never scores a match against its own person.

P@1 / P@3: share of the 1 / 3 nearest other-person faces (cosine) with the query's expression.
Identity confusion: share of queries whose nearest face among all others (same person allowed)
is the same person making a different expression, i.e. identity beat expression.
FER+ kNN accuracy: majority of the 10 nearest FER+ train faces vs the test face's majority vote.
Vote-triplet agreement: on FER+ test triplets (a, b, c) where the raters clearly found a closer to
b than to c (vote-cosine gap >= 0.5), the share where the embedding agrees.
Eye-state / face-action kNN error: on FER+ valid faces, the mean absolute difference between the
teacher's targets (import_teacher.py) and the mean of the 10 nearest FER+ train faces' targets;
beside each, the error of always guessing the train mean, for scale (only where FER+'s table is here).
yalefaces (never trained on, all 15 people) adds sleepy and wink to the retrieval labels.
"""
import hashlib
import sys

import numpy as np
import torch

from datasets import (CLASSES, YALE_LABELS, aligned_crops, ferplus_records, has_teacher_targets, labelled_records,
                      teacher_targets, yale_records)
from paths import CACHE


def embed(model, crops, mirror_average=False, batch=512):
    """(embeddings, probabilities); mirror_average also runs each face flipped and averages."""
    model.eval()
    embeddings, probs = [], []
    with torch.no_grad():
        for i in range(0, len(crops), batch):
            x = torch.from_numpy(crops[i:i + batch]).float().div_(255).unsqueeze(1)
            e, logits = model(x)
            p = torch.softmax(logits, 1)
            if mirror_average:
                e_flip, logits_flip = model(torch.flip(x, dims=[3]))
                # A pair of nets averages the views net by net (model.EmbedderPair).
                blocks = getattr(model, 'embedding_blocks', 1)
                e = torch.nn.functional.normalize((e + e_flip).view(len(e), blocks, -1), dim=2).view(len(e), -1)
                e = e / blocks ** 0.5
                p = (p + torch.softmax(logits_flip, 1)) / 2
            embeddings.append(e.numpy())
            probs.append(p.numpy())
    return np.concatenate(embeddings), np.concatenate(probs)


def mirror_embeddings(model, crops, cache_key=None):
    """embed(..., mirror_average=True)'s embeddings. With a cache_key (a published model's sha256),
    kept in training/.cache/embeddings/ under it and the crops' hash: the shipped model is scored
    again beside every candidate, and FER+ alone takes it about ten minutes on one thread."""
    if cache_key is None:
        return embed(model, crops, mirror_average=True)[0]
    path = CACHE / 'embeddings' / ('%s-%s.npy' % (cache_key[:16], hashlib.sha1(crops.tobytes()).hexdigest()[:16]))
    if path.exists():
        return np.load(path)
    vectors = embed(model, crops, mirror_average=True)[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside, then moved: another scoring run may be reading the cache.
    np.save(path.with_suffix('.part.npy'), vectors)
    path.with_suffix('.part.npy').replace(path)
    return vectors


def other_person_similarity(embeddings, subjects, queries=None):
    """Cosine similarities of each face (or of queries, one per face, e.g. moved copies of them)
    with every face, those of the query's own person (itself included) at -inf."""
    sim = (embeddings if queries is None else queries) @ embeddings.T
    sim[subjects[:, None] == subjects[None, :]] = -np.inf
    return sim


def identity_confusion(embeddings, labels, subjects):
    """Share of faces whose nearest other face is the same person making another expression."""
    sim = embeddings @ embeddings.T
    np.fill_diagonal(sim, -np.inf)
    nearest = sim.argmax(1)
    return float(np.mean((subjects[nearest] == subjects) & (labels[nearest] != labels)))


def retrieval(embeddings, labels, subjects, label_names=None):
    """label_names (indexed by label) adds P@1 per label."""
    labels, subjects = np.asarray(labels), np.asarray(subjects)
    top3 = np.argsort(-other_person_similarity(embeddings, subjects), axis=1)[:, :3]
    hits = labels[top3] == labels[:, None]
    figures = {'p_at_1': float(hits[:, 0].mean()), 'p_at_3': float(hits.mean()),
               'identity_confusion': identity_confusion(embeddings, labels, subjects), 'n': int(len(labels))}
    if label_names is not None:
        figures['p_at_1_by_label'] = {name: float(hits[labels == i, 0].mean())
                                      for i, name in enumerate(label_names) if (labels == i).any()}
    return figures


def knn_accuracy(gallery, gallery_labels, queries, query_labels, k=10):
    correct = 0
    for i in range(0, len(queries), 500):
        sim = queries[i:i + 500] @ gallery.T
        nearest = np.argpartition(-sim, k, axis=1)[:, :k]
        votes = np.zeros((len(nearest), len(CLASSES)))
        np.add.at(votes, (np.arange(len(nearest))[:, None], gallery_labels[nearest]), 1)
        correct += int((votes.argmax(1) == query_labels[i:i + 500]).sum())
    return correct / len(queries)


def teacher_knn_error(gallery, gallery_states, queries, query_states, k=10):
    """Mean absolute error of each query's teacher targets guessed as its k nearest faces' mean."""
    errors = []
    for i in range(0, len(queries), 500):
        sim = queries[i:i + 500] @ gallery.T
        nearest = np.argpartition(-sim, k, axis=1)[:, :k]
        errors.append(np.abs(gallery_states[nearest].mean(1) - query_states[i:i + 500]))
    return float(np.concatenate(errors).mean())


def triplet_agreement(embeddings, votes, n=20000, gap=0.5, seed=0):
    rng = np.random.default_rng(seed)
    v = votes / np.linalg.norm(votes, axis=1, keepdims=True)
    a, b, c = rng.integers(0, len(v), (3, n * 20))
    vote_gap = (v[a] * v[b]).sum(1) - (v[a] * v[c]).sum(1)
    keep = (np.abs(vote_gap) >= gap) & (a != b) & (a != c) & (b != c)
    a, b, c, vote_gap = a[keep][:n], b[keep][:n], c[keep][:n], vote_gap[keep][:n]
    emb_gap = (embeddings[a] * embeddings[b]).sum(1) - (embeddings[a] * embeddings[c]).sum(1)
    return float(np.mean(np.sign(emb_gap) == np.sign(vote_gap)))


def evaluate(model, mirror_average=False):
    figures = {}
    fer = ferplus_records()
    fer_crops = aligned_crops('ferplus', fer)
    emb, probs = embed(model, fer_crops, mirror_average)
    labels = np.array([r['label'] for r in fer])
    votes = np.stack([r['votes'] for r in fer])
    split = np.array([r['split'] for r in fer])
    train, valid, test = (split == s for s in ('train', 'valid', 'test'))
    clear = labels >= 0
    for name, mask in (('valid', valid), ('test', test)):
        q = mask & clear
        figures['ferplus_%s' % name] = {
            'classifier_accuracy': float(np.mean(probs[q].argmax(1) == labels[q])),
            'knn_accuracy': knn_accuracy(emb[train & clear], labels[train & clear], emb[q], labels[q]),
            'vote_triplet_agreement': triplet_agreement(emb[mask], votes[mask]),
        }
    # The teacher tables come from a 17-minute browser dump (README.md); without FER+'s, the runs
    # that never used a teacher are still scored on everything else.
    teachers = (('eye-states', 'eye_state'), ('face-actions', 'face_action')) if has_teacher_targets('ferplus') else ()
    if not teachers:
        print('training/face-actions/ferplus.csv absent: eye-state and face-action errors not scored', file=sys.stderr)
    for kind, key in teachers:
        states, known = teacher_targets(kind, 'ferplus', fer)
        gallery, queries = train & known, valid & known
        figures['ferplus_valid'][key + '_knn_mae'] = teacher_knn_error(emb[gallery], states[gallery], emb[queries], states[queries])
        figures['ferplus_valid'][key + '_mean_mae'] = float(np.abs(states[queries] - states[gallery].mean(0)).mean())
    yale = yale_records()
    emb, _ = embed(model, aligned_crops('yalefaces', yale), mirror_average)
    figures['yalefaces'] = retrieval(emb, [r['label'] for r in yale], [r['subject'] for r in yale], YALE_LABELS)
    for name in ('tcce-dev', 'kdef-dev', 'ckplus48'):
        records = [r for r in labelled_records(name) if r['split'] == 'test']
        emb, probs = embed(model, aligned_crops(name, records), mirror_average)
        labels = [r['label'] for r in records]
        subjects = [r['subject'] for r in records]
        figures[name] = retrieval(emb, labels, subjects, CLASSES)
        figures[name]['probabilities'] = retrieval(
            probs / np.linalg.norm(probs, axis=1, keepdims=True), labels, subjects)
    return figures


class Ensemble(torch.nn.Module):
    """Several trained runs as one model: embeddings summed then renormalised, probabilities averaged."""

    def __init__(self, models):
        super().__init__()
        self.models = torch.nn.ModuleList(models)

    def forward(self, x):
        outputs = [model(x) for model in self.models]
        embedding = torch.nn.functional.normalize(sum(e for e, _ in outputs), dim=1)
        probabilities = sum(torch.softmax(logits, 1) for _, logits in outputs) / len(outputs)
        return embedding, torch.log(probabilities)


if __name__ == '__main__':
    import argparse
    import json

    from export_tflite import WEIGHTS, published_model, published_trainings
    from folding import quantised_copy
    from model import EmbedderPair, ExpressionNet
    from paths import CACHE, RUNS

    parser = argparse.ArgumentParser(description='Re-scores a trained run (or several, as an ensemble), optionally mirror-averaged.')
    parser.add_argument('--variant', nargs='+', default=['full'])
    parser.add_argument('--published', action='store_true',
                        help='score models/expression-embedder.tflite (read back) instead of a checkpoint')
    parser.add_argument('--weights', choices=WEIGHTS, default='float32', help='int8: score the int8 copy')
    parser.add_argument('--mirror-average', action='store_true')
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.published:
        # One net, or since expr-v2 the pair (model.EmbedderPair), as the file holds it.
        args.variant = [training['variant'] for training in published_trainings()]
    runs = [json.loads((RUNS / ('%s.json' % name)).read_text()) for name in args.variant]
    if args.published:
        model = published_model()
    else:
        models = []
        for name, run in zip(args.variant, runs):
            models.append(ExpressionNet(run['config']['architecture']))
            models[-1].load_state_dict(torch.load(CACHE / ('%s.pt' % name)))
        model = models[0] if len(models) == 1 else Ensemble(models)
    if args.weights == 'int8':
        if isinstance(model, (Ensemble, EmbedderPair)):
            parser.error('--weights int8 scores one model, not an ensemble (a published pair is int8 already)')
        model = quantised_copy(model)
    name = '+'.join(args.variant) + ('-published' if args.published else '') + (
        '-int8' if args.weights == 'int8' else '') + ('-mirror' if args.mirror_average else '')
    run = {**runs[0], 'variant': name, 'train_seconds': sum(r['train_seconds'] for r in runs),
           'figures': evaluate(model, args.mirror_average)}
    (RUNS / ('%s.json' % name)).write_text(json.dumps(run, indent=1) + '\n')
    print(json.dumps(run['figures'], indent=1))
