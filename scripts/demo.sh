#!/usr/bin/env bash
# The demo: official -> contingency -> promotion on the embedded SQLite default, no server needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --demo
exec "${PYTHON:-python3}" -m launcher.console demo "$@"
