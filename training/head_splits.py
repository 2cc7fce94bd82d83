"""`python3 training/head_splits.py`: the seeded subject lists of the learned geometry + appearance head
(training/README.md, "Learned geometry + appearance head"). Writes training/.cache/head/lists/<name>.txt,
one subject a line, for `npm run eval -- --subjects` (what to dump) and for head-table.ts (what to fit on,
what to validate on). The in-the-wild sets have one subject per image, so a face drawn for the
validation pool is a person the head never saw.

The landmarker costs ~40 ms a face on these shared cores, so the large sets are subsampled, each
with its own seeded draw; the sizes are the ones the README states.
"""
import csv
import random

from paths import CACHE, DATASETS

SEED = 22
LISTS = CACHE / 'head' / 'lists'

# (dataset, split, draw, [(list name, how many of the draw)]): the draw is shuffled once with SEED
# and cut in order, so the pool slice never overlaps the training slice.
PLAN = [
    ('rafdb', 'train', 3000, [('rafdb-pool', 600), ('rafdb-fit', 2400)]),
    ('rafdb', 'test', 1000, [('rafdb-test', 1000)]),
    ('affectnet-sub', 'train', 3000, [('affectnet-pool', 600), ('affectnet-fit', 2400)]),
    ('cew-closed-eyes', 'train', 1187, [('cew-check', 200), ('cew-fit', 987)]),
    ('contempt-smirk', 'train', 1000, [('contempt-fit', 1000)]),
    ('ferplus', 'train', 3000, [('ferplus-fit', 3000)]),
    ('ferplus', 'valid', None, [('ferplus-valid', None)]),
]


def subjects(dataset: str, split: str) -> list[str]:
    with open(DATASETS / dataset / 'labels.csv', newline='') as f:
        rows = [row for row in csv.DictReader(f) if row.get('split') == split]
    # FER+ has no subject column: lib/eval/dataset.ts names each record `record-<index>`.
    return sorted(row.get('subject') or f"record-{row['index']}" for row in rows)


def main() -> None:
    LISTS.mkdir(parents=True, exist_ok=True)
    dumps: dict[str, list[str]] = {}
    for dataset, split, draw, cuts in PLAN:
        people = subjects(dataset, split)
        random.Random(f'{SEED}:{dataset}:{split}').shuffle(people)
        drawn = people if draw is None else people[:draw]
        at = 0
        for name, size in cuts:
            part = drawn[at:] if size is None else drawn[at:at + size]
            at += len(part)
            (LISTS / f'{name}.txt').write_text('\n'.join(part) + '\n')
            print(f'{name}: {len(part)} of {len(people)} {dataset} {split}')
        dumps.setdefault(dataset, []).extend(drawn)
    # One dump per dataset: everything drawn from it, whatever the split.
    for dataset, drawn in dumps.items():
        (LISTS / f'{dataset}.dump.txt').write_text('\n'.join(sorted(drawn)) + '\n')


if __name__ == '__main__':
    main()
