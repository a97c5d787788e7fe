"""Logging to a rotating file in the home's log folder, one file per kind of process; never a secret.

The service, the window and the command line each write their own file (``service.log``,
``window.log``, ``cli.log``), so the long-running service never shares a file with the short
commands. Several processes of one kind can still share a file (two command lines at once): their
rollover is the shared one of ``app.runtime.logfile``.
"""

from __future__ import annotations

import logging

from ..paths import Home

FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
KINDS = ("service", "window", "cli")
MAX_BYTES = 5_000_000
BACKUPS = 5


def setup_logging(home: Home, *, verbose: bool = False, kind: str = "cli") -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown log kind {kind!r}")
    root = logging.getLogger()
    if any(getattr(h, "_contingencia", False) for h in root.handlers):
        return
    from .logfile import SharedRotatingFileHandler  # here: logging.handlers brings socket, pickle and queue

    home.log_dir.mkdir(parents=True, exist_ok=True)
    handler = SharedRotatingFileHandler(home.log_dir / f"{kind}.log", maxBytes=MAX_BYTES,
                                        backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._contingencia = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("apscheduler", "paramiko", "smbprotocol", "spnego"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
