"""Translations: the compiled .qm files shipped inside the package, installed into Qt.

The .ts sources are in ``ui/translations``; the .qm files are build products (git-ignored),
compiled at build time with Qt's ``lrelease`` (PySide6 ships one; ``ui/qm.py`` writes them when
it is missing): the wheel's build step (``setup.py``), the frozen build (the PyInstaller spec),
and for a checkout ``python -m ui.i18n`` (``scripts/install.sh`` runs it). Nothing is written at
run time: an install folder may be read-only.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from . import qm

log = logging.getLogger(__name__)

SOURCE_DIR = Path(__file__).resolve().parent / "translations"
DOMAIN = "contingencia"
DEFAULT_FOREIGN = "pt_BR"

# Keep the translators alive: QCoreApplication does not own them.
_installed: list[QTranslator] = []
_files = ExitStack()  # a .qm read from a zip is extracted for as long as the program runs


def _lrelease() -> str | None:
    return qm.find_lrelease()


def compile_ts(ts: Path, target: Path) -> Path:
    """Compile one .ts file; falls back to the pure-Python writer if lrelease fails."""
    return qm.compile_ts(ts, target, _lrelease())


def ensure_compiled(folder: Path = SOURCE_DIR) -> list[Path]:
    """Every .ts in ``folder`` has an up-to-date .qm next to it (a build step, never run time)."""
    return qm.compile_folder(folder, folder, _lrelease())


def shipped_translations(lang: str) -> list:
    """The package's ``*_<lang>.qm`` files, as importlib resources."""
    folder = resources.files(__package__) / "translations"
    if not folder.is_dir():
        return []
    return sorted((item for item in folder.iterdir() if item.name.endswith(f"_{lang}.qm")),
                  key=lambda item: item.name)


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
    # contingencia_pt_BR.qm, plus any other <part>_pt_BR.qm a screen ships on its own
    found = shipped_translations(chosen)
    for item in found:
        ours = QTranslator(app)
        if ours.load(str(_files.enter_context(resources.as_file(item)))):
            app.installTranslator(ours)
            _installed.append(ours)
    if not found:
        log.warning("no compiled translation for %s in the package (a checkout compiles them with "
                    "'python -m ui.i18n')", chosen)
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


def main() -> int:
    """``python -m ui.i18n``: compile the checkout's translations (the build does it for the wheel)."""
    for path in ensure_compiled():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
