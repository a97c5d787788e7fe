"""``contingencia``: the command line, with ``gui`` opening the window from ``ui``."""

from __future__ import annotations

import sys

from app import cli
from app.cli.common import fail
from app.paths import Home


def open_window(home: Home, lang: str | None, check: bool = False) -> int:
    """The ``gui`` command: the settings window and the tray icon (``--check``: built, shown, closed)."""
    try:
        from ui.app import GuiApp, run
    except ImportError as exc:
        return fail(f"the graphical interface is not available here ({exc}).")
    if not check:
        return run(home, lang)
    return check_window(GuiApp(home, lang))


def check_window(gui) -> int:
    """Print what the window shows (title, buttons), in the interface's language, then close it."""
    from PySide6.QtWidgets import QPushButton

    gui.show_window()
    gui.qt.processEvents()
    print(gui.window.windowTitle())
    for button in gui.window.findChildren(QPushButton):
        if button.isVisible() and button.text():
            print(button.text())
    gui.window.shutdown()
    gui.poller.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, gui=open_window)


if __name__ == "__main__":
    sys.exit(main())
