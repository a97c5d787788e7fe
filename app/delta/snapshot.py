"""A consistent snapshot of the live SQLite file, read page by page without writing a copy.

The online backup API writes a whole new copy for every increment (38 s at 4 GB) only for the
page hashes to find the 2 % that changed. This build of SQLite has no ``sqlite_dbpage`` table,
so the snapshot reads the database file's bytes itself, while SQLite guarantees they are a
committed state:

- **Rollback-journal mode.** A read transaction holds a SHARED lock: no writer can commit (a
  commit needs the EXCLUSIVE lock), so the file's bytes are one committed state while it is
  held. Holding it for a whole pass would block the store application's commits for as long
  (seconds at 4 GB), so the pass holds it for ``STEP_PAGES`` pages at a time and lets writers
  in between. Every commit in this mode rewrites the file change counter on page 1; the counter
  read at each step must be the first step's, or the pass starts again (a writer committed
  between steps). The last of the ``ATTEMPTS`` passes holds the lock from its first page to its
  last: the writers wait for one pass (their busy timeout), as they wait for the backup API's
  copy, which holds one read transaction over all its steps (``engines/sqlite.py``) and takes
  longer.
- **WAL mode.** A passive checkpoint first (it waits for no one and blocks no one), then the
  read transaction. The file holds the snapshot exactly when every frame the reader may see
  had been copied into it (``nBackfill == mxFrame`` in the wal-index): a reader that found
  the WAL so holds read-lock 0, and a checkpointer needs that lock exclusively to copy any
  frame into the file (wal.c, ``walCheckpoint``); a reader on another read-lock caps what a
  checkpoint may copy at its own mark. Either way nothing is written into the file while the
  transaction is held, and writers go on appending to the WAL: the pass blocks no one. When a
  commit came between the checkpoint and the read (the WAL not wholly copied), it is tried
  again, ``ATTEMPTS`` times.

Anything else (a lock that cannot be had, an application that keeps an old read open so the
WAL cannot be copied) is ``NoSnapshot``: the caller falls
back to the backup API's copy. What the snapshot yields is what that copy holds, page for page,
with two differences that are the copy's own doing: page 1 says rollback-journal mode (bytes 18
and 19, as the copy's ``journal_mode=DELETE`` makes them) and the lock-byte page (the page at
1 GiB, which SQLite never uses and Windows locks against reading) is zeros, as the backup API
leaves it; the copy's own commit also rewrites its change counter, schema cookie and
version-valid-for number in page 1's header, which the snapshot keeps as the live file has them.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .. import faults
from ..phrases import Phrase
from .sqlite_pages import PAGES_PER_BLOCK, SQLITE_MAGIC

#: pages read under one SHARED lock in rollback-journal mode (the backup API's step)
STEP_PAGES = 4096
#: passes tried before falling back to the backup API's copy
ATTEMPTS = 3
#: the wait between two tries, for the writer that committed to finish its work
RETRY_PAUSE_S = 0.2
#: SQLite's lock byte sits at 1 GiB: the page holding it is never a database page
LOCK_BYTE_OFFSET = 0x40000000
#: the wal-index header (two copies of 48 bytes, then the checkpoint info), native byte order
_WAL_INDEX = struct.Struct("=48s48sI")
_MX_FRAME = struct.Struct("=I")


class NoSnapshot(Exception):
    """No consistent snapshot could be read here and now; ``phrase`` says why."""

    def __init__(self, phrase: Phrase) -> None:
        self.phrase = phrase
        super().__init__(str(phrase))


class Changed(Exception):
    """A writer committed between two steps of a rollback-mode pass: the pass starts again."""


@dataclass
class Snapshot:
    """One read of the live file: its page size, page count and blocks of pages in order."""

    path: Path
    conn: sqlite3.Connection
    wal: bool
    page_size: int
    pages: int
    counter: bytes
    stepped: bool = True  # rollback mode: the lock let go every STEP_PAGES pages

    @property
    def lock_page(self) -> int:
        return LOCK_BYTE_OFFSET // self.page_size + 1

    def blocks(self) -> Iterator[tuple[int, bytes]]:
        """``(first page number, bytes)`` for every page, ``PAGES_PER_BLOCK`` at a time; in
        rollback mode the lock is let go every ``STEP_PAGES`` pages (``Changed`` when a
        writer committed meanwhile)."""
        with reading(self.path) as read_at:
            for first in range(1, self.pages + 1, PAGES_PER_BLOCK):
                if self.stepped and not self.wal and first > 1 and (first - 1) % STEP_PAGES == 0:
                    self._step(read_at)
                count = min(PAGES_PER_BLOCK, self.pages - first + 1)
                block = self._read(read_at, first, count)
                if first == 1 and self.wal:
                    block = block[:18] + b"\x01\x01" + block[20:]  # as journal_mode=DELETE makes it
                yield first, block

    def _read(self, read_at, first: int, count: int) -> bytes:
        """``count`` pages from page ``first``; the lock-byte page as zeros, never read."""
        size, start = self.page_size, (first - 1) * self.page_size
        if not first <= self.lock_page < first + count:
            block = read_at(start, count * size)
        else:
            before = (self.lock_page - first) * size
            block = read_at(start, before) + bytes(size) + read_at(start + before + size, (count - 1) * size - before)
        if len(block) != count * size:
            raise NoSnapshot(Phrase("the database file is shorter than its header says"))
        return block

    def _step(self, read_at) -> None:
        """Let writers in, take the lock again, and check that none committed."""
        self.conn.execute("COMMIT")
        faults.point("snapshot.step")
        _begin_read(self.conn)
        if _counter(read_at(0, 100)) != self.counter:
            raise Changed()


#: descriptors of the live files this process read while SQLite held locks on them (POSIX only)
_KEPT_OPEN: dict[tuple[int, int], int] = {}


@contextmanager
def reading(path: Path) -> Iterator[Callable[[int, int], bytes]]:
    """``read_at(offset, length)`` on ``path`` without ever dropping SQLite's locks on it.

    POSIX takes every fcntl lock a process holds on a file away when the process closes *any*
    descriptor of that file: closing the one this reads with would drop the read transaction's
    own SHARED lock (rollback mode) or its read-lock in the ``-shm`` file (WAL mode), and a
    writer or a checkpoint could change the file under the pass. So, as SQLite does with its
    own, the descriptor is kept open for the life of the process (one per live file: its
    database and ``-shm``). Windows locks belong to a handle: there it is closed (an open handle
    would keep the file from being renamed)."""
    if os.name == "nt":
        with open(path, "rb") as handle:
            def read_at(offset: int, length: int) -> bytes:
                handle.seek(offset)
                return handle.read(length)

            yield read_at
        return
    fd = _kept_open(Path(path))
    yield lambda offset, length: os.pread(fd, length, offset)


def _kept_open(path: Path) -> int:
    """The kept descriptor of ``path``'s file, opened the first time it is read (a file put in
    its place since is another file: it gets its own, and the old one stays open too)."""
    info = os.stat(path)
    key = (info.st_dev, info.st_ino)
    if key not in _KEPT_OPEN:
        fd = os.open(path, os.O_RDONLY)
        opened = os.fstat(fd)
        _KEPT_OPEN[(opened.st_dev, opened.st_ino)] = fd
        return fd
    return _KEPT_OPEN[key]


def _counter(head: bytes) -> bytes:
    """What tells committed states apart in rollback mode: the change counter, the
    version-valid-for number and the page count (bytes 24-31 and 92-95)."""
    return head[24:32] + head[92:96]


def _begin_read(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read transaction starts here


def _wal_copied(path: Path) -> bool:
    """Every frame of the WAL is in the database file (the wal-index says so, both copies of
    its header agreeing)."""
    shm = Path(str(path) + "-shm")
    if not shm.is_file():
        return False
    with reading(shm) as read_at:
        raw = read_at(0, _WAL_INDEX.size)
    if len(raw) < _WAL_INDEX.size:
        return False
    first, second, backfilled = _WAL_INDEX.unpack(raw)
    return first == second and first[12] == 1 and _MX_FRAME.unpack_from(first, 16)[0] == backfilled


def _shape(path: Path, conn: sqlite3.Connection) -> tuple[int, int, bytes]:
    """Page size, page count and change counter of the state the transaction sees."""
    with reading(path) as read_at:
        head = read_at(0, 100)
    if head[:16] != SQLITE_MAGIC:
        raise NoSnapshot(Phrase("it is not a SQLite database"))
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    if path.stat().st_size < pages * page_size:
        raise NoSnapshot(Phrase("the database file is shorter than its header says"))
    return page_size, pages, _counter(head)


def open_snapshot(path: Path, *, busy_timeout_s: float) -> Snapshot:
    """A read transaction on the live database whose file holds its snapshot, or
    ``NoSnapshot``. The caller reads ``blocks()`` and then ``close(snapshot)``."""
    path = Path(path)
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(RETRY_PAUSE_S)
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None,
                               timeout=max(busy_timeout_s, 1))
        try:
            wal = conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
            if wal:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            _begin_read(conn)
            if wal and not _wal_copied(path):
                conn.close()
                continue
            return Snapshot(path, conn, wal, *_shape(path, conn))
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise NoSnapshot(Phrase("the database cannot be read now: %1", (exc,))) from None
        except BaseException:
            conn.close()
            raise
    raise NoSnapshot(Phrase("its write-ahead log could not be checkpointed (a program keeps reading an "
                            "older state, or commits without a pause)"))


def close(snapshot: Snapshot) -> None:
    with closing(snapshot.conn):
        if snapshot.conn.in_transaction:
            snapshot.conn.execute("COMMIT")
