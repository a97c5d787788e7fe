# Sourced by the scripts: the project's Python, in a virtual environment of its own.
#
# PYTHON, when given (absolute, relative to where the command was started, or a name on PATH),
# is either a virtual environment's interpreter, used as it is, or a base interpreter that
# .venv is made from. Without it, .venv is made from python3. Never the system Python itself:
# Debian's is externally managed (PEP 668).
# shellcheck shell=bash

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "error: '$*' needs root, and sudo is not installed" >&2; return 1
  fi
}

# Debian packages not installed yet, from the list in the arguments (no network: dpkg only).
missing_debs() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_debs() {
  command -v dpkg-query >/dev/null || return 0  # not Debian: the packages are up to the machine
  local missing
  mapfile -t missing < <(missing_debs "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  # a fresh Debian runs its daily apt jobs at boot: wait for their lock instead of failing
  local wait_lock=(-o DPkg::Lock::Timeout=600)
  as_root apt-get "${wait_lock[@]}" update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${wait_lock[@]}" install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# A relative PYTHON made absolute (the scripts change folder). $1: where the command started.
absolute_python() {
  if [ -n "${PYTHON:-}" ] && [[ "$PYTHON" == */* ]] && [[ "$PYTHON" != /* ]]; then
    PYTHON="$1/$PYTHON"
  fi
  [ -z "${PYTHON:-}" ] || export PYTHON
}

# Sets PROJECT_PYTHON (the interpreter every script runs) and BASE_PYTHON (what .venv is made
# from, empty when PYTHON is already a virtual environment's). $1: where the command started.
choose_python() {
  absolute_python "$1"
  local given="${PYTHON:-}"
  if [ -n "$given" ] && "$given" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)' 2>/dev/null; then
    PROJECT_PYTHON="$given"; BASE_PYTHON=""
  else
    BASE_PYTHON="${given:-python3}"
    PROJECT_PYTHON="$PWD/.venv/bin/python"
    command -v "$BASE_PYTHON" >/dev/null || {
      echo "error: $BASE_PYTHON not found: install Python 3.11 or newer (apt-get install python3)" >&2
      return 1
    }
  fi
}

# What demo.sh, test.sh and build.sh do first: install.sh with the given arguments, then the
# project's interpreter in PROJECT_PYTHON. $1: where the command started; the rest: install.sh's.
installed_python() {
  local started_in="$1"; shift
  absolute_python "$started_in"
  bash scripts/install.sh "$@"
  choose_python "$started_in"
}

# The Debian package that gives the base interpreter its venv module, when it is Debian's.
venv_debs() {
  [ -n "$BASE_PYTHON" ] && [ ! -x "$PROJECT_PYTHON" ] || return 0
  case "$(readlink -f "$(command -v "$BASE_PYTHON")")" in
    /usr/bin/python3*) echo python3-venv ;;
  esac
}

make_venv() {
  [ -n "$BASE_PYTHON" ] && [ ! -x "$PROJECT_PYTHON" ] || return 0
  echo "making the virtual environment .venv from $BASE_PYTHON"
  "$BASE_PYTHON" -m venv .venv
}

# pip, without the warnings that a pip.conf naming local indexes that lack a package gives
pip_quiet() {
  "$PROJECT_PYTHON" -m pip -q --disable-pip-version-check "$@" 2>&1 \
    | { grep -v "^WARNING: Location '.*' is ignored" || true; }
}

# pip install the checkout (editable) with the given extras (none: the demo's), unless the stamp
# says this checkout, with this pyproject.toml, is installed with them (or with more: any, for
# the demo).
install_project() {
  local extras="$1" stamp key spec=".[$1]"
  stamp="$(dirname "$PROJECT_PYTHON")/../.contingencia-installed"
  key="$(sha256sum pyproject.toml | cut -c1-16) $PWD ["
  [ -n "$extras" ] || spec="."
  if [ -f "$stamp" ] && (cd / && "$PROJECT_PYTHON" -c "import app, launcher") 2>/dev/null; then
    if [ -z "$extras" ] && grep -qF "$key" "$stamp"; then return 0; fi
    if grep -qxF "$key$extras]" "$stamp"; then return 0; fi
  fi
  echo "installing the Python packages into $(cd "$(dirname "$PROJECT_PYTHON")/.." && pwd)"
  # the build's own requirements (pyproject.toml's build-system) into the venv, then no isolated
  # build environment: PySide6 is downloaded and installed once, not twice
  local requires
  requires=$(mktemp)
  "$PROJECT_PYTHON" -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))' \
    > "$requires"
  pip_quiet install -r "$requires"
  rm -f "$requires"
  pip_quiet install --no-build-isolation -e "$spec"
  echo "$key$extras]" >> "$stamp"
}
