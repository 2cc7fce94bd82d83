#!/usr/bin/env bash
# Installs the given Debian packages with apt when run as root; otherwise stops with the exact
# command to run. Callers decide what is missing (commands, Python modules) and pass only that.
# Usage: apt-install.sh PACKAGE ...
set -euo pipefail
[ $# -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing $* from Debian (apt)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
else
  echo "Missing $*. Run: sudo apt-get update && sudo apt-get install -y $*" >&2
  exit 1
fi
