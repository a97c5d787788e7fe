"""``contingencia ...``: the command line, a face above the core.

One module a command group, each adding its commands through ``register`` (the
``common.CommandGroup`` protocol); ``GROUPS`` lists them in the order ``--help`` shows them.
They are imported here by name, so an import graph (and PyInstaller's analysis) sees every one.
A group imports the heavy parts of the core inside its commands: ``--help``, ``status`` and
``config`` start without the scheduler, SMTP, deflate or keyring.

Exit codes and the shared helpers are in ``common``. No traceback reaches the user: ``main``
turns every error into one line (the log has the traceback).
"""

from __future__ import annotations

import argparse
import logging

from .. import __version__
from ..errors import ContingencyError
from ..settings.store import SettingsInvalid
from . import config, connection, cycle, demo, notify, promotion, rejected, service, status, verify, window
from .common import CommandGroup, fail
from .window import GuiRunner, cmd_gui, on_desktop

log = logging.getLogger(__name__)

GROUPS: tuple[CommandGroup, ...] = (window, service, cycle, rejected, status, connection, verify, demo,
                                    config, notify, promotion)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contingencia",
        description="Warm standby of a store-management server: backups shipped, verified, restored, promoted.")
    parser.add_argument("--version", action="version", version=f"contingencia {__version__}")
    parser.add_argument("--home", default=None,
                        help="folder of this instance's settings, journal, logs and work files "
                             "(default: $CONTINGENCIA_HOME, or the usual per-user place)")
    parser.add_argument("--lang", default=None, help="interface language: en or pt_BR (default: the system's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug lines in the log")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    _accept_global_options_everywhere(parser)
    return parser


def _accept_global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let ``--home``, ``--lang`` and ``-v`` stand after the command too (``contingencia demo --home X``)."""
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        for child in action.choices.values():
            child.add_argument("--home", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
            child.add_argument("--lang", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
            child.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                               help=argparse.SUPPRESS)
            _accept_global_options_everywhere(child)


def main(argv: list[str] | None = None, gui: GuiRunner | None = None) -> int:
    """The command line; ``gui`` opens the window (see ``launcher.console``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.open_window = gui
    if args.command is None:
        if on_desktop() and gui is not None:
            return cmd_gui(args)
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except SettingsInvalid as exc:
        return fail(str(exc), 2)
    except ContingencyError as exc:
        log.exception("command failed")
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted.", 130)
    except OSError as exc:  # a home that is a file, a folder without rights: said, not a traceback
        log.debug("command failed", exc_info=True)
        where = f" ({exc.filename})" if exc.filename else ""
        return fail(f"{exc.strerror or exc}{where}. Check --home and the rights on that folder.")
    except Exception as exc:  # a bug: one line here, the traceback in the log
        log.exception("command failed unexpectedly")
        return fail(f"unexpected error: {type(exc).__name__}: {str(exc)[:200]} (details in the log).")
