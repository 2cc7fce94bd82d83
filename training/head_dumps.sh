#!/usr/bin/env bash
# The vector dumps the learned head trains and is judged on (training/README.md, "Learned geometry +
# appearance head"), made by the product's own pipeline in Chromium, one browser at a time, most
# needed first so that an interrupted run still leaves the validation pool. Run
# `python3 training/head_splits.py` first. A dump already written is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
out=training/.cache/head/dumps
lists=training/.cache/head/lists
mkdir -p "$out"
# name  dataset  subjects list ('-': every face)
plan=(
  "kdef-dev kdef-dev -"
  "ckplus48 ckplus48 -"
  "rafdb rafdb $lists/rafdb.dump.txt"
  "affectnet-sub affectnet-sub $lists/affectnet-sub.dump.txt"
  "ferplus-valid ferplus $lists/ferplus-valid.txt"
  "tcce-dev tcce-dev -"
  "yalefaces yalefaces -"
  "cew-closed-eyes cew-closed-eyes -"
  "contempt-smirk contempt-smirk $lists/contempt-smirk.dump.txt"
  "ferplus-fit ferplus $lists/ferplus-fit.txt"
)
for entry in "${plan[@]}"; do
  read -r name dataset subjects <<<"$entry"
  for embedder in ours landmarker; do
    file="$out/$name.$embedder.csv"
    [[ -s "$file" ]] && continue
    args=(--dataset "../shared/datasets/$dataset" --embedder "$embedder" --dump-vectors "$file.part")
    [[ "$subjects" != - ]] && args+=(--subjects "$subjects")
    started=$(date +%s)
    npm run -s eval -- "${args[@]}"
    mv "$file.part" "$file"
    echo "$name × $embedder: $(( $(date +%s) - started )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
