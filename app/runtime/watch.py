"""Continuous incremental bundles (SQLite): is there a committed change since the last cycle?

``PRAGMA data_version`` on one read connection kept open: SQLite changes the number it returns
whenever another connection, of any process, committed to the file since this connection last
asked. Correct in both journal modes (a rollback journal: the file's change counter, read under a
shared lock; WAL: the wal-index), cheap on any system (a read transaction on the header or the
wal-index, no page read), and unlike a file's size or modification time it is not fooled by a
WAL file reused at the same size, nor by a file system that updates the time lazily (NTFS). It
holds no lock between two questions, so the store's writes never wait for it. A checkpoint moves
the number too: at worst one cycle with nothing changed, which makes a small increment.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class ChangeWatch:
    """The live database's ``data_version``, asked from the worker's tick and from a cycle's start."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # the tick and a cycle's thread both ask

    def version(self) -> int | None:
        """The current number, or None when the file cannot be read now (the next tick asks again)."""
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1,
                                                 check_same_thread=False)
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                log.debug("data_version of %s: %s", self.path, exc)
                self._close()
                return None

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
