"""``backup-now`` and ``restore-now``: one cycle of this machine's mode, now, with a progress bar."""

from __future__ import annotations

import argparse
import shutil
import sys
import time

from ..errors import ContingencyError, LockBusyError
from ..sizes import in_units
from .common import Commands, fail, open_instance, seconds

#: the exit code of each cycle result (see ``common``); a refused run ("disabled") is a usage error
EXIT = {"ok": 0, "nothing": 0, "disabled": 2, "partial": 3, "failed": 1, "rejected": 1}
COMMANDS = {"official": "backup-now", "contingency": "restore-now"}


def register(commands: Commands) -> None:
    for mode, text in (("official", "run one backup cycle now (official mode)"),
                       ("contingency", "check for a new backup and restore it now (contingency mode)")):
        p = commands.add_parser(COMMANDS[mode], help=text)
        p.add_argument("--wait", type=seconds, default=300.0,
                       help="seconds to wait when another cycle is running (default 300)")
        if mode == "official":
            p.add_argument("--accept-smaller", action="store_true",
                           help="publish even if the backup shrank beyond database.shrink_limit_pct (once)")
            p.add_argument("--full", action="store_true", dest="full_bundle",
                           help="publish a full bundle now, even between the schedule's (incremental bundles)")
        p.set_defaults(func=lambda a, m=mode: cmd_run_now(a, m))


class TerminalProgress:
    """A one-line progress bar on a terminal; silent when output is redirected."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = 0.0
        self.shown = 0  # width of the line on screen, to erase it all

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        if total:
            filled = int(20 * done / total)
            text = (f"{step:<22} [{'#' * filled}{'-' * (20 - filled)}] {100 * done / total:5.1f}% "
                    f"{in_units(done)}/{in_units(total)} MB")
        else:
            text = f"{step:<22} {in_units(done)} MB"
        text = text[: shutil.get_terminal_size().columns - 1]
        self.stream.write("\r" + text.ljust(self.shown))
        self.shown = len(text)
        self.stream.flush()

    def __enter__(self) -> "TerminalProgress":
        return self

    def __exit__(self, *exc_info) -> None:
        self.finish()  # before any message: the bar's line is erased, not the message

    def finish(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def cmd_run_now(args: argparse.Namespace, mode: str) -> int:
    from ..runs import run_once
    inst = open_instance(args)
    extra = {key: True for key in ("accept_smaller", "full_bundle") if getattr(args, key, False)}
    try:
        with TerminalProgress() as progress:
            result = run_once(inst.settings, inst.home, mode=mode, trigger="cli", on_progress=progress,
                              lock_wait_s=args.wait, **extra)
    except LockBusyError as exc:
        return fail(f"{exc} Waited {args.wait:.0f} s; try again later or use --wait.", 4)
    except ContingencyError as exc:
        return fail(str(exc))
    if result.result == "disabled":
        return fail(refused(result.details["refused"], inst.settings.mode, mode), EXIT["disabled"])
    stream = sys.stdout if result.ok else sys.stderr
    print(("" if result.ok else "contingencia: ") + result.message, file=stream)
    return EXIT.get(result.result, 1)


def refused(reason: str, configured: str, mode: str) -> str:
    """The gate's refusal said with the command to type."""
    if reason == "off":
        return ("contingency mode is off (enabled = false); turn it on with "
                "'contingencia config set enabled true'.")
    return f"this machine is in {configured} mode; '{COMMANDS[mode]}' runs only in {mode} mode."
