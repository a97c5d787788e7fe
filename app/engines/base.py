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
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, ClassVar, ContextManager, Iterator

from ..errors import BadBackupError, RestoreError
from ..phrases import Phrase
from ..progress import Progress
from ..settings.model import DatabaseSettings

log = logging.getLogger(__name__)
BUSY_HINT = Phrase("close the programs connected to it (on a contingency machine the application must stay closed), "
                   "or set database.busy_policy to wait.")


class Engine(ABC):
    """A database the product can back up and restore."""

    #: the value of ``database.engine`` that selects this engine
    name: ClassVar[str]
    #: DB-API paramstyle of ``connect()`` ("qmark" or "format")
    paramstyle: ClassVar[str] = "qmark"
    #: set by the contingency when the restore is due its full check (schedule or setting);
    #: engines whose check has one depth ignore it
    thorough_check: bool = False
    #: set by the contingency when the full bundle starts a chain of log backups (SQL Server): the
    #: restored copy is left ready for them (WITH STANDBY) instead of recovered
    keep_restoring: bool = False

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

    def backup_bundled(self, work_dir: Path, progress: Progress,
                       bundle: Callable[[list[Path]], None]) -> list[Path]:
        """``backup``, then ``bundle(files)``. An engine that checks its backup may bundle while it
        checks (SQLite); either way this returns only once the check has passed."""
        files = self.backup(work_dir, progress)
        bundle(files)
        return files

    @abstractmethod
    def restore(self, files: list[Path], work_dir: Path, progress: Progress = None) -> str:
        """Restore ``files`` (as written by ``backup``) in place of the live database.

        Restores into a staging copy, checks it, then swaps it in; when anything
        fails, the live database keeps its previous data. Returns the check's
        summary ("quick_check ok, 12 tables").
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

    def refuse(self, manifest: dict) -> None:
        """Raise ``BundleError`` for a bundle this machine can never restore as it is set up (checked with
        the manifest, before anything is extracted); PostgreSQL: a pg_dump for a standby."""

    def open_for_writes(self) -> str:
        """Before the promotion writes: a copy kept ready for more increments is brought online
        read-write (SQL Server: RESTORE WITH RECOVERY); says what was done ('' when nothing).
        It ends that chain here: later increments cannot be applied, a full bundle is needed."""
        return ""

    def prepare_for_service(self) -> str:
        """After a promotion, what the live database needs to serve as the official; says what was
        done ('' when nothing). SQL Server: its users mapped to this server's logins, the owner."""
        return ""

    def wait_for_other_sessions(self, live: str, count: Callable[[], int]) -> int:
        """Before the swap: fail at once (``busy_policy`` fail) or give the other sessions on
        ``live`` up to ``busy_timeout_s`` to leave. Returns how many are still there; the
        engine then ends them, as SQL Server's ROLLBACK IMMEDIATE does."""
        others = count()
        if not others:
            return 0
        if self.db.busy_policy == "fail":
            raise RestoreError(Phrase("The live database %1 is in use by %2 other session(s).", (live, others)),
                               hint=Phrase("The live database was not changed. %1", (BUSY_HINT,)))
        deadline = time.monotonic() + self.db.busy_timeout_s
        while others and time.monotonic() < deadline:
            time.sleep(0.5)
            others = count()
        if others:
            log.warning("Ending %d session(s) still connected to %s after %d s.", others, live,
                        self.db.busy_timeout_s)
        return others


@contextmanager
def timed(what: str, *args) -> Iterator[None]:
    """Log how long a step took: the journal shows the total, the log shows where it went."""
    started = time.monotonic()
    yield
    log.info(what + " took %.1f s", *args, time.monotonic() - started)


#: the server-side names of a restore in progress: ``<live>__staging`` and ``<live>__old``
STAGING_SUFFIX = "__staging"
OLD_SUFFIX = "__old"


class ServerEngine(Engine):
    """A database server that restores by staging, checking and renaming (PostgreSQL, SQL Server).

    The protocol is written here once:

    1. ``recover`` what an interrupted restore left (a staging copy, a half-done swap);
    2. pre-checks, and with ``busy_policy`` fail a refusal *before* the restore when other
       sessions use the live database (a busy database is not restored only to be thrown away);
    3. restore into ``<name>__staging``, check it, prepare it (logins, owner);
    4. wait for the other sessions (``busy_policy``), then the engine's swap, which either
       puts the staging copy under the live name or leaves the live database as it was;
    5. drop ``<name>__old`` only after the swap.

    Anything failing before the swap drops the staging copy and leaves the live database
    alone. The engines supply the primitives below.
    """

    staging_suffix: ClassVar[str] = STAGING_SUFFIX
    old_suffix: ClassVar[str] = OLD_SUFFIX
    #: the file a backup of this engine writes (".bak", ".pgdump")
    artifact_suffix: ClassVar[str]
    #: how messages name that file ("SQL Server backups", "PostgreSQL dumps")
    artifact_label: ClassVar[str]

    @abstractmethod
    def validate_name(self, name: str) -> str:
        """The configured database name, or EngineError when it cannot be used."""

    @property
    def live(self) -> str:
        return self.validate_name(self.db.name)

    @property
    def staging(self) -> str:
        return self.live + self.staging_suffix

    @property
    def old(self) -> str:
        return self.live + self.old_suffix

    def database_name(self) -> str:
        return self.live

    # --- primitives -----------------------------------------------------------------------
    @abstractmethod
    def admin_session(self) -> ContextManager[Any]:
        """A session on the server, outside the live database, for CREATE/DROP/RENAME."""

    @abstractmethod
    def database_exists(self, session, name: str) -> bool: ...

    @abstractmethod
    def drop_database(self, session, name: str) -> None: ...

    @abstractmethod
    def rename_database(self, session, old: str, new: str) -> None: ...

    @abstractmethod
    def count_other_sessions(self, session, name: str) -> int:
        """Sessions other than ours on ``name``; raise when they cannot be seen at all."""

    @abstractmethod
    def restore_staging(self, session, artifact: Path, progress: Progress) -> None: ...

    @abstractmethod
    def check_staging(self, session, artifact: Path) -> str:
        """Prove the staging copy sound; return what was checked ("CHECKDB ok, 12 tables")."""

    @abstractmethod
    def swap(self, session, remaining: int) -> None:
        """Put the staging copy under the live name, ending the ``remaining`` sessions, or
        raise with the live database as it was (or with exactly what was left said)."""

    def first_install(self, session) -> None:
        """No live database yet (a new contingency machine): the staging copy becomes it."""
        self.rename_database(session, self.staging, self.live)

    def precheck(self, session, artifact: Path) -> None:
        """Refuse early what would fail half-way (space, versions, permissions)."""

    def prepare_staging(self, session, summary: str) -> str:
        """After the check, before the swap (SQL Server: users to logins, owner)."""
        return summary

    def after_recover(self, session, done: list[str]) -> None:
        """Engine-specific repairs after the shared ones (SQL Server: user access)."""

    # --- the protocol -----------------------------------------------------------------
    def pick_artifact(self, files: list[Path]) -> Path:
        found = [Path(f) for f in files if Path(f).suffix.lower() == self.artifact_suffix]
        if len(found) != 1:
            raise BadBackupError(Phrase("The bundle holds %1 %2; exactly one was expected.",
                                        (len(found), self.artifact_label)))
        return found[0]

    def restore(self, files: list[Path], work_dir: Path, progress: Progress = None) -> str:
        artifact = self.pick_artifact(files)
        for line in self.recover(work_dir):
            log.info("%s recover: %s", self.name, line)
        with self.admin_session() as session:
            live_there = self.database_exists(session, self.live)
            self.precheck(session, artifact)
            if live_there:
                self.refuse_if_busy(session)
            try:
                with timed("restore into %s", self.staging):
                    self.restore_staging(session, artifact, progress)
                with timed("check of %s", self.staging):
                    summary = self.check_staging(session, artifact)
                summary = self.prepare_staging(session, summary)
                with timed("swap of %s", self.live):
                    if live_there:
                        remaining = self.wait_for_other_sessions(
                            self.live, lambda: self.count_other_sessions(session, self.live))
                        self.swap(session, remaining)
                    else:
                        self.first_install(session)
            except BaseException:
                self._drop_quietly(session, self.staging, "The staging database %s could not be dropped: %s")
                raise
            if live_there:
                self._drop_quietly(session, self.old,
                                   "The previous copy %s could not be dropped (%s); the next restore drops it.")
        return summary

    def refuse_if_busy(self, session) -> None:
        """``busy_policy`` fail: a busy live database is refused before anything is restored."""
        if self.db.busy_policy != "fail":
            return
        others = self.count_other_sessions(session, self.live)
        if others:
            raise RestoreError(Phrase("The live database %1 is in use by %2 other session(s).", (self.live, others)),
                               hint=Phrase("Nothing was restored and the live database was not changed. %1",
                                           (BUSY_HINT,)))

    def recover(self, work_dir: Path) -> list[str]:
        done: list[str] = []
        if not self.db.name:
            return done
        with self.admin_session() as session:
            live_there = self.database_exists(session, self.live)
            if self.database_exists(session, self.staging):
                self.drop_database(session, self.staging)
                done.append(f"dropped {self.staging} left by an interrupted restore")
            if self.database_exists(session, self.old):
                if live_there:
                    self.drop_database(session, self.old)
                    done.append(f"dropped {self.old} left after a completed restore")
                else:
                    self.rename_database(session, self.old, self.live)
                    done.append(f"renamed {self.old} back to {self.live} (a restore was interrupted during "
                                "the swap)")
            self.after_recover(session, done)
        return done

    def exists(self) -> bool:
        with self.admin_session() as session:
            return self.database_exists(session, self.live)

    def _drop_quietly(self, session, name: str, warning: str) -> None:
        try:
            if self.database_exists(session, name):
                self.drop_database(session, name)
        except Exception as exc:  # the first error matters more; recover() retries
            log.warning(warning, name, exc)
