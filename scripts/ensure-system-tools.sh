#!/usr/bin/env bash
# Makes sure the Debian packages that provide the given commands are installed: installs them
# with apt when run as root, otherwise stops with the exact command to run.
# Usage: ensure-system-tools.sh COMMAND:PACKAGE ...
set -euo pipefail
need=()
for pair in "$@"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair##*:}")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing ${need[*]} from Debian (apt)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Missing ${need[*]}. Run: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
