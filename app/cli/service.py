"""``service``: the worker in this process, the configured mode's cycle on schedule."""

from __future__ import annotations

import argparse

from ..errors import ContingencyError, LockBusyError
from .common import Commands, fail, open_home


def register(commands: Commands) -> None:
    commands.add_parser("service", help="run the worker: the configured mode's cycle on schedule"
                        ).set_defaults(func=cmd_service)


def cmd_service(args: argparse.Namespace) -> int:
    from ..runtime.service import Service
    home = open_home(args, kind="service")
    try:
        return Service(home).run_forever()
    except ContingencyError as exc:
        return fail(str(exc), 4 if isinstance(exc, LockBusyError) else 1)
