#!/usr/bin/env bash
# The test command: installs what is missing, makes sure PostgreSQL runs, runs the whole suite.
# The FTP, SFTP, SMB and SMTP servers are started by the tests themselves on 127.0.0.1.
# The window tests (marker gui) run in a pytest process of their own: in one process shared with
# every other test, the Qt event loop crashed twice in 23 runs (see the README's Tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/start-postgres.sh || echo "PostgreSQL could not be started: its tests will fail"
export QT_QPA_PLATFORM=offscreen
status=0
for selection in "not gui" "gui"; do
  code=0
  "${PYTHON:-python3}" -m pytest -q -p no:cacheprovider -m "$selection" "$@" || code=$?
  # 5 is "no test selected" (a -k that matches only one of the two parts)
  if [ "$code" -ne 0 ] && [ "$code" -ne 5 ]; then status=$code; fi
done
exit "$status"
