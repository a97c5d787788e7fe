"""Logging to a rotating file in the home's log folder; never a secret in a line."""

from __future__ import annotations

import logging

from .paths import Home

FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def setup_logging(home: Home, *, verbose: bool = False, name: str = "contingencia.log") -> None:
    root = logging.getLogger()
    if any(getattr(h, "_contingencia", False) for h in root.handlers):
        return
    from logging.handlers import RotatingFileHandler  # here: it brings socket, pickle and queue

    home.log_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(home.log_dir / name, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._contingencia = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("apscheduler", "paramiko", "smbprotocol", "spnego"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
