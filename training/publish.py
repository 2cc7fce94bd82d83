"""Turns a trained checkpoint into what the extension ships and CI checks.

Writes models/expression-embedder.tflite, its manifest models/expression-embedder.json, and the
browser parity fixture (tests/fixtures/parity/faces.u8 + expected.json: torch's outputs for 20
aligned faces, which tests/e2e/embedding-parity.test.ts replays through tfjs-tflite).
The shipped inference embeds each face and its mirror image and averages the two (as
lib/embedding does), so the fixture and the manifest's figures come from runs/<variant>-mirror.json.
"""
import argparse
import hashlib
import json
import subprocess

import numpy as np

from align import CONTRACT
from datasets import CLASSES, aligned_crops, ferplus_records, labelled_records
from evaluate import embed
from export_tflite import OUTPUT_NAMES, export, load_model
from model import EMBEDDING_DIM
from paths import CACHE, MODELS, REPO, RUNS

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


def write_parity_fixture(model, sha256):
    faces = parity_faces()
    embedding, probabilities = embed(model, faces, mirror_average=True)
    PARITY.mkdir(parents=True, exist_ok=True)
    (PARITY / 'faces.u8').write_bytes(faces.tobytes())
    (PARITY / 'expected.json').write_text(json.dumps({
        'modelSha256': sha256, 'count': len(faces), 'size': CONTRACT['size'],
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


def publish(variant):
    run = json.loads((RUNS / ('%s.json' % variant)).read_text())
    scored = json.loads((RUNS / ('%s-mirror.json' % variant)).read_text())
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True,
                            cwd=REPO).stdout.strip()
    version = 'expr-v1-%s' % commit
    model = load_model(CACHE / ('%s.pt' % variant), run['config']['architecture'])
    data = export(model, version, MODEL_FILE)
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
        'classes': CLASSES,
        'training': {'command': 'bash training/train.sh', 'variant': variant, 'commit': commit,
                     'seconds': run['train_seconds'], 'run': 'training/runs/%s.json' % variant},
        'eval': headline(scored['figures']),
    }
    (MODELS / 'expression-embedder.json').write_text(json.dumps(manifest, indent=2) + '\n')
    print('published', version, sha256)


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--variant', default='full-e20')
    publish(parser.parse_args().variant)
