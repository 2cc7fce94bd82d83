#!/usr/bin/env bash
# Trains the shipped expression model from ../shared/datasets and publishes it into models/:
# .tflite + manifest + browser parity fixture. About 30 minutes on 2 CPU cores; see README.md.
set -euo pipefail
cd "$(dirname "$0")"
# Debian's python3 has torch, numpy, opencv and flatbuffers; a pyenv python on PATH may not.
PYTHON="${PYTHON:-/usr/bin/python3}"
VARIANT="${1:-full}"
"$PYTHON" train.py --variant "$VARIANT"
"$PYTHON" publish.py --variant "$VARIANT"
