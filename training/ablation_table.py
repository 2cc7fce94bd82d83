"""Prints the README's ablation table from training/runs/*.json, so the numbers are never retyped."""
import json

from paths import RUNS

COLUMNS = [
    # 410 queries: all 9 performers (runs before full-e20-tcce); 220: the odd ones only.
    ('tcce queries', ('tcce-dev', 'n')),
    ('tcce P@1', ('tcce-dev', 'p_at_1')), ('tcce P@3', ('tcce-dev', 'p_at_3')),
    ('tcce id-conf.', ('tcce-dev', 'identity_confusion')),
    ('kdef P@1', ('kdef-dev', 'p_at_1')), ('ck+ P@1', ('ckplus48', 'p_at_1')),
    ('FER+ kNN', ('ferplus_test', 'knn_accuracy')), ('FER+ triplets', ('ferplus_test', 'vote_triplet_agreement')),
    ('FER+ cls. acc.', ('ferplus_test', 'classifier_accuracy')),
    ('FER+ valid kNN', ('ferplus_valid', 'knn_accuracy')),
    ('FER+ valid cls.', ('ferplus_valid', 'classifier_accuracy')),
    ('FER+ valid triplets', ('ferplus_valid', 'vote_triplet_agreement')),
    # Scored since full-e30-eyes (and re-scored for the runs whose checkpoints were kept); – before.
    ('Yale P@1', ('yalefaces', 'p_at_1')),
    ('FER+ valid eye-state err.', ('ferplus_valid', 'eye_state_knn_mae')),
    # Scored since full-e30-actions.
    ('FER+ valid face-action err.', ('ferplus_valid', 'face_action_knn_mae')),
]

WHAT = {
    'smoke': 'pipeline check: all losses, 1 epoch, fixed eye positions instead of the detector',
    'fer-only': 'FER+ alone: soft CE + vote similarity; no posed sets, no contrastive term',
    'fer+posed': 'FER+ + kdef/ck+ training people, soft CE + vote similarity; no contrastive term',
    'full': 'FER+ + kdef/ck+ training people, soft CE + vote similarity + cross-identity supcon; one view',
    'full-mirror': '`full`, each face also embedded mirrored and the two averaged (shipped as expr-v1-0b09c7a until full-e20-mirror)',
    'full-adv': '`full` + an identity adversary (reversed gradient, weight 0.3) naming the posed-set people from the embedding',
    'full-adv-mirror': '`full-adv`, face and mirror averaged',
    'full-e20': '`full` trained 20 epochs instead of 10',
    'full-e20-mirror': '`full-e20`, face and mirror averaged (shipped as expr-v1-92a6301 until full-e30-mirror)',
    'full-p96': '`full` with 96 posed faces per batch instead of 48',
    'full-p96-mirror': '`full-p96`, face and mirror averaged',
    'full-p96-e20': '`full-p96` trained 20 epochs',
    'full-p96-e20-mirror': '`full-p96-e20`, face and mirror averaged',
    'full-e20-seed1': '`full-e20`, seed 1',
    'full-e20-seed1-mirror': '`full-e20`, seed 1, face and mirror averaged',
    'full-p96-e20-seed1': '`full-p96-e20`, seed 1',
    'full-p96-e20-seed1-mirror': '`full-p96-e20`, seed 1, face and mirror averaged',
    'full-e20-bal': '`full-e20` with FER+ faces drawn by (class count) ** -0.5: fear 2.3 % → 5.8 %, disgust 0.6 % → 3 % of draws',
    'full-e20-bal-mirror': '`full-e20-bal`, face and mirror averaged',
    'full-e20-tcce': '`full-e20` + tcce-dev\'s even performers (S02, S06, S08, S10) among the posed sets; tcce scored on the odd ones',
    'full-e20-tcce-mirror': '`full-e20-tcce`, face and mirror averaged',
    'full-e20-tcce-seed1': '`full-e20-tcce`, seed 1',
    'full-e20-tcce-seed1-mirror': '`full-e20-tcce`, seed 1, face and mirror averaged',
    'full-e30': '`full` trained 30 epochs',
    'full-e30-mirror': '`full-e30`, face and mirror averaged (shipped as expr-v1-d2da072, float32, until full-e30-published-int8-mirror)',
    'full-e30-published-mirror': '`full-e30-mirror` read back from the shipped expr-v1-d2da072 file: the same figures',
    'full-e30-published-int8-mirror': '`full-e30-mirror` with int8 weights, one scale per output channel (shipped as expr-v1-abad6a7 until full-e30-c8-int8-mirror)',
    'full-e30-actions3': '`full-e30-actions` with the face-action term weighted 3 instead of 8',
    'full-e30-actions3-mirror': '`full-e30-actions3`, face and mirror averaged',
    'full-e30-actions3-seed1': '`full-e30-actions3`, seed 1',
    'full-e30-actions3-seed1-mirror': '`full-e30-actions3`, seed 1, face and mirror averaged',
    'full-e30-seed1': '`full-e30`, seed 1',
    'full-e30-seed1-mirror': '`full-e30`, seed 1, face and mirror averaged',
    'full-e45-c8': '`full-e30-c8` trained 45 epochs instead of 30',
    'full-e45-c8-mirror': '`full-e45-c8`, face and mirror averaged',
    'full-e45-c8-int8-mirror': '`full-e45-c8-mirror` with int8 weights (seed 0 trained again: the same figures); fails the browser floor, tcce-dev identity confusion 0.117 > 0.10',
    'full-e45-c8-seed1': '`full-e45-c8`, seed 1',
    'full-e45-c8-seed1-mirror': '`full-e45-c8`, seed 1, face and mirror averaged',
    'wild-e30-c8': '`full-e30-c8` + 64 in-the-wild faces a batch: 24 rafdb train, 24 affectnet-sub, 8 contempt-smirk, 8 cew-closed-eyes (contrastive term only); the validation pool\'s faces kept out',
    'wild-e30-c8-mirror': '`wild-e30-c8`, face and mirror averaged',
    'wild-ft8-c8': 'the shipped model refined 8 epochs (one-cycle lr 5e-4, batch-norm statistics frozen) on `wild-e30-c8`\'s batches',
    'posed-ft8-c8': '`wild-ft8-c8` without the in-the-wild faces (FER+ + kdef/ck+ training people only): its control',
    'lodo-kdef-e30-c8': '`full-e30-c8` without kdef-dev (FER+ + ckplus48 training subjects): the kdef fold of the leave-one-set-out check, not a candidate',
    'lodo-ckplus-e30-c8': '`full-e30-c8` without ckplus48 (FER+ + kdef-dev training people): the ckplus fold of the leave-one-set-out check, not a candidate',
    'lodo-kdef-e15-c8': '`lodo-kdef-e30-c8` at 15 epochs: the baseline of the capture-conditions screen, not a candidate',
    'lodo-kdef-e15-c8-mixstyle': '`lodo-kdef-e15-c8` with MixStyle after the 32x32 and 16x16 stages (p 0.5, Beta(0.1, 0.1)): screened on sets it never saw',
    'lodo-kdef-e15-c8-capture': '`lodo-kdef-e15-c8` with capture augmentation (half the faces shrunk to 20-56 px, half lit across by a ramp up to ±50 %): screened on sets it never saw',
    'full-e30-c8-spatial': '`full-e30-c8` with heads reading the last 4x4 map cell by cell (1x1 conv to 32 channels, 512 values) instead of its mean; one seed',
    'full-e30-c8-spatial-mirror': '`full-e30-c8-spatial`, face and mirror averaged',
    'full-e30-eyes': '`full-e30` + eye-state targets (MediaPipe blendshapes on the training faces: blink, squint, wide; weight 2)',
    'full-e30-eyes-mirror': '`full-e30-eyes`, face and mirror averaged',
    'full-e30-eyes-seed1': '`full-e30-eyes`, seed 1',
    'full-e30-eyes-seed1-mirror': '`full-e30-eyes`, seed 1, face and mirror averaged',
    'full-e30-eyes5': '`full-e30-eyes` with the eye-state term weighted 5 instead of 2',
    'full-e30-eyes5-mirror': '`full-e30-eyes5`, face and mirror averaged',
    'full-e30-eyes5-seed1': '`full-e30-eyes5`, seed 1',
    'full-e30-eyes5-seed1-mirror': '`full-e30-eyes5`, seed 1, face and mirror averaged',
    'full-e30-actions': '`full-e30` + face-action targets (MediaPipe blendshapes on the training faces: eyes, brows, cheeks, mouth, nose; 26 values, weight 8)',
    'full-e30-actions-mirror': '`full-e30-actions`, face and mirror averaged',
    'full-e30-actions-seed1': '`full-e30-actions`, seed 1',
    'full-e30-actions-seed1-mirror': '`full-e30-actions`, seed 1, face and mirror averaged',
    'full-e20-c8': '`full-e20` with one more 128-channel conv at 8x8 (c8: 749k parameters against 601k)',
    'full-e20-c8-mirror': '`full-e20-c8`, face and mirror averaged',
    'full-e30-c8': '`full-e30` with the c8 net (one more 128-channel conv at 8x8)',
    'full-e30-c8-mirror': '`full-e30-c8`, face and mirror averaged',
    'full-e30-c8-seed1': '`full-e30-c8`, seed 1',
    'full-e30-c8-seed1-mirror': '`full-e30-c8`, seed 1, face and mirror averaged',
    'full-e30-c8-int8-mirror': '**shipped** (expr-v1-45c866c): `full-e30-c8-mirror` with int8 weights, one scale per output channel',
    'full-e30-c8-seed2': '`full-e30-c8`, seed 2 (reported, chooses nothing)',
    'full-e30-c8-seed2-mirror': '`full-e30-c8`, seed 2, face and mirror averaged',
    'full-e20+full-e20-seed1': 'ensemble: `full-e20` seeds 0 and 1, one view each, embeddings summed',
    'full-e20+full-p96-e20': 'ensemble: `full-e20` and `full-p96-e20`, one view each, embeddings summed (the cost of one model with its mirror)',
}


def main():
    print('| run | what | epochs | train min | ' + ' | '.join(name for name, _ in COLUMNS) + ' |')
    print('|---|---|---|---|' + '---|' * len(COLUMNS))
    for path in sorted(RUNS.glob('*.json')):
        run = json.loads(path.read_text())
        # Score reports (head-score.ts, pool_score.py) sit beside the runs; they are not runs.
        if 'figures' not in run:
            continue
        figures = [run['figures'].get(s, {}).get(k) for _, (s, k) in COLUMNS]
        print('| `%s` | %s | %d | %d | %s |' % (
            path.stem, WHAT.get(path.stem, run['variant']), run['config']['epochs'], round(run['train_seconds'] / 60),
            ' | '.join(format_figure(f) for f in figures)))


def format_figure(value):
    if value is None:
        return '–'
    return '%d' % value if isinstance(value, int) else '%.3f' % value


if __name__ == '__main__':
    main()
