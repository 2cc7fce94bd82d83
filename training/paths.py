"""Where things live, relative to the repo so a clean clone works wherever ../shared sits beside it."""
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO.parent / 'shared' / 'datasets'
CACHE = REPO / 'training' / '.cache'
RUNS = REPO / 'training' / 'runs'
MODELS = REPO / 'models'
