#!/usr/bin/env bash
# The demo: official -> contingency -> promotion on the embedded SQLite default, no server needed.
set -euo pipefail
started_in=$PWD
cd "$(dirname "$0")/.."
source scripts/venv.sh
absolute_python "$started_in"
bash scripts/install.sh --demo
choose_python "$started_in"
exec "$PROJECT_PYTHON" -m launcher.console demo "$@"
