#!/usr/bin/env bash
# Installs everything the project needs on a Debian machine: system packages for the
# test servers (OpenSSH, Samba, Xvfb, Qt's libraries) and the Python package with its extras.
# `install.sh --demo` installs only the Python package (the demo needs no server).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if [ "${1:-}" = "--demo" ]; then
  installed=$(cd / && "$PYTHON" -c "import app, isal, PySide6; import os; \
print(os.path.dirname(os.path.dirname(app.__file__)))" 2>/dev/null || true)
  [ "$installed" = "$PWD" ] || "$PYTHON" -m pip install -q --disable-pip-version-check -e .
  exit 0
fi

APT_PACKAGES=(openssh-server openssh-client samba smbclient xvfb sqlite3 zip unzip curl
              postgresql-client libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
              libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 unixodbc tdsodbc
              fonts-dejavu-core)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# (re)install when a dependency is missing or the installed package is another checkout
installed=$(cd / && "$PYTHON" -c "import app, pytestqt, pyftpdlib, aiosmtpd, isal, paramiko, smbprotocol, mssql_python_odbc; \
import os; print(os.path.dirname(os.path.dirname(app.__file__)))" 2>/dev/null || true)
if [ "$installed" != "$PWD" ]; then
  "$PYTHON" -m pip install -q --disable-pip-version-check -e ".[test]"
fi
