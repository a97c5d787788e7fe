#!/usr/bin/env bash
# Builds what a user installs: the wheel (dist/contingencia-*.whl, translations compiled in) and
# the frozen program (dist/contingencia/, PyInstaller, from build_spec/contingencia.spec).
# `build.sh wheel` or `build.sh frozen` builds only one. Uses the project's .venv (install.sh).
set -euo pipefail
started_in=$PWD
cd "$(dirname "$0")/.."
source scripts/venv.sh
installed_python "$started_in"
what="${1:-all}"
if [ "$what" = all ] || [ "$what" = wheel ]; then
  rm -rf build/lib dist/contingencia-*.whl
  "$PROJECT_PYTHON" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w dist . 2>&1 \
    | { grep -v "^WARNING: Location '.*' is ignored" || true; }
  ls dist/contingencia-*.whl
fi
if [ "$what" = all ] || [ "$what" = frozen ]; then
  "$PROJECT_PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    build_spec/contingencia.spec
  echo "dist/contingencia/"
fi
