#!/usr/bin/env bash
# Installs what the project needs on a Debian machine: the Debian packages (Qt's libraries,
# the test servers: OpenSSH, Samba, PostgreSQL, Xvfb) with sudo when not root, and the Python
# package with its extras into the project's own virtual environment .venv (see venv.sh).
# `install.sh --demo` installs only what the demo needs (no server; of Qt only QtCore's libglib).
# Idempotent: a second run only checks (dpkg and a stamp in the venv), with no network.
set -euo pipefail
started_in=$PWD
cd "$(dirname "$0")/.."
# shellcheck source=scripts/venv.sh
source scripts/venv.sh
choose_python "$started_in"

if [ "${1:-}" = "--demo" ]; then
  # shellcheck disable=SC2046
  install_debs libglib2.0-0 $(venv_debs)  # QtCore (the settings are QSettings) needs it
  make_venv
  install_project ""
  exit 0
fi

# Qt's libraries (PySide6 imports libglib and libEGL even offscreen), the test servers and tools.
DEBS=(libglib2.0-0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
      libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
      libxcb-randr0 libxcb-render-util0 libxcb-image0 libx11-xcb1 fonts-dejavu-core
      openssh-server openssh-client samba smbclient xvfb sqlite3 zip unzip curl
      postgresql postgresql-client unixodbc tdsodbc binutils)
# shellcheck disable=SC2046
install_debs "${DEBS[@]}" $(venv_debs)
make_venv
install_project test,build
