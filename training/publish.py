"""Turns a trained checkpoint into what the extension ships and CI checks.

Writes models/expression-embedder.tflite, its manifest models/expression-embedder.json, and the
browser parity fixture (tests/fixtures/parity/faces.u8 + expected.json: torch's outputs for 20
aligned faces, which tests/e2e/embedding-parity.test.ts replays through tfjs-tflite).
The shipped inference embeds each face and its mirror image and averages the two (as
lib/embedding does), so the fixture and the manifest's figures come from runs/<variant>-mirror.json
(runs/<variant>[-published]-int8-mirror.json for int8 weights: evaluate.py writes them).
--published re-exports the model already in models/ (read back from its file) when its checkpoint
is gone, keeping the manifest's training record.
--beside-shipped VARIANT publishes the pair (model.EmbedderPair): the single model in models/ as
its first net and VARIANT's int8 copy as its second, as scored by
`pool_score.py VARIANT --beside-shipped` (runs/<VARIANT>-beside-shipped-pool.json, whose
figures the manifest carries).
--int8-activations re-exports the model in models/ with int8 activations (quantise_activations.py),
once `pool_score.py --int8-activations` has passed it (runs/published-int8-activations-pool.json).
"""
import argparse
import hashlib
import json
import subprocess

import numpy as np

from align import CONTRACT
from datasets import CLASSES, aligned_crops, ferplus_records, labelled_records
from evaluate import embed
from export_tflite import OUTPUT_NAMES, WEIGHTS, export, load_model, model_from_tflite, published_model
from folding import quantised_copy
from model import EMBEDDING_DIM, EmbedderPair, nets_of
from paths import CACHE, MODELS, REPO, RUNS
from pool_score import int8_form

# tfjs-tflite (XNNPACK rescales int8 sums in float32) against Int8Net on the parity faces, measured
# on 6 Dec 2026: 1.1e-3 on the embedding, 6.6e-4 on the probabilities for expr-v2-9a5390c (1.6e-3 /
# 4.8e-4 for a first calibration on a quarter of the faces). The same pair with float activations
# differs from its int8 form by 6.9e-3, a layout slip by tenths.
INT8_PARITY_TOLERANCE = 3e-3

PARITY = REPO / 'tests' / 'fixtures' / 'parity'
HELD_OUT = REPO / 'training' / 'held-out'
MODEL_FILE = MODELS / 'expression-embedder.tflite'


def parity_faces():
    """20 aligned faces from three sets, so the fixture covers colour, posed and web faces."""
    tcce = labelled_records('tcce-dev')
    kdef = [r for r in labelled_records('kdef-dev') if r['split'] == 'test']
    fer = [r for r in ferplus_records() if r['split'] == 'test']
    return np.concatenate([aligned_crops('tcce-dev', tcce)[::52][:8],
                           aligned_crops('kdef-dev', kdef)[::57][:6],
                           aligned_crops('ferplus', ferplus_records())[[r['index'] for r in fer[::600][:6]]]])


def write_parity_fixture(model, sha256, tolerance=1e-4):
    """tolerance: what the browser may differ by; float arithmetic agrees within 1e-4, int8
    activations can land one grid step apart where a value is within rounding of a midpoint."""
    faces = parity_faces()
    embedding, probabilities = embed(model, faces, mirror_average=True)
    PARITY.mkdir(parents=True, exist_ok=True)
    (PARITY / 'faces.u8').write_bytes(faces.tobytes())
    (PARITY / 'expected.json').write_text(json.dumps({
        'modelSha256': sha256, 'count': len(faces), 'size': CONTRACT['size'], 'tolerance': tolerance,
        'embedding': np.round(embedding.astype(np.float64), 7).tolist(),
        'probabilities': np.round(probabilities.astype(np.float64), 7).tolist(),
    }) + '\n')


def write_held_out_lists():
    """training/held-out/<set>.txt: the people the model never saw, for `npm run eval -- --subjects`."""
    HELD_OUT.mkdir(exist_ok=True)
    for name in ('tcce-dev', 'kdef-dev', 'ckplus48'):
        subjects = sorted({r['subject'] for r in labelled_records(name) if r['split'] == 'test'})
        (HELD_OUT / ('%s.txt' % name)).write_text(
            '# %s subjects never trained on (training/datasets.py)\n%s\n' % (name, '\n'.join(subjects)))


def headline(figures):
    """The issue-4 figures, flattened for the manifest and the model card."""
    return {
        'tcce-dev-held-out': {k: round(figures['tcce-dev'][k], 3) for k in ('p_at_1', 'p_at_3', 'identity_confusion')},
        'kdef-dev-held-out': {k: round(figures['kdef-dev'][k], 3) for k in ('p_at_1', 'p_at_3')},
        'ckplus48-held-out': {k: round(figures['ckplus48'][k], 3) for k in ('p_at_1', 'p_at_3')},
        'ferplus-test': {k: round(v, 3) for k, v in figures['ferplus_test'].items()},
    }


def git_commit():
    return subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True, cwd=REPO).stdout.strip()


def pair_figures(pool):
    """The pair's figures (index 1 of each list) from a pool_score.py --beside-shipped report."""
    dev = pool['dev']
    return {
        'pooled-held-out': {'p_at_1': round(pool['pooled']['p_at_1'][1], 3),
                            'gain_interval': [round(v, 3) for v in pool['pooled']['gain_interval']],
                            'gain_interval_level': round(pool['pooled']['gain_interval_level'], 4)},
        **{'%s-pool' % name.removesuffix('-pool'): {'p_at_1': round(figures['p_at_1'][1], 3)}
           for name, figures in pool['pool'].items()},
        'tcce-dev-held-out': {'p_at_1': round(dev['tcce-dev'][1]['p_at_1'], 3),
                              'identity_confusion': round(dev['tcce-dev'][1]['identity_confusion'], 3)},
        'yalefaces': {'p_at_1': round(dev['yalefaces'][1]['p_at_1'], 3)},
        'rafdb-test': {'p_at_1': round(dev['rafdb-test'][1]['p_at_1'], 3)},
        'ferplus-test': {k: round(v, 3) for k, v in dev['ferplus-test'][1].items()},
    }


def publish_pair(second, weights):
    """The single model in models/ and `second` (trained by train.py) as one file: a pair."""
    manifest_path = MODELS / 'expression-embedder.json'
    current = json.loads(manifest_path.read_text())
    if 'members' in current:
        raise SystemExit('models/ already holds a pair: publish a single model first')
    if weights != 'int8':
        raise SystemExit('the pair was scored with int8 weights only')
    run = json.loads((RUNS / ('%s.json' % second)).read_text())
    pool_path = RUNS / ('%s-beside-shipped-pool.json' % second)
    if not pool_path.exists():
        raise SystemExit('%s missing: run pool_score.py %s --beside-shipped first' % (pool_path.name, second))
    commit = git_commit()
    members = [current['training'],
               {'command': 'python3 training/train.py --variant %s --threads 2' % second, 'variant': second,
                'commit': commit, 'seconds': run['train_seconds'], 'run': 'training/runs/%s.json' % second}]
    model = EmbedderPair(published_model(), quantised_copy(load_model(CACHE / ('%s.pt' % second),
                                                                      run['config']['architecture']))).eval()
    version = 'expr-v2-%s' % commit
    data = export(model, version, MODEL_FILE, weights)
    sha256 = hashlib.sha256(data).hexdigest()
    write_parity_fixture(model, sha256)
    manifest = {
        **current,
        'version': version,
        'sha256': sha256,
        'bytes': len(data),
        'outputs': {
            'embedding': {'name': OUTPUT_NAMES[0], 'shape': [1, 2 * EMBEDDING_DIM], 'blocks': 2,
                          'note': "two nets' L2-normalised embeddings side by side, divided by sqrt 2"},
            'probabilities': {'name': OUTPUT_NAMES[1], 'shape': [1, len(CLASSES)], 'note': "the mean of the two nets'"},
        },
        'inference': ('embed the face and its left-right mirror; L2-normalise the sum of the embeddings block by '
                      'block (one block per net) and divide by sqrt(blocks); average the probabilities'),
        'members': members,
        'eval': pair_figures(json.loads(pool_path.read_text())),
        'evalRun': 'training/runs/%s' % pool_path.name,
    }
    del manifest['training']
    manifest_path.write_text(json.dumps(manifest, indent=2) + '\n')
    print('published', version, sha256)


def publish(variant, weights, published=False):
    manifest_path = MODELS / 'expression-embedder.json'
    commit = git_commit()
    if published and 'members' in json.loads(manifest_path.read_text()):
        raise SystemExit('models/ holds a pair: --published re-exports single models only')
    if published:
        training = json.loads(manifest_path.read_text())['training']
        variant = training['variant']
    run = json.loads((RUNS / ('%s.json' % variant)).read_text())
    if published:
        model = model_from_tflite(MODEL_FILE, run['config']['architecture'])
    else:
        training = {'command': 'bash training/train.sh', 'variant': variant, 'commit': commit,
                    'seconds': run['train_seconds'], 'run': 'training/runs/%s.json' % variant}
        model = load_model(CACHE / ('%s.pt' % variant), run['config']['architecture'])
    if weights == 'int8':
        model = quantised_copy(model)
    scored_name = variant + ('-published' if published else '') + ('-int8' if weights == 'int8' else '') + '-mirror'
    if not (RUNS / ('%s.json' % scored_name)).exists():
        raise SystemExit('runs/%s.json missing: run evaluate.py --variant %s%s%s --mirror-average first' % (
            scored_name, variant, ' --published' if published else '', ' --weights int8' if weights == 'int8' else ''))
    scored = json.loads((RUNS / ('%s.json' % scored_name)).read_text())
    version = 'expr-v1-%s' % commit
    data = export(model, version, MODEL_FILE, weights)
    sha256 = hashlib.sha256(data).hexdigest()
    write_parity_fixture(model, sha256)
    write_held_out_lists()
    size = CONTRACT['size']
    manifest = {
        'version': version,
        'file': MODEL_FILE.name,
        'sha256': sha256,
        'bytes': len(data),
        'input': {'name': 'face', 'shape': [1, size, size, 1], 'dtype': 'float32',
                  'values': 'grey / 255 from lib/vision/align-face.ts', 'alignmentVersion': CONTRACT['version']},
        'outputs': {
            'embedding': {'name': OUTPUT_NAMES[0], 'shape': [1, EMBEDDING_DIM], 'note': 'L2-normalised'},
            'probabilities': {'name': OUTPUT_NAMES[1], 'shape': [1, len(CLASSES)]},
        },
        'inference': 'embed the face and its left-right mirror; L2-normalise the sum of the embeddings, average the probabilities',
        'weights': {'float32': 'float32',
                    'int8': 'int8, one scale per output channel, DEQUANTIZE to float32 at load'}[weights],
        'classes': CLASSES,
        'training': training,
        'eval': headline(scored['figures']),
        'evalRun': 'training/runs/%s.json' % scored_name,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + '\n')
    print('published', version, sha256)


def publish_int8_activations():
    """The model in models/ again, with int8 activations, as pool_score.py --int8-activations scored it."""
    manifest_path = MODELS / 'expression-embedder.json'
    current = json.loads(manifest_path.read_text())
    pool_path = RUNS / 'published-int8-activations-pool.json'
    if not pool_path.exists():
        raise SystemExit('%s missing: run pool_score.py --int8-activations first' % pool_path.name)
    pool = json.loads(pool_path.read_text())
    if not pool['ships_by_pool']:
        raise SystemExit('the int8 form did not pass the pool (%s)' % pool_path.name)
    model, _ = int8_form(published_model())
    if [net.scales for net in nets_of(model)] != pool['activation_scales']:
        raise SystemExit('models/ or the calibration changed since %s: score it again' % pool_path.name)
    version = '%s-%s' % (current['version'].rsplit('-', 1)[0], git_commit())
    data = export(model, version, MODEL_FILE, 'int8')
    sha256 = hashlib.sha256(data).hexdigest()
    write_parity_fixture(model, sha256, tolerance=INT8_PARITY_TOLERANCE)
    figures = pair_figures(pool)
    figures['pooled-held-out']['change_from_float_interval'] = figures['pooled-held-out'].pop('gain_interval')
    manifest = {
        **current,
        'version': version,
        'sha256': sha256,
        'bytes': len(data),
        'activations': {'int8': 'every conv: int8 in and out (scale: its peak over training faces / 255, zero '
                                'point -128), int32 biases; the last map dequantised for the float mean and heads',
                        'calibration': 'training/quantise_activations.py calibration_faces()',
                        'scales': pool['activation_scales']},
        'eval': figures,
        'evalRun': 'training/runs/%s' % pool_path.name,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + '\n')
    print('published', version, sha256)


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--variant', default='full-e20')
    parser.add_argument('--weights', choices=WEIGHTS, default='int8')
    parser.add_argument('--published', action='store_true', help='re-export the model in models/, not a checkpoint')
    parser.add_argument('--beside-shipped', metavar='VARIANT', help='publish the model in models/ and VARIANT as a pair')
    parser.add_argument('--int8-activations', action='store_true', help='re-export the model in models/ with int8 activations')
    args = parser.parse_args()
    if args.int8_activations:
        publish_int8_activations()
    elif args.beside_shipped:
        publish_pair(args.beside_shipped, args.weights)
    else:
        publish(args.variant, args.weights, args.published)
