"""`python3 training/head.py [--seed 0] [--epochs 20]`: the learned geometry + appearance head
(training/README.md, "Learned geometry + appearance head"), fitted on the `fit` rows of
training/.cache/head/table.csv (written by head-table.ts).

out = normalise(A·ours + MLP([ours, z])), z the landmarker's 52 scores z-scored with the fitting
faces' statistics. A starts as the identity and the MLP's last layer near zero, so epoch 0 is the
shipped embedding. Checkpoints each epoch under training/.cache/head/<run>/ and resumes from the
last one. Writes the head's vectors for every pool and dev row to <run>/vectors.csv (scored by
head-score.ts) and training/runs/<run>.json (losses, statistics, times).
"""
import argparse
import csv
import json
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from paths import CACHE, RUNS

HEAD = CACHE / 'head'
BLENDSHAPES = 52
CLASSES = 9
MIN_STD = 0.01  # as lib/eval/fusion-weight.ts: a movement the fitting faces never make must not dominate z
Z_CLIP = 8.0  # a z beyond this is a landmarker outlier, not a stronger expression
SCALE = 16.0
TEMPERATURE = 0.1
CONTRASTIVE_WEIGHT = 0.5
BATCH = 256


def read_table(folder):
    with open(folder / 'table.csv', newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    at = {name: i for i, name in enumerate(header)}
    t0, o0, b0 = at['t0'], at['o0'], at['b0']
    # The expression model's width: 64 for a single net, 128 for the shipped pair.
    width = sum(1 for name in header if name.startswith('o') and name[1:].isdigit())
    meta = [{'role': r[0], 'set': r[1], 'id': r[2], 'subject': r[3], 'expression': r[4]} for r in rows]
    targets = np.array([[float(v) for v in r[t0:t0 + CLASSES]] for r in rows], np.float32)
    ours = np.array([[float(v) for v in r[o0:o0 + width]] for r in rows], np.float32)
    found = np.array([r[b0] != '' for r in rows])
    scores = np.array([[float(v) if v else 0.0 for v in r[b0:b0 + BLENDSHAPES]] for r in rows], np.float32)
    return meta, targets, ours, scores, found


class Head(nn.Module):
    """Out = normalise(A·ours + MLP([ours, z])), as wide as the appearance embedding it starts from."""

    def __init__(self, width):
        super().__init__()
        self.appearance = nn.Linear(width, width, bias=False)
        self.mlp = nn.Sequential(nn.Linear(width + BLENDSHAPES, 256), nn.ReLU(), nn.Dropout(0.1), nn.Linear(256, width))
        self.prototypes = nn.Parameter(torch.randn(CLASSES, width) * 0.1)
        with torch.no_grad():
            self.appearance.weight.copy_(torch.eye(width))
            self.mlp[-1].weight.mul_(0.01)
            self.mlp[-1].bias.zero_()

    def forward(self, ours, z):
        ours = F.normalize(ours, dim=1)
        return F.normalize(self.appearance(ours) + self.mlp(torch.cat([ours, z], dim=1)), dim=1)


def supervised_contrastive(embedding, labels, subjects):
    """Positives: same class, another person; the query's own person is left out of the denominator."""
    similarity = embedding @ embedding.T / TEMPERATURE
    same_person = subjects[:, None] == subjects[None, :]
    positive = (labels[:, None] == labels[None, :]) & ~same_person
    similarity = similarity.masked_fill(same_person, float('-inf'))
    log_probability = similarity - torch.logsumexp(similarity, dim=1, keepdim=True)
    counts = positive.sum(1)
    has = counts > 0
    if not has.any():
        return embedding.sum() * 0
    per_query = -(log_probability.masked_fill(~positive, 0).sum(1)[has]) / counts[has]
    return per_query.mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--epochs', type=int, default=20)
    parser.add_argument('--run', default='head')
    parser.add_argument('--dir', default=str(HEAD), help='where table.csv is and the run folder goes')
    # Ablations only: the recipe judged by the rule is the defaults.
    parser.add_argument('--contrastive-weight', type=float, default=CONTRASTIVE_WEIGHT)
    parser.add_argument('--drop', action='append', default=[], help='a fitting set to leave out, e.g. "ferplus fit"')
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)

    folder = Path(args.dir)
    meta, targets, ours, scores, found = read_table(folder)
    fit = np.array([m['role'] == 'fit' and m['set'] not in args.drop for m in meta])
    fit_found = fit & found
    mean = scores[fit_found].mean(0)
    std = np.maximum(scores[fit_found].std(0), MIN_STD)
    z = np.where(found[:, None], np.clip((scores - mean) / std, -Z_CLIP, Z_CLIP), 0).astype(np.float32)

    sets = sorted({m['set'] for m, f in zip(meta, fit) if f})
    fit_rows = np.flatnonzero(fit)
    set_of = np.array([sets.index(meta[i]['set']) for i in fit_rows])
    # Each fitting set gives the same share of the draws, whatever its size.
    draw_weight = torch.tensor(1.0 / np.bincount(set_of)[set_of], dtype=torch.float64)
    subject_ids = {s: i for i, s in enumerate(sorted({meta[i]['subject'] for i in fit_rows}))}
    subjects = torch.tensor([subject_ids[meta[i]['subject']] for i in fit_rows])
    x_ours = torch.from_numpy(ours[fit_rows])
    x_z = torch.from_numpy(z[fit_rows])
    y = torch.from_numpy(targets[fit_rows])
    hard = y.argmax(1)

    model = Head(ours.shape[1])
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    generator = torch.Generator().manual_seed(args.seed)
    out_dir = folder / args.run
    out_dir.mkdir(parents=True, exist_ok=True)
    history = []
    start_epoch = 0
    checkpoints = sorted(out_dir.glob('epoch-*.pt'))
    if checkpoints:
        state = torch.load(checkpoints[-1])
        model.load_state_dict(state['model'])
        optimiser.load_state_dict(state['optimiser'])
        generator.set_state(state['generator'])
        torch.set_rng_state(state['torch'])
        history = state['history']
        start_epoch = state['epoch'] + 1
        print(f'resumed after epoch {state["epoch"]} from {checkpoints[-1].name}')

    steps = len(fit_rows) // BATCH
    for epoch in range(start_epoch, args.epochs):
        started = time.time()
        model.train()
        order = torch.multinomial(draw_weight, steps * BATCH, replacement=True, generator=generator)
        totals = np.zeros(2)
        for step in range(steps):
            batch = order[step * BATCH:(step + 1) * BATCH]
            embedding = model(x_ours[batch], x_z[batch])
            logits = SCALE * embedding @ F.normalize(model.prototypes, dim=1).T
            classification = -(y[batch] * F.log_softmax(logits, dim=1)).sum(1).mean()
            contrastive = supervised_contrastive(embedding, hard[batch], subjects[batch])
            loss = classification + args.contrastive_weight * contrastive
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            totals += [classification.item(), contrastive.item()]
        entry = {'epoch': epoch, 'classification': float(totals[0] / steps), 'contrastive': float(totals[1] / steps), 'seconds': time.time() - started}
        history.append(entry)
        print(json.dumps(entry))
        torch.save({'model': model.state_dict(), 'optimiser': optimiser.state_dict(), 'generator': generator.get_state(),
                    'torch': torch.get_rng_state(), 'history': history, 'epoch': epoch}, out_dir / f'epoch-{epoch:02d}.pt')

    model.eval()
    scored = np.flatnonzero([m['role'] != 'fit' for m in meta])
    with torch.no_grad():
        vectors = model(torch.from_numpy(ours[scored]), torch.from_numpy(z[scored])).numpy()
    with open(out_dir / 'vectors.csv', 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['set', 'id', *[f'h{i}' for i in range(ours.shape[1])]])
        for row, vector in zip(scored, vectors):
            writer.writerow([meta[row]['set'], meta[row]['id'], *[f'{v:.6f}' for v in vector]])
    RUNS.mkdir(exist_ok=True)
    summary = {
        'run': args.run, 'seed': args.seed, 'appearance_width': int(ours.shape[1]), 'epochs': args.epochs, 'torch': torch.__version__,
        'contrastive_weight': args.contrastive_weight, 'dropped': args.drop,
        'fit_faces': {s: int((set_of == i).sum()) for i, s in enumerate(sets)},
        'fit_faces_without_landmarks': int((fit & ~found).sum()),
        'blendshape_mean': [round(float(v), 6) for v in mean], 'blendshape_std': [round(float(v), 6) for v in std],
        'history': history, 'train_seconds': sum(h['seconds'] for h in history),
    }
    (RUNS / f'{args.run}.json').write_text(json.dumps(summary, indent=1) + '\n')
    print(f'→ {out_dir / "vectors.csv"}, training/runs/{args.run}.json')


if __name__ == '__main__':
    main()
