#!/usr/bin/env bash
# Makes sure the Debian packages that provide the given commands are installed.
# Usage: ensure-system-tools.sh COMMAND:PACKAGE ...
set -euo pipefail
need=()
for pair in "$@"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair##*:}")
done
exec bash "$(dirname "$0")/apt-install.sh" ${need[@]+"${need[@]}"}
