"""SQL Server log shipping: the primitives a chain of bundles is made of.

A chain is a full backup (``SQLServerEngine.backup``, its LSNs read from its header) and then,
each incremental interval, ``BACKUP LOG ... TO DISK WITH CHECKSUM``: the log records since the
last log backup (``first_lsn`` up to ``last_lsn``), after which SQL Server truncates the log. Log
backups need the FULL recovery model, and after a switch to FULL a full backup that is not
COPY_ONLY before the first one (until then ``last_log_backup_lsn`` is NULL: "pseudo-simple",
BACKUP LOG refuses with 4214). The engine never changes the recovery model on its own:
``ensure_full_recovery`` does it only when ``database.allow_full_recovery`` says so, and says what
it changes (the log then grows until a log backup truncates it).

A log backup follows the one before it when its ``first_lsn`` is the earlier one's ``last_lsn``
(the first after a full backup: when it begins at or before the full backup's ``last_lsn`` and
ends after it). Anything else is a break: another program's log backup took the LSNs in
between, a switch to SIMPLE, a restore on the official (a new recovery fork). ``follows`` says so
from the LSNs, before anything is shipped or applied.

On the contingency the full backup is restored ``WITH STANDBY`` (online, read-only: the store's
reports can read it between restores) and each log ``WITH STANDBY`` in LSN order; SQL Server
itself refuses a log that does not follow (4305 too recent, 4326 too early, 4330 another fork,
3117 a database no longer restoring). ``recover`` (``RESTORE DATABASE ... WITH RECOVERY``)
brings it online read-write at promotion.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BackupError, BadBackupError, EngineError, RestoreError
from ..phrases import Phrase
from ..progress import Progress
from .sqlserver import SQLServerEngine, parent_folder, quote_name, server_path

LOG_SUFFIX = ".trn"
STANDBY_SUFFIX = "_standby.tuf"
#: RESTORE HEADERONLY's BackupType
FULL_BACKUP, LOG_BACKUP = 1, 2
#: SQL Server's numbers for a log that does not follow the database it is applied to
CHAIN_REFUSALS = {4305: "gap", 4326: "too-early", 4330: "fork", 3117: "not-restoring"}

STATE_SQL = ("SELECT d.recovery_model_desc, rs.last_log_backup_lsn, d.state_desc, d.is_in_standby "
             "FROM sys.databases AS d JOIN sys.database_recovery_status AS rs ON rs.database_id = d.database_id "
             "WHERE d.name = ?")
FULL_RECOVERY_CHANGE = ("Log shipping needs the FULL recovery model; %1 is in %2. With FULL, SQL Server keeps "
                        "every change in the transaction log until a log backup truncates it: this program's log "
                        "backups, every incremental interval, do; while they stop (the program stopped, a "
                        "destination unreachable) the log file grows.")


@dataclass(frozen=True)
class LogState:
    """What SQL Server says of a database's log: its recovery model and chain."""

    recovery: str                     # FULL, BULK_LOGGED, SIMPLE
    last_log_backup_lsn: int | None   # None: no chain (SIMPLE, or FULL before its first full backup)
    state: str                        # ONLINE, RESTORING, ...
    standby: bool

    @property
    def logs_backed_up(self) -> bool:
        return self.recovery != "SIMPLE"

    @property
    def restoring(self) -> bool:
        """A log can be restored into it."""
        return self.state == "RESTORING" or self.standby


@dataclass(frozen=True)
class BackupSet:
    """A backup file's header (RESTORE HEADERONLY): its kind and the LSNs it covers."""

    kind: int
    database: str
    first_lsn: int
    last_lsn: int
    fork: str
    checksums: bool

    def to_fields(self) -> dict[str, Any]:
        """For the bundle's manifest (LSNs as text: numeric(25,0) does not fit every JSON reader)."""
        return {"first_lsn": str(self.first_lsn), "last_lsn": str(self.last_lsn), "recovery_fork": self.fork}


class LogChainBroken(BadBackupError):
    """A log backup that does not follow the database or the chain: never applied."""

    def __init__(self, message, *, hint="", why: str = "gap") -> None:
        super().__init__(message, hint=hint)
        self.why = why


def _lsn(value: Any) -> int | None:
    return None if value is None else int(value)


def log_state(engine: SQLServerEngine, cursor, name: str) -> LogState | None:
    rows = engine._rows(cursor, STATE_SQL, name, doing=f"reading the recovery model of {name}", error=EngineError)
    if not rows:
        return None
    recovery, last, state, standby = rows[0]
    return LogState(str(recovery), _lsn(last), str(state), bool(standby))


def ensure_full_recovery(engine: SQLServerEngine, allowed: bool) -> str:
    """The live database in FULL (or BULK_LOGGED), changed only when ``allowed``; says what it did."""
    with engine.admin_session() as cursor:
        state = log_state(engine, cursor, engine.live)
        if state is None:
            raise EngineError(Phrase("%1 does not exist.", (engine.describe(),)), hint=Phrase("Check database.name."))
        if state.logs_backed_up:
            return ""
        if not allowed:
            raise EngineError(Phrase(FULL_RECOVERY_CHANGE, (engine.live, state.recovery)),
                              hint=Phrase("Nothing was changed: bundles stay full. To ship the log, allow the change "
                                          "(database.allow_full_recovery), or run ALTER DATABASE [%1] SET RECOVERY FULL "
                                          "yourself.", (engine.live,)))
        engine._run(cursor, f"ALTER DATABASE {quote_name(engine.live)} SET RECOVERY FULL",
                    doing=f"setting {engine.live} to the FULL recovery model", error=EngineError)
    return f"{engine.live} set to the FULL recovery model (was {state.recovery})"


def read_backup_set(engine: SQLServerEngine, cursor, on_server: str, error: type[EngineError] = RestoreError
                    ) -> BackupSet:
    headers = engine._dicts(cursor, "RESTORE HEADERONLY FROM DISK = ?", on_server,
                            doing=f"reading the header of {on_server}", folder=parent_folder(on_server))
    if not headers:
        raise error(Phrase("The backup file %1 holds no backup set.", (on_server,)),
                    hint=Phrase("The bundle is damaged; the next bundle will be tried."))
    h = headers[0]
    return BackupSet(int(h.get("BackupType") or 0), str(h.get("DatabaseName") or ""), int(h.get("FirstLSN") or 0),
                     int(h.get("LastLSN") or 0), str(h.get("RecoveryForkID") or ""),
                     bool(h.get("HasBackupChecksums")))


def full_backup(engine: SQLServerEngine, work_dir: Path, progress: Progress = None) -> tuple[Path, BackupSet]:
    """The chain's full backup. COPY_ONLY (the store's own differential backups keep their base) once the
    log has a chain; the first full backup after a switch to FULL cannot be, as only it starts the chain."""
    with engine.admin_session() as cursor:
        state = log_state(engine, cursor, engine.live)
    copy_only = "COPY_ONLY, " if state is None or state.last_log_backup_lsn is not None else ""
    found: list[BackupSet] = []

    def statement(cursor) -> str:
        options = f"{copy_only}INIT, FORMAT, CHECKSUM"
        if engine._supports_compression(cursor):
            options += ", COMPRESSION"
        return f"BACKUP DATABASE {quote_name(engine.live)} TO DISK = ? WITH {options}"

    path = engine.backup_to_file(work_dir, ".bak", statement, progress,
                                 read=lambda cursor, on_server: found.append(
                                     read_backup_set(engine, cursor, on_server, BackupError)))
    return path, found[0]


def backup_log(engine: SQLServerEngine, work_dir: Path, progress: Progress = None) -> tuple[Path, BackupSet]:
    """``BACKUP LOG`` into ``<work>/<live>.trn``: the log since the last log backup, then truncated."""
    found: list[BackupSet] = []
    path = engine.backup_to_file(
        work_dir, LOG_SUFFIX, lambda cursor: f"BACKUP LOG {quote_name(engine.live)} TO DISK = ? WITH INIT, FORMAT, "
                                             "CHECKSUM", progress,
        read=lambda cursor, on_server: found.append(read_backup_set(engine, cursor, on_server, BackupError)))
    return path, found[0]


def follows(base_lsn: int, base_fork: str, log: BackupSet, *, after_full: bool) -> Phrase | None:
    """Why ``log`` does not continue a chain whose last backup ended at ``base_lsn`` (None: it does)."""
    if log.kind != LOG_BACKUP:
        return Phrase("%1 is not a log backup", (log.database,))
    if log.fork != base_fork:
        return Phrase("the log is on another recovery path (the database was restored since)")
    if log.first_lsn > base_lsn or (not after_full and log.first_lsn != base_lsn):
        return Phrase("the log backup begins at LSN %1 and the chain ends at LSN %2: another log backup took the "
                      "log in between (another program's, or a switch to the SIMPLE recovery model)",
                      (log.first_lsn, base_lsn))
    if log.last_lsn <= base_lsn:
        return Phrase("the log backup ends at LSN %1, before the chain's LSN %2", (log.last_lsn, base_lsn))
    return None


def standby_file(engine: SQLServerEngine, cursor, name: str) -> str:
    """The undo file of a standby database, next to its data files (the SQL Server machine's path)."""
    data, _ = engine._data_folders(cursor)
    return server_path(data, f"{name}{STANDBY_SUFFIX}")


def restore_log(engine: SQLServerEngine, trn: Path, name: str, *, standby: bool) -> BackupSet:
    """``RESTORE LOG`` into the restoring database ``name``, left in STANDBY (read-only) or NORECOVERY.
    A log that does not follow is refused by SQL Server itself, and the database stays as it was."""
    engine._require_reachable_folder()
    with engine._backup_for_server(Path(trn)) as on_server, engine.admin_session() as cursor:
        found = read_backup_set(engine, cursor, on_server, BadBackupError)
        if found.kind != LOG_BACKUP or found.database.lower() != engine.live.lower():
            raise LogChainBroken(Phrase("%1 is not a log backup of %2.", (Path(trn).name, engine.live)),
                                 hint=Phrase("Nothing was applied; the contingency waits for the next full bundle."),
                                 why="not-a-log")
        if not found.checksums:
            raise BadBackupError(Phrase("The backup was written without checksums, so its pages cannot be verified."),
                                 hint=Phrase("Nothing was applied; the contingency waits for the next full bundle."))
        mode, params = ("STANDBY = ?", [standby_file(engine, cursor, name)]) if standby else ("NORECOVERY", [])
        try:
            engine._run(cursor, f"RESTORE LOG {quote_name(name)} FROM DISK = ? WITH CHECKSUM, {mode}", on_server,
                        *params, doing=f"restoring the log backup {Path(trn).name} into {name}",
                        folder=parent_folder(on_server))
        except RestoreError as exc:
            refused = [CHAIN_REFUSALS[n] for n in getattr(exc, "numbers", []) if n in CHAIN_REFUSALS]
            if refused:
                raise LogChainBroken(exc.phrase, why=refused[0]) from None
            raise
    return found


def recover(engine: SQLServerEngine, name: str) -> str:
    """``RESTORE DATABASE ... WITH RECOVERY``: the restoring database online, read-write, for the promotion."""
    with engine.admin_session() as cursor:
        state = log_state(engine, cursor, name)
        if state is None or not state.restoring:
            return ""
        engine._run(cursor, f"RESTORE DATABASE {quote_name(name)} WITH RECOVERY",
                    doing=f"bringing {name} online (RESTORE WITH RECOVERY)")
    return f"{name} recovered (RESTORE DATABASE WITH RECOVERY)"


def restore_full(engine: SQLServerEngine, bak: Path, name: str, *, standby: bool) -> BackupSet:
    """A full backup restored into ``name`` WITH STANDBY (read-only) or NORECOVERY, ready for the logs;
    ``name`` is the staging copy the engine checks and swaps in as for any full bundle."""
    engine._require_reachable_folder()
    with engine._backup_for_server(Path(bak)) as on_server, engine.admin_session() as cursor:
        engine._server_bak = on_server
        found = read_backup_set(engine, cursor, on_server, BadBackupError)
        moves = engine._plan_moves(cursor, engine._file_list(cursor))
        mode, extra = ("STANDBY = ?", [standby_file(engine, cursor, name)]) if standby else ("NORECOVERY", [])
        engine._run(cursor, f"RESTORE DATABASE {quote_name(name)} FROM DISK = ? WITH "
                            f"{', '.join('MOVE ? TO ?' for _ in moves)}, CHECKSUM, REPLACE, {mode}",
                    on_server, *[value for move in moves for value in move], *extra,
                    doing=f"restoring {Path(bak).name} into {name} WITH {mode.split()[0]}",
                    folder=parent_folder(moves[0][1]) if moves else "")
    return found
