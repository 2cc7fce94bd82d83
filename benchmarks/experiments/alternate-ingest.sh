#!/bin/bash
# Runs benchmarks/ingest.ts on two builds in turn, the order swapped every round, and prints one
# JSON line per run: where two builds differ by less than this machine drifts within an hour,
# only alternated runs can tell them apart.
#   bash benchmarks/experiments/alternate-ingest.sh /tmp/build-a /tmp/build-b [rounds]
# Each build is a copy of .output/chrome-mv3; the current build is put back afterwards.
set -euo pipefail
a=$1 b=$2 rounds=${3:-3}
cd "$(dirname "$0")/../.."
saved=$(mktemp -d)
cp -r .output/chrome-mv3 "$saved/"
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="$a $b"; else order="$b $a"; fi
  for build in $order; do
    rm -rf .output/chrome-mv3 && cp -r "$build" .output/chrome-mv3
    npx tsx benchmarks/ingest.ts > /dev/null
    ROUND=$round BUILD=$build node -e "
      const r = require('./benchmarks/results/ingest.json');
      console.log(JSON.stringify({ round: +process.env.ROUND, build: process.env.BUILD, load: r.loadAverage,
        imagesPerSecond: r.imagesPerSecond, cpuMsPerImage: r.cpuMsPerImage, faces: r.faces,
        imagesWithFace: r.imagesWithFace, byThread: r.cpuMsPerImageByThread }));"
  done
done
rm -rf .output/chrome-mv3 && cp -r "$saved/chrome-mv3" .output/ && rm -rf "$saved"
git checkout benchmarks/results/ingest.json
