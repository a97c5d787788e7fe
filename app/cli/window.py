"""``gui``: the settings window and the tray icon, opened by the launcher.

The headless core never imports the widgets: ``launcher.console`` hands ``main`` the function
that opens the window, and ``gui`` without it says how to start it.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable

from ..paths import Home
from .common import Commands, fail, open_home

#: opens the window: ``(home, lang, check) -> exit code``
GuiRunner = Callable[[Home, "str | None", bool], int]


def register(commands: Commands) -> None:
    p = commands.add_parser("gui", help="open the settings window and the tray icon")
    p.add_argument("--check", action="store_true",
                   help="build the window, print its title and buttons, and exit (checks an install)")
    p.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    open_window: GuiRunner | None = getattr(args, "open_window", None)
    if open_window is None:
        return fail("the graphical interface is not available here: start it with 'contingencia gui'.")
    home = open_home(args, kind="window")
    return open_window(home, args.lang, getattr(args, "check", False))


def on_desktop() -> bool:
    """Whether a window can open here (``contingencia`` with no command then opens it)."""
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
