#!/usr/bin/env bash
# The test command: installs what is missing, makes sure PostgreSQL runs, runs the whole suite.
# The FTP, SFTP, SMB and SMTP servers are started by the tests themselves on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/start-postgres.sh || echo "PostgreSQL could not be started: its tests will fail"
export QT_QPA_PLATFORM=offscreen
exec "${PYTHON:-python3}" -m pytest -q -p no:cacheprovider "$@"
