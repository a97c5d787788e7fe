"""SQL Server through pyodbc: native BACKUP / RESTORE, as MGV7 itself uses.

SQL Server reads and writes backup files itself, with its own service account
(``NT Service\\MSSQL$SQLEXPRESS`` and the like): the work folder must be on the
SQL Server machine (or a share it can reach) and that account needs read/write
rights on it. See docs/sqlserver.md.

Backup: ``BACKUP DATABASE ... WITH COPY_ONLY`` (it never breaks the store's own
backup chain), ``CHECKSUM``, then ``RESTORE VERIFYONLY``.

Restore never touches the live database until the very end:
1. ``RESTORE HEADERONLY`` names the database the file holds (checked);
2. ``RESTORE FILELISTONLY`` gives the logical files; each is MOVEd into
   ``database.data_folder`` under a staging name, and the backup is restored as
   ``<name>__staging``;
3. ``DBCC CHECKDB`` and a table count check the staging database;
4. swap: live -> SINGLE_USER, live -> ``<name>__old``, staging -> live, MULTI_USER
   restored whatever happens, ``<name>__old`` dropped only after success.
``recover`` cleans what a killed restore left behind.

Database names cannot be parameters of ALTER DATABASE: they are validated
strictly and bracket-quoted. File paths and logical names always go as parameters.
Every batch's result sets are drained (``nextset``): pyodbc raises an error that
follows informational messages only when its result set is reached.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ..errors import BackupError, EngineError, NotSupportedError, RestoreError
from ..progress import Progress, report
from .base import Engine

log = logging.getLogger(__name__)

STAGING_SUFFIX = "__staging"
OLD_SUFFIX = "__old"
BAK_SUFFIX = ".bak"
MAX_NAME_LENGTH = 128 - len(STAGING_SUFFIX)
NAME_PATTERN = re.compile(r"[A-Za-z0-9_]+")
DRIVER_PATTERN = re.compile(r"^ODBC Driver (\d+) for SQL Server$")
LOGIN_TIMEOUT_S = 15
#: a BACKUP, RESTORE or CHECKDB that runs longer than this is stuck, not slow
QUERY_TIMEOUT_S = 6 * 3600
#: EngineEdition values whose BACKUP supports COMPRESSION: Standard, Enterprise, Managed Instance
COMPRESSION_EDITIONS = (2, 3, 8)
ACCESS_DENIED_HINT = (
    "SQL Server reads and writes the backup file with its own service account (for example "
    "NT Service\\MSSQL$SQLEXPRESS), not with this program's account: give that account read/write "
    "rights on the temporary folder {folder}, and make sure the folder is on the SQL Server machine "
    "or on a share it can reach.")

def _pyodbc():
    """pyodbc, imported on first use (tests swap in a recording fake here)."""
    try:
        import pyodbc
    except ImportError as exc:
        raise NotSupportedError(f"The SQL Server engine needs pyodbc, which cannot be loaded: {exc}.",
                                hint="Install pyodbc and the Microsoft ODBC Driver for SQL Server.") from None
    return pyodbc


# --- pure helpers ------------------------------------------------------------

def validate_name(name: str) -> str:
    """A database name that is safe to bracket-quote into T-SQL, or EngineError."""
    if not name:
        raise EngineError("No SQL Server database name is configured.", hint="Set database.name.")
    if not NAME_PATTERN.fullmatch(name) or len(name) > MAX_NAME_LENGTH:
        raise EngineError(f"The SQL Server database name {name!r} cannot be used.",
                          hint=f"Use only letters, digits and _ (at most {MAX_NAME_LENGTH} characters).")
    return name


def quote_name(name: str) -> str:
    """[name], with ] doubled (names are validated first; this is the second guard)."""
    return "[" + validate_name(name).replace("]", "]]") + "]"


def odbc_value(value: str) -> str:
    """A connection-string value, braced when it holds characters ODBC treats specially."""
    if re.search(r"[;{}=\s]", value) or value != value.strip():
        return "{" + value.replace("}", "}}") + "}"
    return value


def pick_driver(configured: str, installed: list[str]) -> str:
    if configured:
        return configured
    versions = [(int(m.group(1)), d) for d in installed if (m := DRIVER_PATTERN.match(d))]
    if not versions:
        raise NotSupportedError(
            "No Microsoft ODBC Driver for SQL Server is installed on this machine.",
            hint="Install 'ODBC Driver 18 for SQL Server' (or 17) from Microsoft, or name an installed "
                 "driver in database.driver.")
    return max(versions)[1]


def server_path(folder: str, file_name: str) -> str:
    """``folder\\file_name`` in the path syntax of the SQL Server machine (Windows or Linux)."""
    if "\\" in folder or re.match(r"^[A-Za-z]:", folder):
        return str(PureWindowsPath(folder) / file_name)
    return str(PurePosixPath(folder) / file_name)


def safe_file_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text) or "file"


def file_extension(file_type: str) -> str:
    """.mdf for the data files, .ldf for the log; FILESTREAM/full-text containers have none."""
    return {"D": ".mdf", "L": ".ldf"}.get(file_type.upper(), "")


def rows_as_dicts(cursor) -> list[dict[str, Any]]:
    """Rows keyed by column name: RESTORE's column sets change between versions."""
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# --- the engine --------------------------------------------------------------

class SQLServerEngine(Engine):
    name = "sqlserver"
    paramstyle = "qmark"

    @property
    def live(self) -> str:
        return validate_name(self.db.name)

    @property
    def staging(self) -> str:
        return self.live + STAGING_SUFFIX

    @property
    def old(self) -> str:
        return self.live + OLD_SUFFIX

    def describe(self) -> str:
        return f"SQL Server database {self.db.name} on {self.server_address()}"

    def database_name(self) -> str:
        return self.live

    def server_address(self) -> str:
        """``HOST\\INSTANCE`` or ``host,port`` as ODBC wants it."""
        server = self.db.server.strip() or "localhost"
        if self.db.port and "," not in server and "\\" not in server:
            server = f"{server},{self.db.port}"
        return server

    # --- connections -------------------------------------------------------------
    def connection_string(self, database: str) -> str:
        driver = pick_driver(self.db.driver, list(_pyodbc().drivers()))
        parts = [f"DRIVER={{{driver}}}", f"SERVER={odbc_value(self.server_address())}",
                 f"DATABASE={odbc_value(database)}", "APP=contingencia"]
        if self.db.auth == "windows":
            parts.append("Trusted_Connection=yes")
        else:
            if not self.db.user:
                raise EngineError("No SQL Server user is configured for SQL authentication.",
                                  hint="Set database.user and its password, or use Windows authentication.")
            parts += [f"UID={odbc_value(self.db.user)}", f"PWD={odbc_value(self.db.password or '')}"]
        # Driver 18 encrypts by default and SQL Express has a self-signed certificate;
        # the server is normally this machine (it writes the backup file locally).
        parts.append("TrustServerCertificate=yes")
        return ";".join(parts) + ";"

    def _connect(self, database: str, *, autocommit: bool = True):
        pyodbc = _pyodbc()
        try:
            conn = pyodbc.connect(self.connection_string(database), autocommit=autocommit,
                                  timeout=LOGIN_TIMEOUT_S)
        except pyodbc.Error as exc:
            raise EngineError(f"Cannot connect to SQL Server {self.server_address()} (database {database}): "
                              f"{self._scrub(_odbc_message(exc))}.",
                              hint="Check database.server (HOST\\INSTANCE or host,port), the authentication "
                                   "and that the SQL Server service is running and reachable.") from None
        conn.timeout = QUERY_TIMEOUT_S
        return conn

    def _master(self):
        return self._connect("master")

    def _scrub(self, text: str) -> str:
        if self.db.password:
            text = text.replace(self.db.password, "***")
        return text

    def connect(self):
        return self._connect(self.live, autocommit=False)

    def exists(self) -> bool:
        conn = self._master()
        try:
            return _database_exists(conn.cursor(), self.live)
        finally:
            conn.close()

    def check(self) -> str:
        conn = self._connect(self.live)
        try:
            cursor = conn.cursor()
            version = cursor.execute("SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128))").fetchone()[0]
            tables = cursor.execute("SELECT COUNT(*) FROM sys.tables WHERE is_ms_shipped = 0").fetchone()[0]
        except _pyodbc().Error as exc:
            raise EngineError(f"{self.describe()} answered with an error: {self._scrub(_odbc_message(exc))}.",
                              hint="Check the database name and the user's rights.") from None
        finally:
            conn.close()
        return f"{self.describe()}: SQL Server {version}, {tables} tables."

    def _run(self, cursor, sql: str, *params, error: type[EngineError], doing: str, folder: Path | None = None):
        """Execute one batch and drain every result set, so a late error is raised here."""
        try:
            cursor.execute(sql, *params)
            while cursor.nextset():
                pass
        except _pyodbc().Error as exc:
            raise self._error(exc, error, doing, folder) from None

    def _error(self, exc: Exception, error: type[EngineError], doing: str, folder: Path | None) -> EngineError:
        message = self._scrub(_odbc_message(exc))
        if folder is not None and ("(3201)" in message or "Access is denied" in message
                                   or "Operating system error 5" in message):
            return error(f"SQL Server could not open the backup file while {doing}: {message}.",
                         hint=ACCESS_DENIED_HINT.format(folder=folder))
        return error(f"SQL Server failed while {doing}: {message}.",
                     hint="The live database was not changed." if error is RestoreError else
                     "Check the SQL Server error log.")

    # --- official side ---------------------------------------------------------------
    def backup(self, work_dir: Path, progress: Progress = None) -> list[Path]:
        work_dir = Path(work_dir).resolve()
        work_dir.mkdir(parents=True, exist_ok=True)
        target = work_dir / f"{self.live}{BAK_SUFFIX}"
        target.unlink(missing_ok=True)
        report(progress, 0, 0)
        conn = self._master()
        try:
            cursor = conn.cursor()
            options = "COPY_ONLY, INIT, FORMAT, CHECKSUM"
            if self._supports_compression(cursor):
                options += ", COMPRESSION"
            self._run(cursor, f"BACKUP DATABASE {quote_name(self.live)} TO DISK = ? WITH {options}",
                      str(target), error=BackupError, doing=f"backing up {self.live} to {target}",
                      folder=work_dir)
            self._run(cursor, "RESTORE VERIFYONLY FROM DISK = ? WITH CHECKSUM", str(target),
                      error=BackupError, doing=f"verifying the backup {target}", folder=work_dir)
        finally:
            conn.close()
        if not target.is_file():
            raise BackupError(f"SQL Server reported the backup done but {target} is not visible from here.",
                              hint="The work folder must be the same folder for this program and for the "
                                   "SQL Server service (use a local folder on the SQL Server machine).")
        size = target.stat().st_size
        report(progress, size, size)
        return [target]

    def _supports_compression(self, cursor) -> bool:
        row = cursor.execute("SELECT CAST(SERVERPROPERTY('EngineEdition') AS int), "
                             "CAST(SERVERPROPERTY('Edition') AS nvarchar(128))").fetchone()
        edition_id, edition = int(row[0] or 0), str(row[1] or "")
        # Express and Web editions refuse WITH COMPRESSION.
        return edition_id in COMPRESSION_EDITIONS and "web" not in edition.lower()

    # --- contingency side -----------------------------------------------------------
    def recover(self, work_dir: Path) -> list[str]:
        done: list[str] = []
        if not self.db.name:
            return done
        conn = self._master()
        try:
            self._recover(conn.cursor(), done)
        except _pyodbc().Error as exc:
            raise self._error(exc, RestoreError, "cleaning up after an interrupted restore", None) from None
        finally:
            conn.close()
        return done

    def _recover(self, cursor, done: list[str]) -> None:
        """Drop a leftover staging copy, put a half-swapped copy back, unlock the live one."""
        if _database_exists(cursor, self.staging):
            self._run(cursor, f"DROP DATABASE {quote_name(self.staging)}", error=RestoreError,
                      doing=f"dropping {self.staging} left by an interrupted restore")
            done.append(f"dropped {self.staging} left by an interrupted restore")
        live_there = _database_exists(cursor, self.live)
        if _database_exists(cursor, self.old):
            if live_there:
                self._drop_old(cursor)
                done.append(f"dropped {self.old} left after a completed restore")
            else:
                self._rename(cursor, self.old, self.live, RestoreError)
                done.append(f"renamed {self.old} back to {self.live} (a restore was interrupted during "
                            "the swap)")
                live_there = True
        if live_there and _user_access(cursor, self.live) != "MULTI_USER":
            self._multi_user(cursor, self.live)
            done.append(f"set {self.live} back to MULTI_USER")

    def restore(self, files: list[Path], work_dir: Path, progress: Progress = None) -> str:
        backups = [Path(f) for f in files if Path(f).suffix.lower() == BAK_SUFFIX]
        if len(backups) != 1:
            raise RestoreError(f"The bundle holds {len(backups)} SQL Server backups; exactly one was expected.")
        backup = Path(backups[0]).resolve()
        folder = backup.parent
        for line in self.recover(work_dir):
            log.info("SQL Server recover: %s", line)
        total = backup.stat().st_size if backup.exists() else 0
        report(progress, 0, total)
        conn = self._master()
        try:
            cursor = conn.cursor()
            try:
                self._check_header(cursor, backup, folder)
                moves = self._plan_moves(cursor, backup, folder)
                self._restore_staging(cursor, backup, moves, folder)
                summary = self._check_staging(cursor)
                self._swap(cursor)
            except BaseException:
                self._drop_staging_quietly(cursor)
                raise
        except _pyodbc().Error as exc:
            raise self._error(exc, RestoreError, f"restoring {backup.name}", folder) from None
        finally:
            conn.close()
        report(progress, total, total)
        return summary

    def _check_header(self, cursor, backup: Path, folder: Path) -> None:
        try:
            cursor.execute("RESTORE HEADERONLY FROM DISK = ?", str(backup))
            headers = rows_as_dicts(cursor)
            while cursor.nextset():
                pass
        except _pyodbc().Error as exc:
            raise self._error(exc, RestoreError, f"reading the header of {backup}", folder) from None
        if not headers:
            raise RestoreError(f"The backup file {backup} holds no backup set.",
                               hint="The bundle is damaged; the next bundle will be tried.")
        found = str(headers[0].get("DatabaseName") or "")
        if found.lower() != self.live.lower():
            raise RestoreError(f"The backup file {backup.name} holds the database {found!r}, not {self.live!r}.",
                               hint="The live database was not changed. Configure the same database name "
                                    "(database.name) here as on the official server.")

    def _plan_moves(self, cursor, backup: Path, folder: Path) -> list[tuple[str, str]]:
        """(logical name, new physical path) for every file of the backup."""
        try:
            cursor.execute("RESTORE FILELISTONLY FROM DISK = ?", str(backup))
            files = rows_as_dicts(cursor)
            while cursor.nextset():
                pass
        except _pyodbc().Error as exc:
            raise self._error(exc, RestoreError, f"reading the file list of {backup}", folder) from None
        if not files:
            raise RestoreError(f"The backup file {backup} lists no database files.",
                               hint="The bundle is damaged; the next bundle will be tried.")
        data_folder, log_folder = self._data_folders(cursor)
        in_use = self._physical_names_in_use(cursor)
        # The live copy still uses the names of the previous restore: alternate between two sets.
        for generation in ("", "_2"):
            moves = []
            for row in files:
                logical, kind = str(row["LogicalName"]), str(row.get("Type") or "D")
                name = f"{self.staging}_{safe_file_part(logical)}{generation}{file_extension(kind)}"
                moves.append((logical, server_path(log_folder if kind.upper() == "L" else data_folder, name)))
            if not any(path.lower() in in_use for _, path in moves):
                return moves
        raise RestoreError("Both sets of staging file names are in use by other databases.",
                           hint=f"Drop the database {self.old} if it is left over, then try again.")

    def _data_folders(self, cursor) -> tuple[str, str]:
        if self.db.data_folder:
            return self.db.data_folder, self.db.data_folder
        row = cursor.execute("SELECT CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(260)), "
                             "CAST(SERVERPROPERTY('InstanceDefaultLogPath') AS nvarchar(260))").fetchone()
        if not row or not row[0]:
            raise RestoreError("No folder is configured for the restored database files.",
                               hint="Set database.data_folder (the SQL Server data folder, for example "
                                    "C:\\Program Files\\Microsoft SQL Server\\MSSQL16.SQLEXPRESS\\MSSQL\\DATA).")
        return str(row[0]), str(row[1] or row[0])

    def _physical_names_in_use(self, cursor) -> set[str]:
        rows = cursor.execute("SELECT physical_name FROM sys.master_files").fetchall()
        return {str(row[0]).lower() for row in rows}

    def _restore_staging(self, cursor, backup: Path, moves: list[tuple[str, str]], folder: Path) -> None:
        move_sql = ", ".join("MOVE ? TO ?" for _ in moves)
        params = [str(backup)] + [value for move in moves for value in move]
        self._run(cursor, f"RESTORE DATABASE {quote_name(self.staging)} FROM DISK = ? WITH {move_sql}, "
                          "CHECKSUM, RECOVERY, REPLACE", *params,
                  error=RestoreError, doing=f"restoring {backup.name} into {self.staging}", folder=folder)

    def _check_staging(self, cursor) -> str:
        self._run(cursor, f"DBCC CHECKDB ({quote_name(self.staging)}) WITH NO_INFOMSGS", error=RestoreError,
                  doing=f"checking {self.staging} (DBCC CHECKDB)")
        try:
            tables = cursor.execute(f"SELECT COUNT(*) FROM {quote_name(self.staging)}.sys.tables "
                                    "WHERE is_ms_shipped = 0").fetchone()[0]
        except _pyodbc().Error as exc:
            raise self._error(exc, RestoreError, f"counting the tables of {self.staging}", None) from None
        return f"CHECKDB ok, {tables} tables"

    def _swap(self, cursor) -> None:
        if not _database_exists(cursor, self.live):
            self._rename(cursor, self.staging, self.live, RestoreError)
            return
        self._wait_for_sessions(cursor)
        self._run(cursor, f"ALTER DATABASE {quote_name(self.live)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
                  error=RestoreError, doing=f"taking {self.live} to single-user mode")
        previous = self.live  # the current name of the previous live database
        swapped = False
        try:
            self._rename(cursor, self.live, self.old, RestoreError)
            previous = self.old
            try:
                self._rename(cursor, self.staging, self.live, RestoreError)
            except RestoreError:
                self._rename(cursor, self.old, self.live, RestoreError)
                previous = self.live
                raise
            swapped = True
        finally:
            # Whatever happened, the previous copy must not stay locked to one user.
            self._multi_user_quietly(cursor, previous)
        if swapped:
            self._drop_old(cursor)

    def _wait_for_sessions(self, cursor) -> None:
        """The sessions still there are rolled back by SINGLE_USER WITH ROLLBACK IMMEDIATE."""
        self.wait_for_other_sessions(self.live, lambda: _sessions(cursor, self.live))

    def _rename(self, cursor, old: str, new: str, error: type[EngineError]) -> None:
        self._run(cursor, f"ALTER DATABASE {quote_name(old)} MODIFY NAME = {quote_name(new)}", error=error,
                  doing=f"renaming {old} to {new}")

    def _multi_user(self, cursor, name: str) -> None:
        self._run(cursor, f"ALTER DATABASE {quote_name(name)} SET MULTI_USER", error=RestoreError,
                  doing=f"setting {name} back to MULTI_USER")

    def _multi_user_quietly(self, cursor, name: str) -> None:
        try:
            self._multi_user(cursor, name)
        except RestoreError as exc:  # the first error matters more; recover() retries
            log.error("%s", exc)

    def _drop_old(self, cursor) -> None:
        try:
            self._run(cursor, f"DROP DATABASE {quote_name(self.old)}", error=RestoreError,
                      doing=f"dropping the previous copy {self.old}")
        except RestoreError as exc:
            log.warning("%s The next restore drops it.", exc)

    def _drop_staging_quietly(self, cursor) -> None:
        try:
            if _database_exists(cursor, self.staging):
                self._run(cursor, f"DROP DATABASE {quote_name(self.staging)}", error=RestoreError,
                          doing=f"dropping {self.staging}")
        except Exception as exc:  # the original error matters more; recover() retries
            log.warning("The staging database %s could not be dropped: %s", self.staging, exc)


def _odbc_message(exc: Exception) -> str:
    """pyodbc errors carry (sqlstate, message); the message is what people need."""
    args = getattr(exc, "args", ())
    if len(args) >= 2:
        return str(args[1]).strip()
    return str(exc).strip()


def _database_exists(cursor, name: str) -> bool:
    return cursor.execute("SELECT DB_ID(?)", name).fetchone()[0] is not None


def _sessions(cursor, name: str) -> int:
    return int(cursor.execute("SELECT COUNT(*) FROM sys.dm_exec_sessions WHERE database_id = DB_ID(?) "
                              "AND session_id <> @@SPID", name).fetchone()[0])


def _user_access(cursor, name: str) -> str:
    row = cursor.execute("SELECT user_access_desc FROM sys.databases WHERE name = ?", name).fetchone()
    return str(row[0]) if row else ""


ENGINE = SQLServerEngine
