"""Turns the browser detector's face dumps into the compact eye tables training aligns with.

Input: training/.cache/faces/<set>.json, written by
  npm run eval -- --dataset ../shared/datasets/<set> --dump-faces training/.cache/faces/<set>.json
(MediaPipe BlazeFace in Chromium, the product's own detector; 48x48 crops are padded 3x first).
Output: training/eyes/<set>.csv (committed), so training needs no browser and every run aligns on
the same points. Images where the detector found no face get no row: datasets.py gives them the
set's mean detected eyes.
"""
import argparse
import csv
import json

from paths import CACHE, REPO

EYES = REPO / 'training' / 'eyes'
DETECTED = {'detected', 'padded-detected'}


def import_dump(name):
    dump = json.loads((CACHE / 'faces' / ('%s.json' % name)).read_text())
    EYES.mkdir(exist_ok=True)
    rows = []
    for image in dump['images']:
        if image.get('method') not in DETECTED or image.get('largest') is None:
            continue
        keypoints = image['faces'][image['largest']]['keypoints']
        (lx, ly), (rx, ry) = sorted([tuple(keypoints[0]), tuple(keypoints[1])])
        rows.append([image['id'], lx, ly, rx, ry])
    with open(EYES / ('%s.csv' % name), 'w', newline='') as f:
        writer = csv.writer(f, lineterminator='\n')
        writer.writerow(['id', 'left_x', 'left_y', 'right_x', 'right_y'])
        writer.writerows(rows)
    print('%s: eyes for %d of %d images (%s)' % (name, len(rows), len(dump['images']), dump['summary']))


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('sets', nargs='+')
    for name in parser.parse_args().sets:
        import_dump(name)
