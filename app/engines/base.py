"""The one small interface every database engine implements.

An engine makes a consistent native backup of the live database (official side)
and restores a backup without ever leaving the live database half-restored
(contingency side): restore into a staging copy, check it, then swap it in. The
promotion needs a plain DB-API connection to the live database.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, Callable, ClassVar

from ..errors import RestoreError
from ..progress import Progress
from ..settings.model import DatabaseSettings

log = logging.getLogger(__name__)
BUSY_HINT = ("close the programs connected to it (on a contingency machine the application must stay closed), "
             "or set database.busy_policy to wait.")


class Engine(ABC):
    """A database the product can back up and restore."""

    #: the value of ``database.engine`` that selects this engine
    name: ClassVar[str]
    #: DB-API paramstyle of ``connect()`` ("qmark" or "format")
    paramstyle: ClassVar[str] = "qmark"

    def __init__(self, db: DatabaseSettings) -> None:
        self.db = db

    @abstractmethod
    def describe(self) -> str:
        """Where the database is, in words for messages: 'SQLite database C:\\MGV7\\store.db'."""

    @abstractmethod
    def database_name(self) -> str:
        """The name that goes into the bundle's file name and manifest."""

    @abstractmethod
    def check(self) -> str:
        """Connect and say what was found; raise ``EngineError`` with a clear message if not."""

    @abstractmethod
    def backup(self, work_dir: Path, progress: Progress = None) -> list[Path]:
        """Write a consistent native backup of the live database into ``work_dir``.

        Returns the files written (they go into the bundle under their own names).
        """

    @abstractmethod
    def restore(self, files: list[Path], work_dir: Path, progress: Progress = None) -> str:
        """Restore ``files`` (as written by ``backup``) in place of the live database.

        Restores into a staging copy, checks it, then swaps it in; when anything
        fails, the live database keeps its previous data. Returns the check's
        summary ("integrity_check ok, 12 tables").
        """

    def recover(self, work_dir: Path) -> list[str]:
        """Clean what an interrupted restore left (staging copies); say what was done."""
        return []

    @abstractmethod
    def connect(self) -> Any:
        """A DB-API connection to the live database (used by the promotion)."""

    def exists(self) -> bool:
        """Whether the live database exists (a new contingency machine may have none yet)."""
        return True

    def wait_for_other_sessions(self, live: str, count: Callable[[], int]) -> int:
        """Before the swap: fail at once (``busy_policy`` fail) or give the other sessions on
        ``live`` up to ``busy_timeout_s`` to leave. Returns how many are still there; the
        engine then ends them, as SQL Server's ROLLBACK IMMEDIATE does."""
        others = count()
        if not others:
            return 0
        if self.db.busy_policy == "fail":
            raise RestoreError(f"The live database {live} is in use by {others} other session(s).",
                               hint="The live database was not changed. " + BUSY_HINT)
        deadline = time.monotonic() + self.db.busy_timeout_s
        while others and time.monotonic() < deadline:
            time.sleep(0.5)
            others = count()
        if others:
            log.warning("Ending %d session(s) still connected to %s after %d s.", others, live,
                        self.db.busy_timeout_s)
        return others
