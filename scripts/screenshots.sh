#!/usr/bin/env bash
# Update the pictures in docs/screenshots/: the screenshot tests, told to write there.
# The test suite itself renders into a temporary folder and never touches tracked files.
# It runs in the project's .venv (installed first, as the test command does): the system's
# python3 has no pytest on a fresh machine.
set -euo pipefail
started_in=$PWD
cd "$(dirname "$0")/.."
source scripts/venv.sh
installed_python "$started_in"
export QT_QPA_PLATFORM=offscreen
export CONTINGENCIA_SCREENSHOTS="$PWD/docs/screenshots"
mkdir -p "$CONTINGENCIA_SCREENSHOTS"
"$PROJECT_PYTHON" -m pytest -q -p no:cacheprovider tests/test_screenshots.py tests/test_wizard_screenshots.py "$@"
