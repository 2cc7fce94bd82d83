#!/usr/bin/env bash
# Trains the shipped expression model from ../shared/datasets and publishes it into models/:
# .tflite + manifest + browser parity fixture. About 80 min on 1 core of this shared 2-core machine.
set -euo pipefail
cd "$(dirname "$0")"
# Debian's python3 has torch, numpy, opencv and flatbuffers; a pyenv python on PATH may not.
PYTHON="${PYTHON:-/usr/bin/python3}"
VARIANT="${1:-full-e30}"
"$PYTHON" train.py --variant "$VARIANT"
# The extension embeds each face and its mirror image; score the model the way it is used.
"$PYTHON" evaluate.py --variant "$VARIANT" --mirror-average > /dev/null
"$PYTHON" publish.py --variant "$VARIANT"
