"""Scores whitened embeddings of the published model on the FER+ valid split (training/README.md).

A whitening map P (mean subtracted; principal directions scaled by (λ + ε·mean λ)^-1/2), fitted
on the FER+ train faces' raw embeddings, would fold into the embedding layer as W' = P W,
b' = P (b - μ). Prints the valid figures of each choice, mirror-averaged as shipped; the dev sets
are not scored (the README's rule looks at them only for an adopted choice).
"""
import copy

import numpy as np
import torch

from datasets import ferplus_records, aligned_crops
from evaluate import embed, knn_accuracy, triplet_agreement
from export_tflite import published_model


EPSILONS = [1.0, 0.3, 0.1, 0.03]


def raw_embeddings(model, crops):
    with torch.no_grad():
        return np.concatenate([
            model.embed(model.blocks(torch.from_numpy(crops[i:i + 512]).float().div_(255).unsqueeze(1)).mean(dim=(2, 3))).numpy()
            for i in range(0, len(crops), 512)]).astype(np.float64)


def whitened(model, mean, transform):
    model = copy.deepcopy(model)
    weight, bias = (layer.detach().numpy().astype(np.float64) for layer in (model.embed.weight, model.embed.bias))
    with torch.no_grad():
        model.embed.weight.copy_(torch.from_numpy((transform @ weight).astype(np.float32)))
        model.embed.bias.copy_(torch.from_numpy((transform @ (bias - mean)).astype(np.float32)))
    return model


def valid_score(model, crops, labels, votes, is_train):
    emb, probs = embed(model, crops, mirror_average=True)
    clear = labels >= 0
    train, valid = is_train & clear, ~is_train
    figures = (float(np.mean(probs[valid & clear].argmax(1) == labels[valid & clear])),
               knn_accuracy(emb[train], labels[train], emb[valid & clear], labels[valid & clear]),
               triplet_agreement(emb[valid], votes[valid]))
    return figures + (sum(figures) / 3,)


if __name__ == '__main__':
    torch.set_num_threads(1)
    model = published_model()
    fer = [r for r in ferplus_records() if r['split'] in ('train', 'valid')]
    crops = aligned_crops('ferplus', ferplus_records())[[r['index'] for r in fer]]
    labels, votes = np.array([r['label'] for r in fer]), np.stack([r['votes'] for r in fer])
    is_train = np.array([r['split'] == 'train' for r in fer])
    raw = raw_embeddings(model, crops[is_train])
    mean, (lam, vectors) = raw.mean(0), np.linalg.eigh(np.cov(raw.T))
    print('train embedding covariance: eigenvalue spread %.0f, top 5 directions %.1f %% of variance'
          % (lam.max() / lam.min(), 100 * lam[-5:].sum() / lam.sum()))
    choices = [('as published', model), ('centred', whitened(model, mean, np.eye(len(mean))))]
    choices += [('whitened, eps %g' % eps, whitened(model, mean, vectors @ np.diag((lam + eps * lam.mean()) ** -0.5) @ vectors.T))
                for eps in EPSILONS]
    for name, candidate in choices:
        print('%-20s valid classifier %.4f  kNN %.4f  triplets %.4f  mean %.4f'
              % ((name,) + valid_score(candidate, crops, labels, votes, is_train)), flush=True)
