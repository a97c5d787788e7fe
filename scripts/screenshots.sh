#!/usr/bin/env bash
# Update the pictures in docs/screenshots/: the screenshot tests, told to write there.
# The test suite itself renders into a temporary folder and never touches tracked files.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export CONTINGENCIA_SCREENSHOTS="$PWD/docs/screenshots"
mkdir -p "$CONTINGENCIA_SCREENSHOTS"
"${PYTHON:-python3}" -m pytest -q -p no:cacheprovider tests/test_screenshots.py tests/test_wizard_screenshots.py "$@"
