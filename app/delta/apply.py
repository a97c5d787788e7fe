"""A page delta applied to the live SQLite file in place, under a rollback journal of its old pages.

Copying the whole base for every increment costs the database's size; patching it in place costs
the change's. The discipline is SQLite's own rollback journal, and the journal *is* one, in
SQLite's format (https://www.sqlite.org/fileformat.html#the_rollback_journal), so SQLite itself
undoes an interrupted patch:

1. with the live file's exclusive lock held, the pages the delta overwrites (and those a shrink
   cuts off) are read, checked against the delta's digest of the official's base pages, and
   written with the original page count into ``<db>-journal`` (as ``.part``, fsynced, renamed,
   the folder fsynced): from here a kill leaves a *hot journal*, which the next connection to
   the file (this program's or any other) plays back before it reads a page;
2. the delta's pages are written in place, the file is cut or extended to the official's page
   count and fsynced;
3. the journal is renamed to ``<db>.ctg-journal``: SQLite no longer sees it, so the check's own
   connection reads the patched file instead of rolling it back; the patched file is complete
   from here on;
4. ``quick_check`` (or ``integrity_check``) on a fresh connection holding the exclusive lock (unless
   ``contingency.increment_check`` is ``pages``); a failure plays the journal back (renamed to
   ``-journal`` again, then opened);
5. the caller records what is now live (``on_checked``), then the journal is deleted: the commit.

``recover`` handles what a kill leaves: a ``-journal`` is played back by opening the file; a
``.ctg-journal`` is deleted when the journal of this machine already records the patch as applied
(killed between 5's record and its delete), else renamed back and played back. Either way the
live file is the old copy or the new one, whole.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .. import faults
from ..atomic import PART_SUFFIX, WriteBehind, fsync_dir, written_as
from ..errors import BadBackupError
from ..phrases import Phrase, said
from .sqlite_pages import DeltaHeader, _records, _wrong_base, check_records, copy_shape, read_header

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
#: the journal header's sector: SQLite pads its header to it and reads the pages after it
SECTOR = 512
OUR_JOURNAL_SUFFIX = ".ctg-journal"
#: pages written between two fault points / progress reports, and the longest run read or written at once
PAGES_PER_WRITE = 256
#: bytes written between two write-outs asked of the disk in the background (journal and pages)
WRITE_BEHIND = 8 << 20


@dataclass(frozen=True)
class LiveIdentity:
    """What the contingency knows of its live file without reading it whole: the sha256 of the
    official's copy it is, its size, and the sha256 of its first page (SQLite rewrites page 1,
    its change counter, at every write: a file written by anyone since is told apart)."""

    sha256: str
    size: int
    page1_sha256: str

    def to_data(self) -> dict:
        return {"result_sha256": self.sha256, "size": self.size, "page1_sha256": self.page1_sha256}

    @classmethod
    def from_data(cls, data: dict) -> "LiveIdentity | None":
        try:
            return cls(str(data["result_sha256"]), int(data["size"]), str(data["page1_sha256"]))
        except (KeyError, TypeError, ValueError):
            return None


def identity_of(path: Path, sha256: str, handle=None) -> LiveIdentity:
    """The identity of ``path``, known to be the official's copy of sha256 ``sha256``; read
    through ``handle`` (an open descriptor of ``path``) when given, as ``copy_shape`` is."""
    path = Path(path)
    if handle is None:
        with open(path, "rb") as own:
            return identity_of(path, sha256, own)
    shape = copy_shape(path, handle)
    handle.seek(0)
    page1 = handle.read(shape.page_size)
    return LiveIdentity(sha256, os.fstat(handle.fileno()).st_size, hashlib.sha256(page1).hexdigest())


def journal_path(live: Path) -> Path:
    return Path(str(live) + "-journal")


def our_journal_path(live: Path) -> Path:
    return Path(str(live) + OUR_JOURNAL_SUFFIX)


def _checksum(nonce: int, page: bytes) -> int:
    """SQLite's journal checksum: the nonce plus every 200th byte from the page's end (the bytes at
    len - 200, len - 400, ... down to, not including, index 0)."""
    return (nonce + sum(page[len(page) - 200:0:-200])) & 0xFFFFFFFF


def _journal_header(records: int, nonce: int, pages: int, page_size: int) -> bytes:
    head = JOURNAL_MAGIC + struct.pack(">IIIII", records, nonce, pages, SECTOR, page_size)
    return head.ljust(SECTOR, b"\0")


def apply_in_place(delta: Path, live: Path, expected: LiveIdentity, *, thorough: bool, quick: bool = True,
                   lock: Callable[[], sqlite3.Connection],
                   on_checked: Callable[[DeltaHeader, str], None]) -> tuple[DeltaHeader, str]:
    """Patch ``live`` into the official's copy ``delta`` describes; ``(header, check summary)``.

    ``expected`` is what the journal says ``live`` is; ``lock`` takes its exclusive lock (the
    engine's, with its busy policy). ``quick`` False skips the quick_check (``thorough`` still runs
    the integrity_check): the pages the patch overwrites and writes are checked by their sha256. Refused (``DeltaRefused``) before anything is written for a
    damaged delta or another base; ``BadBackupError`` after a failed check (the file rolled back)."""
    delta, live = Path(delta), Path(live)
    header = read_header(delta)
    numbers = check_records(delta, header)
    if header.base_sha256 != expected.sha256:
        raise _wrong_base(delta, live, Phrase("it is the official's copy %1, the delta's base is %2",
                                              (expected.sha256[:12], header.base_sha256[:12])))
    # One descriptor of the live file for the whole patch, closed after the lock is let go: SQLite's
    # lock is a POSIX lock, per process and file, so closing any other descriptor would drop it.
    with open(live, "r+b") as handle:
        holder = lock()
        try:
            _check_live(delta, live, header, expected, handle)
            _write_journal(delta, live, header, handle, numbers)
            faults.point("delta.journal-written")
            _write_pages(delta, header, handle)
            os.replace(journal_path(live), our_journal_path(live))
            fsync_dir(live.parent)
            faults.point("delta.patched")
        finally:
            holder.close()
    summary = _check(live, thorough) if thorough or quick else f"{header.changed} pages checked by sha256"
    faults.point("delta.checked")
    on_checked(header, summary)
    faults.point("delta.recorded")
    commit(live)
    return header, summary


def _check_live(delta: Path, live: Path, header: DeltaHeader, expected: LiveIdentity, handle) -> None:
    shape = copy_shape(live, handle)
    if shape.page_size != header.page_size or shape.pages != header.base_pages:
        raise _wrong_base(delta, live, Phrase("it has %1 pages of %2 bytes, the delta's base %3 of %4",
                                              (shape.pages, shape.page_size, header.base_pages, header.page_size)))
    now = identity_of(live, expected.sha256, handle)
    if now != expected:
        raise _wrong_base(delta, live, Phrase("it was changed on this machine since the last restore"))


def runs(numbers: list[int], longest: int = PAGES_PER_WRITE) -> Iterator[tuple[int, int]]:
    """``(first page, count)`` of each run of consecutive numbers (ascending), at most ``longest``
    long: one read or one write a run instead of one a page."""
    start = count = 0
    for number in numbers:
        if count and number == start + count and count < longest:
            count += 1
            continue
        if count:
            yield start, count
        start, count = number, 1
    if count:
        yield start, count


def _prefetch(handle, old: list[int], page_size: int) -> None:
    """Ask the system for every old page at once (it reads them in parallel, in the background),
    so that the journal's reads, one a run, find them in its cache; nothing where it cannot."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for first, count in runs(old, longest=1 << 30):
        advise(handle.fileno(), (first - 1) * page_size, count * page_size, os.POSIX_FADV_WILLNEED)


def _write_journal(delta: Path, live: Path, header: DeltaHeader, handle, numbers: list[int]) -> None:
    """The old pages, checked against the official's base pages, in a hot journal on disk."""
    page_size = header.page_size
    changed = [n for n in numbers if n <= header.base_pages]
    cut = range(header.target_pages + 1, header.base_pages + 1)  # a shrink: pages cut off (after the changed)
    old = changed + list(cut)
    _prefetch(handle, old, page_size)
    nonce = int.from_bytes(os.urandom(4), "little")
    digest = hashlib.sha256()
    part = journal_path(live).with_name(journal_path(live).name + PART_SUFFIX)
    with written_as(part, journal_path(live)) as out:
        behind = WriteBehind(out.fileno(), every=WRITE_BEHIND)  # the disk takes the journal while pages are read
        try:
            out.write(_journal_header(len(old), nonce, header.base_pages, page_size))
            for first, count in runs(old):
                handle.seek((first - 1) * page_size)
                block = handle.read(count * page_size)
                records = []
                for index in range(count):
                    page = block[index * page_size:(index + 1) * page_size]
                    if first + index <= header.target_pages:  # a changed page (the cut ones come after them)
                        digest.update(page)
                    records += (struct.pack(">I", first + index), page, struct.pack(">I", _checksum(nonce, page)))
                out.write(b"".join(records))
                behind.wrote(count * (page_size + 8))
            if digest.hexdigest() != header.base_pages_sha256:
                raise _wrong_base(delta, live, Phrase("the pages it changes are not the official's base pages"))
            out.flush()
        finally:
            behind.close()


def _write_pages(delta: Path, header: DeltaHeader, handle) -> None:
    """The delta's pages in place, one write a run of consecutive pages; the disk starts on them
    while the rest is written (the journal is on disk already: any order is safe)."""
    page_size = header.page_size
    behind = WriteBehind(handle.fileno(), every=WRITE_BEHIND)
    try:
        pending: list[bytes] = []
        first = written = 0
        for number, page, _ in _records(delta, header):
            if pending and (number != first + len(pending) or len(pending) == PAGES_PER_WRITE):
                written = _write_run(handle, first, pending, page_size, behind, written)
            if not pending:
                first = number
            pending.append(page)
        if pending:
            _write_run(handle, first, pending, page_size, behind, written)
        handle.truncate(header.target_pages * page_size)
        handle.flush()
    finally:
        behind.close()
    os.fsync(handle.fileno())
    faults.point("delta.page-written")


def _write_run(handle, first: int, pages: list[bytes], page_size: int, behind: WriteBehind, written: int) -> int:
    """One run written; the pages written so far (a fault point every ``PAGES_PER_WRITE`` of them)."""
    handle.seek((first - 1) * page_size)
    handle.write(b"".join(pages))
    behind.wrote(len(pages) * page_size)
    done = written + len(pages)
    if done // PAGES_PER_WRITE != written // PAGES_PER_WRITE:
        handle.flush()
        faults.point("delta.page-written")
    pages.clear()
    return done


def _check(live: Path, thorough: bool) -> str:
    """The patched file checked on a fresh connection; a failure rolls it back."""
    from ..engines.sqlite import run_check  # the engine imports this module
    conn = sqlite3.connect(live, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        pragma, verdict = run_check(conn, live, thorough)
        conn.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        verdict, pragma = str(exc), "quick_check"
    finally:
        conn.close()
    if verdict != "ok":
        roll_back(live)
        raise BadBackupError(Phrase("The patched copy failed PRAGMA %1: %2; it was rolled back.", (pragma, verdict)),
                             hint=Phrase("The live database keeps its previous data; the next full bundle "
                                         "replaces it."))
    return said(Phrase("%1 ok", (pragma,)))


def commit(live: Path) -> None:
    our_journal_path(live).unlink(missing_ok=True)
    fsync_dir(Path(live).parent)


def roll_back(live: Path) -> None:
    """Play the old pages back: SQLite does it on the first connection that finds the journal."""
    ours = our_journal_path(live)
    if ours.exists():
        os.replace(ours, journal_path(live))
    conn = sqlite3.connect(live)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def recover(live: Path, applied: Callable[[], bool]) -> list[str]:
    """After a kill: the live file whole again (old or new). ``applied()`` says whether the
    journal of this machine already records the patch as live."""
    live = Path(live)
    notes = []
    part = journal_path(live).with_name(journal_path(live).name + PART_SUFFIX)
    if part.exists():
        part.unlink()
        notes.append(f"removed {part.name} left by an interrupted patch (the live file was not written)")
    if our_journal_path(live).exists():
        if applied():
            commit(live)
            notes.append("an interrupted patch had been checked and recorded: kept")
        else:
            roll_back(live)
            notes.append("an interrupted patch was rolled back from its journal")
    elif journal_path(live).exists() and live.exists():
        roll_back(live)
        notes.append("an interrupted patch was rolled back from its journal")
    return notes
