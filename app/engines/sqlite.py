"""SQLite, the embedded default: anyone can try the product with no server (B7).

Backup uses SQLite's online backup API (never a file copy of a live database) and
checks the copy thoroughly before it is published: ``PRAGMA integrity_check`` (every
page, every index entry against its table). The check runs on a connection of its own
while the caller bundles the copy (``backup(..., alongside=...)``): the two use the two
cores, and ``backup`` returns only with the verdict, so nothing is published before it.

``quick_check`` reads the file through a memory map sized for it (``PRAGMA mmap_size``): the
pages come straight from the operating system's cache instead of one system call and one copy
each. The mapped pages are the file's cache pages, shared and reclaimable, but they count in
the process's resident size, which ``mapping.bounded_residency`` keeps low by dropping them
from the process's page tables as the check goes (it reads each page once). ``integrity_check``
reads through SQLite's page cache instead (``CHECK_CACHE_BYTES``, private memory): it looks
every index entry up in its table in random order, and through a bounded map it faulted the
same pages in again and again once the indexes outgrew the bound (at 4 GB they are about
680 MB). The page cache degrades gently instead: at 500 MB it costs about a third more CPU
than an unbounded map, and the memory stays the same at any size. Both files checked are this
program's own, on this machine's disk: nothing truncates them while they are mapped.

Restore moves the backup to a staging file next to the live one and checks it: the
bundle's sha256 already proves these are the bytes the official checked, so the
restore runs ``PRAGMA quick_check`` (the file opens, every page and record is sound);
the full ``integrity_check`` runs when the engine is asked for it
(``contingency.full_check_every_h``). Then it flushes the staging file to disk and
renames it over the live one (``commit_rename``): readers, and the disk after a
power cut, see the old database or the new one, never a mix. A killed restore leaves only the
staging file, which ``recover`` removes.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from .. import faults
from ..atomic import commit_rename, copy_atomic, flushing
from ..errors import BackupError, BadBackupError, EngineError, RestoreError
from ..phrases import Phrase, said
from ..progress import Progress, report
from .base import Engine
from .mapping import BOUND_BYTES, bounded_residency

STAGING_SUFFIX = ".staging"
PAGES_PER_STEP = 4096
#: the most page cache a check may use; SQLite allocates it only as pages are read. Sized for
#: the job: at 500 MB the store database's sales index (81 MB) fits, and the check no longer
#: reads its pages again and again (64 MiB: 1.0 s of system time in read calls, 96 MiB: 0.2 s;
#: 0.4-0.5 s less in all); at 4 GB no bound holds the indexes, and it keeps the resident set
#: under 150 MB at any size
CHECK_CACHE_BYTES = 96 << 20


def run_check(conn: sqlite3.Connection, path: Path, thorough: bool) -> tuple[str, str]:
    """``(pragma, verdict)``: integrity_check (it looks every index entry up in its table)
    through the page cache, or quick_check (each page once) through a bounded map of the file."""
    size = Path(path).stat().st_size
    if thorough:
        # the 500 MB store database, CPU of the check alone: a map trimmed at 128 MiB 8.3-11.0 s
        # (resident 208-218 MB; the indexes outgrow any such bound at 4 GB), trimmed at 16 MiB,
        # below the indexes' size, 20-29 s (0.6-1.1 M page faults); a page cache of 64 MiB
        # 11.5-12.3 s (resident 83 MB), of 16 MiB 14-17 s: it degrades gently
        conn.execute("PRAGMA mmap_size=0")
        conn.execute(f"PRAGMA cache_size=-{max(min(size, CHECK_CACHE_BYTES) // 1024, 2048)}")  # negative: KiB
        return "integrity_check", conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.execute(f"PRAGMA mmap_size={size}")
    with bounded_residency(path, BOUND_BYTES):  # the map's pages do not pile up in the resident set
        return "quick_check", conn.execute("PRAGMA quick_check").fetchone()[0]


def scratch_destination(part: Path) -> sqlite3.Connection:
    """The online backup's destination, written as a scratch file: no rollback journal and no
    sync at its commit. The copy is new (a journal would have nothing to roll back to), a kill
    leaves only the ``.part`` that the next run removes, and what is published is the bundle made
    from it, synced on its own; a sync here would only wait for the disk to take the whole copy
    (1.5-2 s at 500 MB) before the bundle and the check may start."""
    dest = sqlite3.connect(part)
    dest.execute("PRAGMA synchronous=OFF")
    dest.execute("PRAGMA journal_mode=OFF")
    return dest


class BackgroundCheck:
    """``integrity_check`` (or ``quick_check``) of a finished backup copy on a thread and a
    connection of its own."""

    def __init__(self, path: Path, thorough: bool = True) -> None:
        self.path, self.thorough = path, thorough
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.verdict: str | None = None
        self.pragma = ""
        self.error: sqlite3.DatabaseError | None = None
        self.thread = threading.Thread(target=self._run, name=f"integrity_check {path.name}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.pragma, self.verdict = run_check(self.conn, self.path, thorough=self.thorough)
        except sqlite3.DatabaseError as exc:  # also "interrupted", when the caller gave up
            self.error = exc

    def wait(self, *, give_up: bool = False) -> None:
        if give_up:
            self.conn.interrupt()
        self.thread.join()
        self.conn.close()


class SQLiteEngine(Engine):
    name = "sqlite"
    paramstyle = "qmark"
    #: False: the backup copy is an increment's and gets ``quick_check`` (app/delta/chain.py says
    #: why that is enough); a bundling that makes it a full bundle's sets it back to True, and the
    #: ``integrity_check`` runs after the quick one
    thorough_copy_check = True

    @property
    def path(self) -> Path:
        if not self.db.path:
            raise EngineError(Phrase("No SQLite database file is configured."), hint=Phrase("Set database.path."))
        return Path(self.db.path)

    @property
    def staging_path(self) -> Path:
        return self.path.with_name(self.path.name + STAGING_SUFFIX)

    def describe(self) -> str:
        return said(Phrase("SQLite database %1", (self.db.path,)))

    def database_name(self) -> str:
        return self.path.stem

    def exists(self) -> bool:
        return self.path.is_file()

    def _open(self, path: Path, *, readonly: bool = False) -> sqlite3.Connection:
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}?mode=rw"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=max(self.db.busy_timeout_s, 1))
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            raise EngineError(Phrase("The SQLite database %1 cannot be opened: %2.", (path, exc)),
                              hint=Phrase("Check that the file exists, is a SQLite database and is readable.")) from None

    def check(self) -> str:
        if not self.path.is_file():
            raise EngineError(Phrase("The SQLite database %1 does not exist.", (self.path,)),
                              hint=Phrase("Check database.path."))
        conn = self._open(self.path, readonly=True)
        try:
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            conn.close()
        return said(Phrase("%1: %2 tables, %3 bytes.", (self.describe(), tables, self.path.stat().st_size)))

    def connect(self) -> sqlite3.Connection:
        return self._open(self.path)

    # --- official side ---------------------------------------------------------
    def backup(self, work_dir: Path, progress: Progress = None, *,
               alongside: Callable[[list[Path]], None] | None = None) -> list[Path]:
        """The online backup into ``work_dir``, then its ``integrity_check``, with ``alongside``
        (the bundling) running meanwhile on the finished copy. Returns only with a passed check:
        on any failure the copy is removed and nothing reaches the caller to publish."""
        if not self.path.is_file():
            raise BackupError(Phrase("The SQLite database %1 does not exist.", (self.path,)),
                              hint=Phrase("Check database.path."))
        target = Path(work_dir) / f"{self.database_name()}.sqlite"
        self._copy(target, progress)
        try:
            self._check_while(target, alongside)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return [target]

    def backup_bundled(self, work_dir: Path, progress: Progress,
                       bundle: Callable[[list[Path]], None]) -> list[Path]:
        return self.backup(work_dir, progress, alongside=bundle)

    def _copy(self, target: Path, progress: Progress) -> None:
        """The online backup API into ``target`` (through ``.part``), refused when it has no tables."""
        part = target.with_name(target.name + ".part")
        part.unlink(missing_ok=True)
        source = self._open(self.path, readonly=True)
        try:
            dest = scratch_destination(part)
            try:
                page_size = source.execute("PRAGMA page_size").fetchone()[0]

                def step(status: int, remaining: int, total: int) -> None:
                    report(progress, (total - remaining) * page_size, total * page_size)

                # one read transaction over every step: the copy is of one moment. Without it each
                # step takes its own, and a commit by the store between two steps starts the copy
                # again: a store that writes every second never got a backup. WAL: the writers go
                # on; a rollback journal: they wait for the copy (their busy timeout), as SQLite's
                # own one-step backup would make them.
                source.execute("BEGIN")
                source.execute("SELECT count(*) FROM sqlite_master").fetchone()
                source.backup(dest, pages=PAGES_PER_STEP, progress=step)
                source.rollback()
                dest.execute("PRAGMA journal_mode=DELETE")
                tables = dest.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            finally:
                dest.close()
        except sqlite3.DatabaseError as exc:
            part.unlink(missing_ok=True)
            raise self._backup_failed(exc) from None
        finally:
            source.close()
        if not tables:
            part.unlink(missing_ok=True)
            raise BackupError(Phrase("The SQLite database %1 is empty (no tables).", (self.path,)),
                              hint=Phrase("Nothing was published: the contingency keeps its data. Check the "
                                          "official's database file (a failed disk or a botched copy)."))
        os.replace(part, target)

    def _backup_failed(self, exc: sqlite3.DatabaseError) -> BackupError:
        return BackupError(Phrase("The backup of %1 failed: %2.", (self.path, exc)),
                           hint=Phrase("Check that the database is not corrupt and the work folder has free space."))

    def check_copy_while(self, copy: Path, alongside: Callable[[list[Path]], None]) -> None:
        """The check of a copy made without the backup step (an increment's kept copy patched
        in place, app/delta/chain.py) while ``alongside`` works on it; the backup's own rules."""
        self._check_while(copy, alongside)

    def _check_while(self, copy: Path, alongside: Callable[[list[Path]], None] | None) -> None:
        """``integrity_check`` of ``copy`` while ``alongside`` works on it; a failure of
        ``alongside`` stops the check, and its error is the one raised."""
        check = BackgroundCheck(copy, self.thorough_copy_check)
        try:
            if alongside is not None:
                alongside([copy])
            faults.point("sqlite.check-wait")
        except BaseException:
            check.wait(give_up=True)
            raise
        check.wait()
        self._verdict(check)
        if self.thorough_copy_check and not check.thorough:  # the increment became a full bundle
            check = BackgroundCheck(copy)
            check.wait()
            self._verdict(check)

    def _verdict(self, check: BackgroundCheck) -> None:
        if check.error is not None:
            raise self._backup_failed(check.error)
        if check.verdict != "ok":
            raise BackupError(Phrase("The backup of %1 failed PRAGMA %2: %3.", (self.path, check.pragma, check.verdict)),
                              hint=Phrase("Nothing was published. Run PRAGMA integrity_check on the live database."))

    # --- contingency side --------------------------------------------------------
    def recover(self, work_dir: Path) -> list[str]:
        done = []
        if self.db.path:
            for leftover in (self.staging_path, Path(str(self.staging_path) + "-journal"),
                             self.path.with_name("." + self.staging_path.name + ".part")):
                if leftover.exists():
                    leftover.unlink()
                    done.append(f"removed {leftover.name} left by an interrupted restore")
        return done

    def restore(self, files: list[Path], work_dir: Path, progress: Progress = None) -> str:
        backups = [f for f in files if f.suffix == ".sqlite"]
        if len(backups) != 1:
            raise BadBackupError(Phrase("The bundle holds %1 SQLite backups; exactly one was expected.",
                                        (len(backups),)))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.recover(work_dir)
        try:
            self._stage(backups[0], progress)
            with flushing(self.staging_path):  # the disk writes it out while the check reads it
                summary = self._check_staging()
            self._swap()
        except sqlite3.OperationalError as exc:  # this machine's disk, a lock: retried
            raise RestoreError(Phrase("The restore into %1 failed: %2.", (self.path, exc)),
                               hint=Phrase("The live database was not changed.")) from None
        except sqlite3.DatabaseError as exc:  # the backup itself: "file is not a database", "malformed"
            raise BadBackupError(Phrase("The backup in the bundle is not a sound SQLite database: %1.", (exc,)),
                                 hint=Phrase("The live database was not changed; it will not be retried.")) from None
        finally:
            self.staging_path.unlink(missing_ok=True)
        return summary

    def _stage(self, backup: Path, progress: Progress) -> None:
        """Put the backup at the staging name: a rename when on the same disk, else a copy."""
        total = backup.stat().st_size
        try:
            os.replace(backup, self.staging_path)
            report(progress, total, total)
        except OSError:  # another disk (EXDEV) or a share: copy instead
            def copied(done: int) -> None:
                report(progress, done, total)
                faults.point("sqlite.staging-copy")

            copy_atomic(backup, self.staging_path, progress=copied)

    def _check_staging(self) -> str:
        conn = sqlite3.connect(self.staging_path)
        try:
            pragma, verdict = run_check(conn, self.staging_path, self.thorough_check)
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        if verdict != "ok":
            raise BadBackupError(Phrase("The restored copy failed PRAGMA %1: %2.", (pragma, verdict)),
                               hint=Phrase("The live database was not changed; the next bundle will be tried."))
        return said(Phrase("%1 ok, %2 tables", (pragma, tables)))

    def _swap(self) -> None:
        """Rename the checked staging file over the live one while holding its write lock.

        Windows cannot rename over a file that is open, even by us: there the lock is
        released just before the rename (the application must stay closed on a
        contingency machine, F4), and a file still held by another program is reported.
        """
        live = None
        if self.path.exists():
            live = self.lock_live()
        try:
            if sys.platform == "win32" and live is not None:
                live.close()
                live = None
            faults.point("sqlite.swap-locked")
            commit_rename(self.staging_path, self.path)  # staging on disk before it replaces the live file
            faults.point("sqlite.swap-renamed")
            for stale in (Path(str(self.path) + "-wal"), Path(str(self.path) + "-shm")):
                stale.unlink(missing_ok=True)
        except PermissionError:
            raise RestoreError(Phrase("The live database %1 is held open by another program.", (self.path,)),
                               hint=Phrase("Close the application that uses it (on a contingency machine it must "
                                           "stay closed); the live database was not changed.")) from None
        finally:
            if live is not None:
                live.close()

    def lock_live(self) -> sqlite3.Connection:
        """Take the live database's exclusive lock, waiting or failing by ``busy_policy``."""
        wait = self.db.busy_timeout_s if self.db.busy_policy == "wait" else 0
        conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        deadline = time.monotonic() + wait
        while True:
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode=DELETE")
                conn.execute("BEGIN EXCLUSIVE")
                return conn
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    conn.close()
                    raise
                if time.monotonic() >= deadline:
                    conn.close()
                    raise RestoreError(
                        Phrase("The live database %1 is in use by another program.", (self.path,)),
                        hint=(Phrase("Close the application that uses it (on a contingency machine it must stay "
                                     "closed), or set database.busy_policy to wait with a longer "
                                     "database.busy_timeout_s."))) from None
                time.sleep(0.2)


ENGINE = SQLiteEngine
