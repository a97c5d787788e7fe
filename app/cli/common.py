"""What every command group shares: the group protocol, opening an instance, failing with an
exit code, asking the operator (a password, a yes/no).

Exit codes: 0 success (or nothing to do), 1 the cycle or command failed, 2 invalid settings
or usage, 3 partial success (some destinations failed), 4 busy (another cycle holds the lock),
130 interrupted.
"""

from __future__ import annotations

import argparse
import getpass
import math
import sys
from dataclasses import dataclass
from typing import Protocol

from ..runtime.logs import setup_logging
from ..paths import Home
from ..settings.model import Settings
from ..settings.store import SettingsStore

#: what ``ArgumentParser.add_subparsers()`` returns: a group adds its commands to it
Commands = argparse._SubParsersAction

#: the answers that mean yes, in both languages the operator may type
YES = ("y", "yes", "s", "sim")


class CommandGroup(Protocol):
    """A module of commands: ``register`` adds them, each with ``func`` set to its handler,
    which takes the parsed arguments and returns the exit code."""

    def register(self, commands: Commands) -> None: ...


@dataclass
class Instance:
    home: Home
    store: SettingsStore
    settings: Settings


def open_home(args: argparse.Namespace, *, kind: str = "cli") -> Home:
    """The instance's folder, made if missing, with this kind of process's log file."""
    home = Home.resolve(getattr(args, "home", None)).ensure()
    setup_logging(home, verbose=getattr(args, "verbose", False), kind=kind)
    return home


def open_instance(args: argparse.Namespace, *, with_secrets: bool = True) -> Instance:
    home = open_home(args)
    store = SettingsStore(home)
    return Instance(home, store, store.load(with_secrets=with_secrets))


def fail(message: str, code: int = 1) -> int:
    print(f"contingencia: {message}", file=sys.stderr)
    return code


def seconds(text: str) -> float:
    """A number of seconds for an option: finite and not negative (``nan`` would wait for ever)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 up")
    return value


def read_secret(prompt: str) -> str:
    """A password: asked without echo on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def answered_yes(question: str) -> bool:
    return input(question).strip().lower() in YES
