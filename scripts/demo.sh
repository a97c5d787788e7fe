#!/usr/bin/env bash
# The demo: official -> contingency -> promotion on the embedded SQLite default, no server needed.
set -euo pipefail
started_in=$PWD
cd "$(dirname "$0")/.."
source scripts/venv.sh
installed_python "$started_in" --demo
exec "$PROJECT_PYTHON" -m launcher.console demo "$@"
