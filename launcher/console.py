"""``contingencia``: the command line, with ``gui`` opening the window from ``ui``."""

from __future__ import annotations

import sys

from app import cli
from app.paths import Home


def open_window(home: Home, lang: str | None) -> int:
    """The ``gui`` command: the settings window and the tray icon."""
    try:
        from ui.app import run
    except ImportError as exc:
        return cli.fail(f"the graphical interface is not available here ({exc}).")
    return run(home, lang)


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, gui=open_window)


if __name__ == "__main__":
    sys.exit(main())
