#!/usr/bin/env bash
# Runs every test: vitest units, then end-to-end tests in Debian's Chromium with a fake camera.
# On a fresh machine it installs the two system tools it needs (as root), or says how.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1 || need+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
# A real keyboard shortcut (the only way to grant activeTab without a click) needs an X server.
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need[*]} from Debian (apt)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing ${need[*]}. Run: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
[ -d ../shared/datasets ] || { echo "../shared (datasets, memes, models) must sit beside this repo" >&2; exit 1; }

npx tsc --noEmit
npx wxt build
npx vitest run
npx vitest run --config vitest.e2e.config.ts
