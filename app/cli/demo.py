"""``demo``: the whole official -> contingency -> promotion cycle on SQLite, in a folder of its own."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ContingencyError
from .common import Commands, fail


def register(commands: Commands) -> None:
    p = commands.add_parser("demo", help="the whole official -> contingency -> promotion cycle on SQLite, "
                                         "no server needed")
    p.add_argument("--keep", action="store_true", help="keep the demo folder and print where it is")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo import run_demo
    try:
        return run_demo(Path(args.home) if args.home else None, keep=args.keep)
    except ContingencyError as exc:
        return fail(str(exc))
