#!/usr/bin/env bash
# Runs every test: vitest units, then end-to-end tests in Debian's Chromium with a fake camera.
# On a fresh machine it installs the system tools it needs (as root), or says how.
set -euo pipefail
cd "$(dirname "$0")/.."

# A real keyboard shortcut (the only way to grant activeTab without a click) needs an X server.
bash scripts/ensure-system-tools.sh "${CHROMIUM_PATH:-/usr/bin/chromium}:chromium" ffmpeg:ffmpeg Xvfb:xvfb xdotool:xdotool
[ -d ../shared/datasets ] || { echo "../shared (datasets, memes, models) must sit beside this repo" >&2; exit 1; }

npx tsc --noEmit
npx wxt build
npx vitest run
npx vitest run --config vitest.e2e.config.ts
