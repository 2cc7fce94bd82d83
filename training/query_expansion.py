"""Scores retrieval post-processing on the published model (training/README.md, "Query expansion").

Two classic image-retrieval tricks that the product could apply at search time without a new
model: database-side augmentation (each gallery face replaced by the similarity-weighted mean of
itself and its k nearest gallery faces) and query expansion (the query plus its k nearest gallery
faces). Weights are cosine ** ALPHA. FER+ valid (gallery: train) decides; the dev sets are printed
in the same run, cross-identity as in evaluate.py (each person's gallery is everyone else).
"""
import numpy as np
import torch

from datasets import aligned_crops, ferplus_records, labelled_records, yale_records
from evaluate import embed, knn_accuracy
from export_tflite import published_model


ALPHA = 3
# (database-side k, query-side k); (0, 0) is plain nearest neighbours, as shipped.
SETTINGS = [(0, 0), (1, 0), (2, 0), (4, 0), (0, 1), (0, 2), (0, 4), (2, 2)]


def normalised(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def weighted_neighbours(queries, gallery, k, include_self):
    """Each query plus its k nearest gallery faces, weighted cosine ** ALPHA (the query itself,
    when it is in the gallery, is its own nearest)."""
    out = np.empty_like(queries)
    take = k + 1 if include_self else k
    for i in range(0, len(queries), 1000):
        sim = queries[i:i + 1000] @ gallery.T
        nearest = np.argpartition(-sim, take, axis=1)[:, :take]
        weights = np.take_along_axis(sim, nearest, 1).clip(0) ** ALPHA
        out[i:i + 1000] = (weights[:, :, None] * gallery[nearest]).sum(1)
        if not include_self:
            out[i:i + 1000] += queries[i:i + 1000]
    return normalised(out)


def processed(queries, gallery, database_k, query_k):
    if database_k:
        gallery = weighted_neighbours(gallery, gallery, database_k, include_self=True)
    if query_k:
        queries = weighted_neighbours(queries, gallery, query_k, include_self=False)
    return queries, gallery


def ferplus_valid(emb, labels, split, database_k, query_k):
    """(P@1, 10-NN accuracy) of FER+ valid faces against the train faces."""
    clear = labels >= 0
    gallery, gallery_labels = emb[(split == 'train') & clear], labels[(split == 'train') & clear]
    queries, query_labels = emb[(split == 'valid') & clear], labels[(split == 'valid') & clear]
    queries, gallery = processed(queries, gallery, database_k, query_k)
    hits = sum(int((gallery_labels[(queries[i:i + 1000] @ gallery.T).argmax(1)] == query_labels[i:i + 1000]).sum())
               for i in range(0, len(queries), 1000))
    return hits / len(queries), knn_accuracy(gallery, gallery_labels, queries, query_labels)


def cross_identity(emb, labels, subjects, database_k, query_k):
    """(P@1, P@3), each person's faces queried against everyone else's."""
    labels, subjects = np.asarray(labels), np.asarray(subjects)
    first, three = [], []
    for person in np.unique(subjects):
        mine = subjects == person
        queries, gallery = processed(emb[mine], emb[~mine], database_k, query_k)
        top3 = np.argsort(-(queries @ gallery.T), axis=1)[:, :3]
        hits = labels[~mine][top3] == labels[mine][:, None]
        first += list(hits[:, 0])
        three += list(hits.mean(1))
    return float(np.mean(first)), float(np.mean(three))


if __name__ == '__main__':
    torch.set_num_threads(1)
    model = published_model()
    fer = ferplus_records()
    emb, _ = embed(model, aligned_crops('ferplus', fer), mirror_average=True)
    labels, split = np.array([r['label'] for r in fer]), np.array([r['split'] for r in fer])
    dev_sets = {}
    for name in ('tcce-dev', 'kdef-dev', 'ckplus48'):
        records = [r for r in labelled_records(name) if r['split'] == 'test']
        dev_sets[name] = (embed(model, aligned_crops(name, records), mirror_average=True)[0],
                          [r['label'] for r in records], [r['subject'] for r in records])
    yale = yale_records()
    dev_sets['yalefaces'] = (embed(model, aligned_crops('yalefaces', yale), mirror_average=True)[0],
                             [r['label'] for r in yale], [r['subject'] for r in yale])
    for database_k, query_k in SETTINGS:
        p1, knn = ferplus_valid(emb, labels, split, database_k, query_k)
        dev = '  '.join('%s %.3f / %.3f' % ((name,) + cross_identity(*data, database_k, query_k))
                        for name, data in dev_sets.items())
        print('database k %d, query k %d: FER+ valid P@1 %.4f  10-NN %.4f | P@1 / P@3: %s'
              % (database_k, query_k, p1, knn, dev), flush=True)
