"""A fake of the pyodbc module over a small model of a SQL Server instance.

It answers from state, not from constants: databases with their tables, users,
owner, user access and sessions; logins and the permissions of the login that
connects; the folders the *server* sees (a server path maps to a local folder
only where the test says so, so a .bak written elsewhere is refused with 3201);
backup files holding the database they were made from (tables counted after a
restore are the backup's); free space per volume; the edition. It refuses what
SQL Server refuses, with SQL Server's numbers: a missing database (4060, 911,
3701), a name taken (1801), a file in use (1834), a database in use (5030,
3702), a single-user slot held by another session (5064), no permission (262,
5011, 7983, 6102), ALTER/BACKUP/RESTORE/DROP inside a transaction (226, 3021,
574), a newer backup (3169), no space (3257), a folder the service cannot
write (5120) or see (5133).

Log shipping is modelled as SQL Server keeps it: a database's log has an LSN that every
change (``write``) and every backup advances; its recovery model; ``last_log_backup_lsn``
(None in SIMPLE, and in FULL until a full backup that is not COPY_ONLY starts the log's chain,
the "pseudo-simple" state); a recovery fork that a RESTORE ... WITH RECOVERY renews. BACKUP LOG
writes the change records from the last log backup's end to now (first_lsn, last_lsn) and
truncates the log there; it is refused in SIMPLE (4208) and before any full backup (4214). A
restore WITH NORECOVERY leaves the database RESTORING (unreadable: 927), WITH STANDBY online
and read-only (writes and option changes refused: 3906, 5063); RESTORE LOG applies only the log
that follows the point the database was rolled forward to (4305 too recent, 4326 too early,
4330 another recovery path), only to a database still restoring (3117), and refuses a damaged
file (3241); RESTORE DATABASE ... WITH RECOVERY brings it online, read-write.

Other connections ("strangers") act only between two batches of the engine,
as a client connecting at any moment would: they take the single-user slot of
a database, or enter a RESTRICTED_USER one only when privileged. Within one
batch nothing else runs (on a real server the window inside a batch is the
time between two statements, not a network round trip).

Every statement is recorded with its parameters. Inject the fake with
``monkeypatch.setattr(sqlserver, "_pyodbc", lambda: fake)``.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import re
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any


class Error(Exception):
    """pyodbc.Error: ``args`` are (sqlstate, message)."""


class DatabaseError(Error):
    pass


class ProgrammingError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    pass


class InterfaceError(Error):
    pass


def sql_error(number: int, message: str, sqlstate: str = "42000") -> ProgrammingError:
    text = f"[{sqlstate}] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]{message} ({number}) (SQLExecDirectW)"
    return ProgrammingError(sqlstate, text)


@dataclass
class Failure:
    pattern: str
    error: Exception
    times: int = 1
    at: str = "execute"  # or "nextset": after the informational messages, as real pyodbc reports it


@dataclass
class Call:
    kind: str  # connect, execute, nextset, close
    sql: str = ""
    params: tuple = ()
    extra: dict = field(default_factory=dict)


@dataclass
class User:
    name: str
    sid: str
    type: str = "S"  # S: SQL user, U: Windows user, G: Windows group


@dataclass
class Database:
    tables: list[str] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    owner: str = "sa"
    access: str = "MULTI_USER"
    state: str = "ONLINE"
    files: list[str] = field(default_factory=list)
    recovery: str = "FULL"
    corrupt: bool = False
    data_bytes: int = 8 * 1024 ** 2
    #: other sessions: (session id, privileged)
    sessions: list[tuple[int, bool]] = field(default_factory=list)
    #: the next LSN the log gives; every change record and every backup takes one
    lsn: int = 1000
    #: sys.database_recovery_status.last_log_backup_lsn: where the next log backup starts
    log_base: int | None = None
    #: a restoring (or standby) database: the LSN it is rolled forward to
    restored_lsn: int = 0
    standby: bool = False
    fork: str = "fork-1"
    #: the change records: (lsn, text)
    rows: list[tuple[int, str]] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.state == "ONLINE"

    def next_lsn(self) -> int:
        self.lsn += 1
        return self.lsn - 1


@dataclass
class Stranger:
    """Another client that connects to ``database`` as soon as it is allowed to."""

    database: str
    privileged: bool = False


SPIDS = itertools.count(60)
FORKS = itertools.count(2)
FULL_BACKUP, LOG_BACKUP = 1, 2
ME_SPID = 55


class FakePyodbc:
    """The module object the engine receives, and the server behind it."""

    Error = Error
    DatabaseError = DatabaseError
    ProgrammingError = ProgrammingError
    OperationalError = OperationalError
    InterfaceError = InterfaceError

    def __init__(self) -> None:
        self.installed = ["SQL Server", "ODBC Driver 17 for SQL Server", "ODBC Driver 18 for SQL Server"]
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        # the server
        self.major, self.version = 16, "16.0.4135.4"
        self.engine_edition, self.edition = 4, "Express Edition (64-bit)"
        self.databases: dict[str, Database] = {}
        self.logins: dict[str, str] = {"sa": "sid-sa"}
        self.login = "sa"
        self.permissions = {"sysadmin", "dbcreator", "view_state", "kill"}
        #: server folder prefix -> local folder holding its files
        self.folders: dict[str, Path] = {}
        self.unwritable: set[str] = set()
        self.volumes: dict[str, int] = {}  # mount point -> free bytes
        self.default_paths = ("C:\\SQLData\\", "C:\\SQLLogs\\")
        self.strangers: list[Stranger] = []
        self.history_trims = 0
        #: a file the server's state is saved to after every batch (the kill tests' subprocesses)
        self.persist_to: Path | None = None

    def save(self) -> None:
        """The state as a server keeps it across a client's death: written whole after each batch."""
        if self.persist_to is not None:
            part = self.persist_to.with_name(self.persist_to.name + ".part")
            part.write_bytes(pickle.dumps(self))
            os.replace(part, self.persist_to)

    @staticmethod
    def load(path: Path) -> "FakePyodbc":
        return pickle.loads(Path(path).read_bytes())

    # --- the pyodbc API -------------------------------------------------------
    def drivers(self) -> list[str]:
        return list(self.installed)

    def connect(self, connection_string: str, autocommit: bool = False, timeout: int = 0, **kwargs):
        self.calls.append(Call("connect", connection_string, extra={"autocommit": autocommit, "timeout": timeout}))
        self._maybe_fail(connection_string)
        database = re.search(r"DATABASE=([^;]*)", connection_string).group(1).strip("{}")
        if database != "master" and database not in self.databases:
            raise sql_error(4060, f'Cannot open database "{database}" requested by the login. The login failed.',
                            "42000")
        if database != "master":
            self._readable(database)
        return FakeConnection(self, autocommit, database)

    # --- scripting ---------------------------------------------------------------
    def fail(self, pattern: str, error: Exception, *, times: int = 1, at: str = "execute") -> None:
        """Raise ``error`` the next ``times`` statements (or connection strings) matching ``pattern``;
        a statement inside a batch fails on its own, and the batch's CATCH sees it."""
        self.failures.append(Failure(pattern, error, times, at))

    def _maybe_fail(self, text: str, at: str = "execute") -> None:
        for failure in self.failures:
            if failure.times > 0 and failure.at == at and re.search(failure.pattern, text, re.I | re.S):
                failure.times -= 1
                raise failure.error

    def add_folder(self, server_prefix: str, local: Path, free_bytes: int = 10 ** 12) -> None:
        """A folder the SQL Server service sees as ``server_prefix`` and tests reach as ``local``."""
        local.mkdir(parents=True, exist_ok=True)
        self.folders[server_prefix] = local
        self.volumes.setdefault(server_prefix, free_bytes)

    def write_backup(self, local: Path, database: str = "Loja", *, tables: list[str] | None = None,
                     users: list[User] | None = None, major: int | None = None, checksums: bool = True,
                     files: list[tuple[str, str, int]] | None = None, rows: list | None = None,
                     first_lsn: int = 900, last_lsn: int = 1000, fork: str = "fork-1") -> Path:
        """A .bak as BACKUP DATABASE would write it (a test's official server)."""
        content = {"database": database, "tables": tables if tables is not None else ["item", "price"],
                   "users": [u.__dict__ for u in users or []], "major": major or self.major,
                   "checksums": checksums, "type": FULL_BACKUP, "first_lsn": first_lsn, "last_lsn": last_lsn,
                   "database_backup_lsn": 0, "fork": fork, "rows": rows or [],
                   "files": files or [(database, "D", 8 * 1024 ** 2), (f"{database}_log", "L", 8 * 1024 ** 2)]}
        local.write_text(json.dumps(content))
        return local

    def write(self, name: str, *texts: str) -> None:
        """The store's application writes: each change is a log record with its LSN."""
        db = self._db(name)
        if db.standby:
            raise sql_error(3906, f'Failed to update database "{name}" because the database is read-only.')
        if not db.readable:
            raise sql_error(927, f"Database '{name}' cannot be opened. It is in the middle of a restore.")
        db.rows += [(db.next_lsn(), text) for text in texts]

    def texts(self, name: str) -> list[str]:
        """What the database holds, in LSN order."""
        return [text for _, text in sorted(self.databases[name].rows)]

    # --- what the tests read -----------------------------------------------------------
    def executed(self) -> list[tuple[str, tuple]]:
        return [(c.sql, c.params) for c in self.calls if c.kind == "execute"]

    def commands(self) -> list[str]:
        """Statements that act (not the SELECTs that look)."""
        return [sql for sql, _ in self.executed() if not sql.lstrip().upper().startswith("SELECT")]

    def connection_strings(self) -> list[str]:
        return [c.sql for c in self.calls if c.kind == "connect"]

    def access(self, name: str) -> str:
        return self.databases[name].access

    # --- the server's model ---------------------------------------------------------------
    def local_path(self, server_path: str) -> Path | None:
        for prefix, local in self.folders.items():
            if server_path.lower().startswith(prefix.lower()):
                rest = server_path[len(prefix):].replace("\\", "/").strip("/")
                return local / rest
        return None

    def _folder_of(self, server_path: str) -> str:
        return str(PureWindowsPath(server_path).parent) if "\\" in server_path else server_path.rsplit("/", 1)[0]

    def _db(self, name: str, number: int = 911) -> Database:
        if name not in self.databases:
            raise sql_error(number, f"Database '{name}' does not exist. Make sure that the name is entered correctly.")
        return self.databases[name]

    def _may(self, permission: str) -> bool:
        return "sysadmin" in self.permissions or permission in self.permissions

    def _require_alter(self, name: str) -> None:
        if not self._may("dbcreator"):
            raise sql_error(5011, f"User does not have permission to alter database '{name}', the database does "
                                  "not exist, or the database is not in a state that allows access checks.")

    def _others(self, name: str) -> list[tuple[int, bool]]:
        return self.databases[name].sessions if name in self.databases else []

    def between_batches(self) -> None:
        """The strangers connect wherever the database's user access lets them in."""
        for stranger in self.strangers:
            db = self.databases.get(stranger.database)
            if db is None or db.state != "ONLINE" or any(spid for spid, _ in db.sessions):
                continue
            if db.access == "MULTI_USER" or (db.access == "RESTRICTED_USER" and stranger.privileged) \
                    or db.access == "SINGLE_USER":
                db.sessions.append((next(SPIDS), stranger.privileged))

    # --- statements ---------------------------------------------------------------------
    def run_batch(self, conn: "FakeConnection", sql: str, params: tuple) -> list[tuple[list[str], list[tuple]]]:
        """Result sets of one batch: [(column names, rows), ...]."""
        text = " ".join(sql.split())
        try_match = re.fullmatch(r"BEGIN TRY (.*) END TRY BEGIN CATCH (.*) END CATCH", text, re.I)
        if try_match:
            sets: list = []
            try:
                for statement in _statements(try_match.group(1)):
                    sets += self.run(conn, statement, ())
            except Error as caught:
                for statement in _statements(try_match.group(2)):
                    if statement.upper() == "THROW":
                        raise caught
                    sets += self.run(conn, statement, ())
            return sets
        if text.upper().startswith("DECLARE") or len(_statements(text)) == 1:
            return self.run(conn, text, params)
        sets = []
        for statement in _statements(text):
            sets += self.run(conn, statement, ())
        return sets

    def run(self, conn: "FakeConnection", s: str, params: tuple) -> list[tuple[list[str], list[tuple]]]:
        self._maybe_fail(s)
        up = s.upper()
        condition = re.match(r"IF (DB_ID\(N'[^']*'\) IS (?:NOT )?NULL(?: AND DB_ID\(N'[^']*'\) IS (?:NOT )?NULL)*) (.*)$",
                             s, re.I)
        if condition:
            for name, negated in re.findall(r"DB_ID\(N'([^']*)'\) IS (NOT )?NULL", condition.group(1), re.I):
                if (name in self.databases) != bool(negated):
                    return []
            return self.run(conn, condition.group(2), params)
        if re.match(r"^(ALTER DATABASE|BACKUP|RESTORE DATABASE|DROP DATABASE|CREATE DATABASE)", up) \
                and not conn.autocommit:
            number, what = {"ALTER": (226, "ALTER DATABASE statement"), "BACKUP": (3021, "BACKUP"),
                            "RESTORE": (3021, "RESTORE"), "DROP": (574, "DROP DATABASE statement"),
                            "CREATE": (226, "CREATE DATABASE statement")}[up.split()[0]]
            raise sql_error(number, f"{what} not allowed within multi-statement transaction.")
        if up.startswith("SELECT DB_ID(?)"):
            return [([""], [(7 if params[0] in self.databases else None,)])]
        if up.startswith("SELECT USER_ACCESS_DESC FROM SYS.DATABASES"):
            db = self.databases.get(params[0])
            return [(["user_access_desc"], [(db.access,)] if db else [])]
        if up.startswith("SELECT D.RECOVERY_MODEL_DESC"):
            db = self.databases.get(params[0])
            return [(["recovery_model_desc", "last_log_backup_lsn", "state_desc", "is_in_standby"],
                     [(db.recovery, _numeric(db.log_base), db.state, int(db.standby))] if db else [])]
        if up.startswith("SELECT STATE_DESC FROM SYS.DATABASES"):
            db = self.databases.get(params[0])
            return [(["state_desc"], [(db.state,)] if db else [])]
        if up.startswith("SELECT IS_SRVROLEMEMBER('SYSADMIN')"):
            sysadmin = "sysadmin" in self.permissions
            view = 1 if "view_state" in self.permissions or sysadmin else 0
            return [([""] * 8, [(int(sysadmin), int("dbcreator" in self.permissions), view,
                                 view if self.major >= 16 else None, self.major, self.engine_edition,
                                 self.version, self.login)])]
        if "SYS.DM_EXEC_SESSIONS" in up:
            others = self._others(params[0]) if ("view_state" in self.permissions
                                                 or "sysadmin" in self.permissions) else []
            if up.startswith("SELECT COUNT(*)"):
                return [([""], [(len(others),)])]
            return [(["session_id", "host_name", "program_name"],
                     [(spid, "CAIXA01", "MGV7") for spid, _ in others])]
        if "SERVERPROPERTY('ENGINEEDITION')" in up and "EDITION')" in up and "IS_SRVROLEMEMBER" not in up:
            return [(["", ""], [(self.engine_edition, self.edition)])]
        if "INSTANCEDEFAULTDATAPATH" in up:
            return [(["", ""], [self.default_paths])]
        if up.startswith("SELECT SUM(CAST(SIZE AS BIGINT)) * 8192 FROM SYS.MASTER_FILES"):
            db = self.databases.get(params[0])
            return [([""], [(db.data_bytes if db else None,)])]
        if up.startswith("SELECT PHYSICAL_NAME FROM SYS.MASTER_FILES"):
            return [(["physical_name"], [(p,) for db in self.databases.values() for p in db.files])]
        if "SYS.DM_OS_VOLUME_STATS" in up:
            if not self._may("view_state"):
                raise sql_error(300, "VIEW SERVER STATE permission was denied on object 'server', database 'master'.")
            return [(["", ""], list(self.volumes.items()))]
        if up.startswith("SELECT 1 FROM SYS.SERVER_PRINCIPALS WHERE NAME = ?"):
            return [([""], [(1,)] if params[0] in self.logins else [])]
        if "SYS.DATABASE_PRINCIPALS" in up:
            db = self._db(_bracketed(s)[0])
            sids = set(self.logins.values())
            return [(["name"], [(u.name,) for u in db.users if u.sid not in sids])]
        if "SYS.TABLES" in up:
            name = _bracketed(s)[0] if "[" in s else conn.database
            return [([""], [(len(self._readable(name).tables),)])]
        if up.startswith("BACKUP DATABASE"):
            return self._backup(_bracketed(s)[0], params[0], copy_only="COPY_ONLY" in up)
        if up.startswith("BACKUP LOG"):
            return self._backup_log(_bracketed(s)[0], params[0])
        if up.startswith("RESTORE VERIFYONLY"):
            self._read_backup(params[0])
            return [([], [])]
        if up.startswith("RESTORE HEADERONLY"):
            content = self._read_backup(params[0])
            return [(["BackupName", "BackupType", "DatabaseName", "Position", "SoftwareVersionMajor",
                      "HasBackupChecksums", "FirstLSN", "LastLSN", "CheckpointLSN", "DatabaseBackupLSN",
                      "RecoveryForkID"],
                     [(None, content.get("type", FULL_BACKUP), content["database"], 1, content["major"],
                       int(content["checksums"]), _numeric(content.get("first_lsn", 900)),
                       _numeric(content.get("last_lsn", 1000)), _numeric(content.get("first_lsn", 900)),
                       _numeric(content.get("database_backup_lsn", 0)), content.get("fork", "fork-1"))])]
        if up.startswith("RESTORE LOG"):
            return self._restore_log(_bracketed(s)[0], params, up)
        if up.startswith("RESTORE DATABASE") and "FROM DISK" not in up:
            return self._recover(_bracketed(s)[0], up)
        if up.startswith("RESTORE FILELISTONLY"):
            content = self._read_backup(params[0])
            return [(["LogicalName", "PhysicalName", "Type", "FileId", "Size"],
                     [(logical, f"C:\\Official\\{logical}", kind, index, size)
                      for index, (logical, kind, size) in enumerate(content["files"], start=1)])]
        if up.startswith("RESTORE DATABASE"):
            return self._restore(_bracketed(s)[0], params, up)
        if up.startswith("DBCC CHECKDB"):
            name = _bracketed(s)[0]
            db = self._readable(name)
            if not ("sysadmin" in self.permissions or db.owner == self.login):
                raise sql_error(7983, f"User '{self.login}' does not have permission to run DBCC checkdb for "
                                      f"database '{name}'.")
            if db.corrupt:
                raise sql_error(8928, "Object ID 5, index ID 1: Page (1:99) could not be processed.")
            return [([], [])]
        if up.startswith("ALTER DATABASE") and "MODIFY NAME" in up:
            old, new = _bracketed(s)[:2]
            self._require_alter(old)
            db = self._db(old, 5011)
            if new in self.databases:
                raise sql_error(1801, f"Database '{new}' already exists. Choose a different database name.")
            if db.sessions:
                raise sql_error(5030, "The database could not be exclusively locked to perform the operation.")
            self.databases[new] = self.databases.pop(old)
            return [([], [])]
        if up.startswith("ALTER DATABASE") and re.search(r"SET (SINGLE|RESTRICTED|MULTI)_USER", up):
            name = _bracketed(s)[0]
            self._require_alter(name)
            db = self._db(name, 5011)
            self._settable(name)
            mode = re.search(r"SET (SINGLE|RESTRICTED|MULTI)_USER", up).group(1) + "_USER"
            if db.access == "SINGLE_USER" and db.sessions:
                raise sql_error(5064, f"Changes to the state or options of database '{name}' cannot be made at "
                                      "this time. The database is in single-user mode, and a user is currently "
                                      "connected to it.")
            if "ROLLBACK IMMEDIATE" in up:
                db.sessions.clear()
            elif db.sessions and mode != "MULTI_USER":
                raise sql_error(5070, "Database state cannot be changed while other users are using the database")
            db.access = mode
            return [([], [])]
        if up.startswith("ALTER DATABASE") and "SET RECOVERY" in up:
            name = _bracketed(s)[0]
            self._require_alter(name)
            db = self._settable(name)
            model = up.rsplit(" ", 1)[1]
            if model == "SIMPLE" or db.recovery == "SIMPLE":
                db.log_base = None  # SIMPLE breaks the log's chain; FULL starts pseudo-simple
            db.recovery = model
            return [([], [])]
        if up.startswith("ALTER AUTHORIZATION ON DATABASE::"):
            name, owner = _bracketed(s)[:2]
            self._require_alter(name)
            self._settable(name)
            if owner not in self.logins:
                raise sql_error(15151, f"Cannot find the principal '{owner}', because it does not exist or you do "
                                       "not have permission.")
            self._db(name).owner = owner
            return [([], [])]
        if up.startswith("EXEC [") and "SP_EXECUTESQL" in up:
            db = self._db(_bracketed(s)[0])
            user, login = _bracketed(params[0])[:2]
            target = next(u for u in db.users if u.name == user)
            if login not in self.logins:
                raise sql_error(15401, f"Windows NT user or group '{login}' not found.")
            target.sid = self.logins[login]
            return [([], [])]
        if up.startswith("DECLARE @OLDEST") and "SP_DELETE_BACKUPHISTORY" in up:
            if "sysadmin" not in self.permissions:
                raise sql_error(229, "The EXECUTE permission was denied on the object 'sp_delete_backuphistory'.")
            self.history_trims += 1
            return [([], [])]
        if up.startswith("KILL "):
            if not self._may("kill"):
                raise sql_error(6102, "User does not have permission to use the KILL statement.")
            spid = int(up.split()[1])
            for db in self.databases.values():
                db.sessions = [(sid, p) for sid, p in db.sessions if sid != spid]
            return [([], [])]
        if up.startswith("CREATE DATABASE"):
            name = _bracketed(s)[0]
            if "?" in s:  # FILENAME takes a literal, never a variable or a parameter
                raise sql_error(102, "Incorrect syntax near '@P1'.")
            if not self._may("dbcreator"):
                raise sql_error(262, "CREATE DATABASE permission denied in database 'master'.")
            files = [m.replace("''", "'") for m in re.findall(r"FILENAME = N'((?:[^']|'')*)'", s)]
            for path in files:
                self._writable(path)
            self.databases[name] = Database(files=files, owner=self.login)
            return [([], [])]
        if up.startswith("DROP DATABASE"):
            name = _bracketed(s)[0]
            self._require_alter(name)
            db = self._db(name, 3701)
            if db.sessions:
                raise sql_error(3702, f"Cannot drop database \"{name}\" because it is currently in use.")
            del self.databases[name]
            return [([], [])]
        raise sql_error(102, f"Incorrect syntax near '{s[:40]}' (the fake does not know this statement).")

    def _writable(self, server_path: str) -> Path:
        folder = self._folder_of(server_path)
        local = self.local_path(server_path)
        if local is None or not local.parent.is_dir():
            raise sql_error(5133, f'Directory lookup for the file "{server_path}" failed with the operating system '
                                  "error 3(The system cannot find the path specified.).")
        if any(folder.lower().startswith(u.lower()) for u in self.unwritable):
            raise sql_error(5120, f'Unable to open the physical file "{server_path}". Operating system error 5: '
                                  '"5(Access is denied.)".')
        return local

    def _readable(self, name: str) -> Database:
        db = self._db(name)
        if not db.readable:
            raise sql_error(927, f"Database '{name}' cannot be opened. It is in the middle of a restore.")
        return db

    def _settable(self, name: str) -> Database:
        """Options of a standby (read-only, restoring) database cannot change."""
        db = self._db(name, 5011)
        if db.standby:
            raise sql_error(5063, f"Database '{name}' is in warm standby. A warm-standby database is read-only.")
        if not db.readable:
            raise sql_error(5011, f"User does not have permission to alter database '{name}', the database does "
                                  "not exist, or the database is not in a state that allows access checks.")
        return db

    def _backup_device(self, server_path: str) -> Path:
        local = self.local_path(server_path)
        folder = self._folder_of(server_path)
        if local is None or not local.parent.is_dir() or any(folder.lower().startswith(u.lower())
                                                             for u in self.unwritable):
            raise sql_error(3201, f"Cannot open backup device '{server_path}'. Operating system error "
                                  f"{3 if local is None else 5}({'The system cannot find the path specified.' if local is None else 'Access is denied.'}).")
        return local

    def _backup(self, name: str, server_path: str, copy_only: bool = True):
        db = self._readable(name)
        local = self._backup_device(server_path)
        first = db.next_lsn()  # the backup's checkpoint
        last = db.next_lsn()
        self.write_backup(local, name, tables=list(db.tables), users=[User(**u.__dict__) for u in db.users],
                          rows=list(db.rows), first_lsn=first, last_lsn=last, fork=db.fork)
        if not copy_only and db.recovery != "SIMPLE" and db.log_base is None:
            db.log_base = first  # the first full backup in FULL starts the log's chain
        return [([], [])] * 3  # BACKUP answers with informational messages

    def _backup_log(self, name: str, server_path: str):
        db = self._readable(name)
        if db.recovery == "SIMPLE":
            raise sql_error(4208, "The statement BACKUP LOG is not allowed while the recovery model is SIMPLE. "
                                  "Use BACKUP DATABASE or change the recovery model using ALTER DATABASE.")
        if db.log_base is None:
            raise sql_error(4214, "BACKUP LOG cannot be performed because there is no current database backup.")
        local = self._backup_device(server_path)
        first, last = db.log_base, db.next_lsn() + 1
        content = {"database": name, "type": LOG_BACKUP, "major": self.major, "checksums": True,
                   "first_lsn": first, "last_lsn": last, "database_backup_lsn": 0, "fork": db.fork,
                   "rows": [(lsn, text) for lsn, text in db.rows if first <= lsn < last], "tables": [],
                   "users": [], "files": []}
        local.write_text(json.dumps(content))
        db.log_base = last  # the log is truncated up to here
        return [([], [])] * 3

    def _read_backup(self, server_path: str) -> dict[str, Any]:
        local = self.local_path(server_path)
        if local is None or not local.is_file():
            raise sql_error(3201, f"Cannot open backup device '{server_path}'. Operating system error "
                                  "3(The system cannot find the path specified.).")
        try:
            return json.loads(local.read_text())
        except ValueError:  # a damaged file: the media header does not parse
            raise sql_error(3241, f"The media family on device '{server_path}' is incorrectly formed. SQL Server "
                                  "cannot process this media family.") from None

    def _restore_log(self, name: str, params: tuple, up: str):
        if not self._may("dbcreator"):
            raise sql_error(262, "CREATE DATABASE permission denied in database 'master'.")
        content = self._read_backup(params[0])
        db = self._db(name, 3118)
        if content.get("type") != LOG_BACKUP:
            raise sql_error(3136, "This differential backup cannot be restored because the database has not "
                                  "been restored to the correct earlier state.")
        if db.state != "RESTORING" and not db.standby:
            raise sql_error(3117, "The log or differential backup cannot be restored because no files are ready "
                                  "to rollforward.")
        if content["fork"] != db.fork:
            raise sql_error(4330, "This backup set cannot be applied because it is on a recovery path that is "
                                  "inconsistent with the database.")
        if content["first_lsn"] > db.restored_lsn:
            raise sql_error(4305, f"The log in this backup set begins at LSN {content['first_lsn']}, which is too "
                                  "recent to apply to the database. An earlier log backup that includes LSN "
                                  f"{db.restored_lsn} can be restored.")
        if content["last_lsn"] <= db.restored_lsn:
            raise sql_error(4326, f"The log in this backup set terminates at LSN {content['last_lsn']}, which is "
                                  "too early to apply to the database. A more recent log backup that includes "
                                  f"LSN {db.restored_lsn} can be restored.")
        db.rows += [(lsn, text) for lsn, text in content["rows"] if lsn >= db.restored_lsn]
        db.restored_lsn = content["last_lsn"]
        self._leave_restoring(db, params[1:], up)
        return [([], [])] * 3

    def _leave_restoring(self, db: Database, params: tuple, up: str) -> None:
        """NORECOVERY: RESTORING, unreadable; STANDBY = file: online read-only, the undo file written."""
        db.standby = "STANDBY" in up
        db.state = "ONLINE" if db.standby else "RESTORING"
        if db.standby:
            self._writable(params[-1]).write_text("undo")

    def _recover(self, name: str, up: str):
        if "WITH RECOVERY" not in up:
            raise sql_error(102, "Incorrect syntax near 'RESTORE' (the fake knows RESTORE DATABASE x WITH RECOVERY).")
        db = self._db(name, 3118)
        if db.state != "RESTORING" and not db.standby:
            raise sql_error(3117, "The log or differential backup cannot be restored because no files are ready "
                                  "to rollforward.")
        db.state, db.standby, db.fork = "ONLINE", False, f"fork-{next(FORKS)}"
        db.lsn = max(db.lsn, db.restored_lsn + 1)
        return [([], [])] * 2

    def _restore(self, name: str, params: tuple, up: str):
        restricted = "RESTRICTED_USER" in up
        if not self._may("dbcreator"):
            raise sql_error(262, "CREATE DATABASE permission denied in database 'master'.")
        content = self._read_backup(params[0])
        if content["major"] > self.major:
            raise sql_error(3169, "The database was backed up on a server running a newer version. That version "
                                  "is incompatible with this server, which is running an older version.")
        if name in self.databases:
            raise sql_error(3154, "The backup set holds a backup of a database other than the existing database.")
        count = len(content["files"])
        moves = dict(zip(params[1:1 + 2 * count:2], params[2:2 + 2 * count:2]))
        in_use = {p.lower() for db in self.databases.values() for p in db.files}
        needed: dict[str, int] = {}
        for logical, kind, size in content["files"]:
            path = moves[logical]
            if path.lower() in in_use:
                raise sql_error(1834, f"The file '{path}' cannot be overwritten. It is being used by database.")
            self._writable(path)
            mount = max((m for m in self.volumes if path.lower().startswith(m.lower())), key=len, default=None)
            if mount:
                needed[mount] = needed.get(mount, 0) + size
        for mount, size in needed.items():
            if size > self.volumes[mount]:
                raise sql_error(3257, f"There is insufficient free space on disk volume '{mount}' to create the "
                                      "database.")
        data = sum(size for _, kind, size in content["files"] if kind != "L")
        if self.engine_edition == 4 and data > 10 * 1024 ** 3:
            raise sql_error(1827, "CREATE DATABASE or ALTER DATABASE failed because the resulting cumulative "
                                  "database size would exceed your licensed limit of 10240 MB per database.")
        for path in moves.values():
            self._writable(path).write_bytes(b"")
        last = content.get("last_lsn", 1000)
        db = Database(tables=list(content["tables"]), data_bytes=data,
                      users=[User(**u) for u in content["users"]], owner=self.login,
                      access="RESTRICTED_USER" if restricted else "MULTI_USER", files=list(moves.values()),
                      rows=[tuple(r) for r in content.get("rows", [])], restored_lsn=last, lsn=last + 1,
                      fork=content.get("fork", "fork-1"))
        self.databases[name] = db
        if "NORECOVERY" in up or "STANDBY" in up:
            self._leave_restoring(db, params[1 + 2 * len(moves):], up)
        else:
            db.fork = f"fork-{next(FORKS)}"  # recovery starts a new recovery path
        return [([], [])] * 4


def _numeric(lsn: int | None) -> Decimal | None:
    """LSNs are numeric(25,0): pyodbc gives them as Decimal."""
    return None if lsn is None else Decimal(lsn)


def _statements(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _bracketed(sql: str) -> list[str]:
    return [m.replace("]]", "]") for m in re.findall(r"\[((?:[^\]]|\]\])+)\]", sql)]


class FakeConnection:
    def __init__(self, fake: FakePyodbc, autocommit: bool, database: str) -> None:
        self.fake = fake
        self.autocommit = autocommit
        self.database = database
        self.timeout = 0
        self.closed = False

    def cursor(self) -> "FakeCursor":
        return FakeCursor(self)

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True
        self.fake.calls.append(Call("close"))


class FakeCursor:
    def __init__(self, conn: FakeConnection) -> None:
        self.conn = conn
        self.fake = conn.fake
        self.sets: list[tuple[list[str], list[tuple]]] = []
        self.description = None
        self.sql = ""

    def execute(self, sql: str, *params: Any) -> "FakeCursor":
        if len(params) == 1 and isinstance(params[0], (list, tuple)):
            params = tuple(params[0])
        if self.conn.closed:
            raise InterfaceError("08003", "Attempt to use a closed connection.")
        self.fake.calls.append(Call("execute", sql, tuple(params)))
        self.sql = sql
        try:
            self.sets = self.fake.run_batch(self.conn, sql, tuple(params))
        finally:
            self.fake.between_batches()
            self.fake.save()
        self._load()
        return self

    def _load(self) -> None:
        columns, self.rows = self.sets[0] if self.sets else ([], [])
        self.rows = list(self.rows)
        self.description = [(c, str, None, None, None, None, True) for c in columns] if columns else None

    def nextset(self) -> bool:
        self.fake.calls.append(Call("nextset", self.sql))
        if len(self.sets) <= 1:
            self.sets = []
            return False
        self.sets = self.sets[1:]
        self.fake._maybe_fail(self.sql, "nextset")
        self._load()
        return True

    def fetchone(self):
        if self.description is None:
            raise ProgrammingError("24000", "No results.  Previous SQL was not a query.")
        return self.rows.pop(0) if self.rows else None

    def fetchall(self):
        if self.description is None:
            raise ProgrammingError("24000", "No results.  Previous SQL was not a query.")
        rows, self.rows = self.rows, []
        return rows

    def close(self) -> None:
        pass
