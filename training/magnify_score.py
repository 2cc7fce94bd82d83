"""Judges query magnification by the rule in README.md ("Your own neutral face as the reference,
second form"): q' = normalise(q + ALPHA * (q - n_you)), scored against raw galleries.

    python3 training/magnify_score.py

Writes training/runs/magnify-pool.json.
"""
import json

import numpy as np
import torch

from export_tflite import published_model, published_sha256
from paths import RUNS
from reference_pool import score_pool, unit

# Fixed by the rule before any run: "twice the departure from your resting face".
ALPHA = 1.0
# Condition (2) of the rule: the neutral queries of these sets may lose at most this much P@1.
NEUTRAL_SETS = ('tcce-dev', 'kdef-dev-held-out')
NEUTRAL_MARGIN = 0.05


def magnified(queries, references):
    return unit(queries + ALPHA * (queries - references))


def main():
    torch.set_num_threads(2)
    report = {'model': 'models/expression-embedder.tflite (read back)', 'alpha': ALPHA,
              **score_pool(published_model(), published_sha256(), magnified, 'magnified')}
    sets = [report['sets'][name] for name in NEUTRAL_SETS]
    count = sum(s['neutral_queries'] for s in sets)
    neutral = [sum(s['neutral_p_at_1'][arm] * s['neutral_queries'] for s in sets) / count for arm in (0, 1)]
    gain = report['pooled']['gain_interval']
    report['neutral_p_at_1'] = {'sets': list(NEUTRAL_SETS), 'queries': count, 'p_at_1': neutral}
    report['ships'] = bool(gain[0] > 0 and neutral[0] - neutral[1] <= NEUTRAL_MARGIN)
    (RUNS / 'magnify-pool.json').write_text(json.dumps(report, indent=1) + '\n')
    print('neutral (%s)  raw %.3f  magnified %.3f' % (', '.join(NEUTRAL_SETS), *neutral))
    print('pooled             raw %.3f  magnified %.3f  gain %s -> %s' % (
        *report['pooled']['p_at_1'], np.round(gain, 3).tolist(), 'ships' if report['ships'] else 'does not ship'))


if __name__ == '__main__':
    main()
