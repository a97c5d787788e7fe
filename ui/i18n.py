"""Translations: compile the .ts sources into .qm files and install them.

The .qm files are build products (git-ignored). ``ensure_compiled`` rebuilds a
.qm when it is missing or older than its .ts, with Qt's ``lrelease`` when one is
found (PySide6 ships one) and otherwise with the small writer in ``ui/qm.py``,
so a fresh checkout always gets its translations.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from . import qm

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
I18N_DIR = ROOT / "resources" / "i18n"
DOMAIN = "contingencia"
DEFAULT_FOREIGN = "pt_BR"

# Keep the translators alive: QCoreApplication does not own them.
_installed: list[QTranslator] = []


def _lrelease() -> str | None:
    """Qt's lrelease: the one inside PySide6 first, then any on PATH."""
    try:
        import PySide6
        bundled = Path(PySide6.__file__).parent / ("lrelease.exe" if os.name == "nt" else "lrelease")
        if bundled.is_file():
            return str(bundled)
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        pass
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_ts(ts: Path, target: Path) -> Path:
    """Compile one .ts file; falls back to the pure-Python writer if lrelease fails."""
    tool = _lrelease()
    if tool:
        done = subprocess.run([tool, "-silent", str(ts), "-qm", str(target)],
                              capture_output=True, text=True, timeout=60)
        if done.returncode == 0 and target.is_file():
            return target
        log.warning("lrelease failed (%s); using the built-in .qm writer", done.stderr.strip())
    qm.write_qm(qm.read_ts(ts), target)
    return target


def ensure_compiled(folder: Path = I18N_DIR) -> list[Path]:
    """Every .ts in ``folder`` has an up-to-date .qm next to it."""
    compiled = []
    for ts in sorted(folder.glob("*.ts")):
        target = ts.with_suffix(".qm")
        if not target.is_file() or target.stat().st_mtime < ts.stat().st_mtime:
            compile_ts(ts, target)
        compiled.append(target)
    return compiled


_language = ["en"]


def choose_language(lang: str | None) -> str:
    """``lang`` when given ("en", "pt_BR"), else pt_BR on a Portuguese system, else English."""
    if lang:
        return lang
    return DEFAULT_FOREIGN if QLocale.system().name().lower().startswith("pt") else "en"


def current_language() -> str:
    """The interface's language since ``install`` ("en" before it)."""
    return _language[0]


def install(app: QCoreApplication, lang: str | None) -> str:
    """Install our translation and Qt's own (button texts of standard dialogs)."""
    chosen = choose_language(lang)
    _language[0] = "en" if chosen.lower().startswith("en") else chosen
    if chosen.lower().startswith("en"):
        return "en"
    try:
        ensure_compiled()
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        log.warning("translations could not be compiled: %s", exc)
    # contingencia_pt_BR.qm, plus any other <part>_pt_BR.qm a screen ships on its own
    found = sorted(I18N_DIR.glob(f"*_{chosen}.qm"))
    for path in found:
        ours = QTranslator(app)
        if ours.load(str(path)):
            app.installTranslator(ours)
            _installed.append(ours)
    if not found:
        log.warning("no translation for %s in %s", chosen, I18N_DIR)
    qt = QTranslator(app)
    if qt.load(QLocale(chosen), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return chosen


def uninstall(app: QCoreApplication) -> None:
    """Back to English (tests switch languages within one process)."""
    _language[0] = "en"
    while _installed:
        app.removeTranslator(_installed.pop())
