"""SQL Server through pyodbc: native BACKUP / RESTORE, as MGV7 itself uses.

SQL Server reads and writes backup files itself, with its own service account
(``NT Service\\MSSQL$SQLEXPRESS`` and the like). For a server on this machine the
work folder is used directly; for a server on another machine the .bak goes
through ``database.shared_folder``, a share both reach (``shared_folder_on_server``
when the server names it differently), and is removed from there afterwards.

Backup: ``BACKUP DATABASE ... WITH COPY_ONLY`` (it never breaks the store's own
backup chain), ``CHECKSUM``, then ``RESTORE VERIFYONLY``.

Restore follows base.ServerEngine; the SQL Server parts:
- pre-checks before anything is written: the login's permissions (sysadmin or
  dbcreator; VIEW SERVER STATE to see other sessions), the backup's database name,
  version and checksums (RESTORE HEADERONLY), the Express 10 GB limit, the free
  space for the staging copy at its full allocated size (RESTORE FILELISTONLY);
- ``RESTORE DATABASE <name>__staging ... WITH RESTRICTED_USER`` (the store's
  application login cannot open the copy), ``DBCC CHECKDB``, a table count of the
  copy;
- users mapped to this server's logins (``ALTER USER ... WITH LOGIN``), the owner
  set to ``database.owner_login``, the SIMPLE recovery model (a promoted server
  has no log backups);
- the swap in ONE batch (see SWAP_BATCH): RESTRICTED_USER on the live database,
  two renames, MULTI_USER, and a CATCH that puts the live database back under
  its name, MULTI_USER, before re-raising. docs/sqlserver.md says why.

Database names cannot be parameters of ALTER DATABASE: they are validated
strictly and bracket-quoted. Paths and logical names go as parameters. Every
batch's result sets are drained (``nextset``): pyodbc raises an error that
follows informational messages only when its result set is reached.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Iterator

from ..errors import BackupError, BadBackupError, EngineError, NotSupportedError, RestoreError
from ..phrases import Phrase, said
from ..progress import Progress, report
from . import sqlserver_errors
from .base import STAGING_SUFFIX, ServerEngine

log = logging.getLogger(__name__)

BAK_SUFFIX = ".bak"
MAX_NAME_LENGTH = 128 - len(STAGING_SUFFIX)
NAME_PATTERN = re.compile(r"[A-Za-z0-9_]+")
DRIVER_PATTERN = re.compile(r"^ODBC Driver (\d+) for SQL Server$")
FREETDS = "FreeTDS"
LOGIN_TIMEOUT_S = 15
#: a BACKUP, RESTORE or CHECKDB that runs longer than this is stuck, not slow
QUERY_TIMEOUT_S = 6 * 3600
#: EngineEdition values whose BACKUP supports COMPRESSION: Standard, Enterprise, Managed Instance
COMPRESSION_EDITIONS = (2, 3, 8)
EXPRESS_EDITION = 4
EXPRESS_LIMIT_BYTES = 10 * 1024 ** 3
#: SQL Server 2022 split VIEW SERVER STATE; its DMVs need VIEW SERVER PERFORMANCE STATE
SQL2022 = 16
HISTORY_DAYS = 30
LOCAL_HOSTS = {"", ".", "(local)", "localhost", "127.0.0.1", "::1"}

SWAP_BATCH = """BEGIN TRY
    ALTER DATABASE {live} SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE;
    ALTER DATABASE {live} MODIFY NAME = {old};
    ALTER DATABASE {staging} MODIFY NAME = {live};
    ALTER DATABASE {live} SET MULTI_USER;
END TRY
BEGIN CATCH
    IF DB_ID(N'{live_text}') IS NULL AND DB_ID(N'{old_text}') IS NOT NULL ALTER DATABASE {old} MODIFY NAME = {live};
    IF DB_ID(N'{live_text}') IS NOT NULL ALTER DATABASE {live} SET MULTI_USER;
    THROW;
END CATCH"""

PERMISSIONS_SQL = ("SELECT IS_SRVROLEMEMBER('sysadmin'), IS_SRVROLEMEMBER('dbcreator'), "
                   "HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE'), "
                   "CASE WHEN CAST(SERVERPROPERTY('ProductMajorVersion') AS int) >= 16 "
                   "THEN HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER PERFORMANCE STATE') END, "
                   "CAST(SERVERPROPERTY('ProductMajorVersion') AS int), CAST(SERVERPROPERTY('EngineEdition') AS int), "
                   "CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)), SUSER_SNAME()")
ORPHANS_SQL = ("SELECT dp.name FROM {db}.sys.database_principals AS dp "
               "LEFT JOIN sys.server_principals AS sp ON sp.sid = dp.sid "
               "WHERE dp.type IN ('S', 'U', 'G') AND dp.principal_id > 4 AND dp.authentication_type IN (1, 3) "
               "AND sp.sid IS NULL")
SESSIONS_SQL = ("SELECT session_id, host_name, program_name FROM sys.dm_exec_sessions "
                "WHERE database_id = DB_ID(?) AND session_id <> @@SPID")
VOLUMES_SQL = ("SELECT DISTINCT vs.volume_mount_point, vs.available_bytes FROM sys.master_files AS f "
               "CROSS APPLY sys.dm_os_volume_stats(f.database_id, f.file_id) AS vs")
def view_state_hint(login: str) -> Phrase:
    return Phrase("Grant the login VIEW SERVER STATE (SQL Server 2019 and older) or VIEW SERVER PERFORMANCE STATE "
                  "(2022 and newer): GRANT VIEW SERVER STATE TO [%1]. Without it SQL Server shows a login only its "
                  "own session.", (login,))


def _pyodbc():
    """pyodbc, imported on first use (tests swap in a fake here)."""
    try:
        import pyodbc
    except ImportError as exc:
        raise NotSupportedError(Phrase("The SQL Server engine needs pyodbc, which cannot be loaded: %1.", (exc,)),
                                hint=Phrase("Install pyodbc and the Microsoft ODBC Driver for SQL Server.")) from None
    return pyodbc


# --- pure helpers ------------------------------------------------------------

def validate_name(name: str) -> str:
    """A database name that is safe to bracket-quote into T-SQL, or EngineError."""
    if not name:
        raise EngineError(Phrase("No SQL Server database name is configured."), hint=Phrase("Set database.name."))
    if not NAME_PATTERN.fullmatch(name) or len(name) > MAX_NAME_LENGTH:
        raise EngineError(Phrase("The SQL Server database name %1 cannot be used.", (f'{name!r}',)),
                          hint=Phrase("Use only letters, digits and _ (at most %1 characters).", (MAX_NAME_LENGTH,)))
    return name


def quote_name(name: str) -> str:
    """[name] of a validated database name."""
    return quote_identifier(validate_name(name))


def quote_identifier(name: str) -> str:
    """[name] for any principal name (DOMAIN\\user, names with spaces): ] doubled."""
    return "[" + name.replace("]", "]]") + "]"


def sql_literal(text: str) -> str:
    """N'text' with ' doubled, for the few places T-SQL accepts no parameter."""
    return "N'" + text.replace("'", "''") + "'"


def odbc_value(value: str, driver: str = "") -> str:
    """A connection-string value, braced when it holds characters ODBC treats specially.

    Microsoft's drivers read ``}}`` inside braces as one ``}``. FreeTDS does not: it
    takes everything up to the ``}`` that ends the value (before ``;`` or the end), so
    its value is braced as it is; a value holding ``};`` cannot be passed to it.
    """
    if not (re.search(r"[;{}=\s]", value) or value != value.strip()):
        return value
    if is_freetds(driver):
        if "};" in value or value.endswith("}"):
            raise EngineError(Phrase("This password cannot be passed to the FreeTDS ODBC driver (it holds '};' or "
                                     "ends with '}')."),
                              hint=Phrase("Use the Microsoft ODBC Driver 18 for SQL Server, or change the password."))
        return "{" + value + "}"
    return "{" + value.replace("}", "}}") + "}"


def is_freetds(driver: str) -> bool:
    return FREETDS.lower() in driver.lower()


def pick_driver(configured: str, installed: list[str]) -> str:
    """The configured driver when installed; else Microsoft's newest; else FreeTDS."""
    if configured:
        if configured not in installed:
            raise NotSupportedError(
                Phrase("The ODBC driver '%1' named in database.driver is not installed on this machine.",
                       (configured,)),
                hint=Phrase("Installed ODBC drivers: %1. Name one of them, or leave database.driver empty to use "
                            "the newest Microsoft ODBC Driver for SQL Server.", (', '.join(installed) or 'none',)))
        return configured
    versions = [(int(m.group(1)), d) for d in installed if (m := DRIVER_PATTERN.match(d))]
    if versions:
        return max(versions)[1]
    freetds = [d for d in installed if is_freetds(d)]
    if freetds:
        return freetds[0]
    raise NotSupportedError(
        Phrase("No ODBC driver for SQL Server is installed on this machine."),
        hint=Phrase("Install 'ODBC Driver 18 for SQL Server' from Microsoft (or 17), or name an installed driver "
                    "in database.driver."))


def server_path(folder: str, file_name: str) -> str:
    """``folder\\file_name`` in the path syntax of the SQL Server machine (Windows or Linux)."""
    if "\\" in folder or re.match(r"^[A-Za-z]:", folder):
        return str(PureWindowsPath(folder) / file_name)
    return str(PurePosixPath(folder) / file_name)


def parent_folder(path: str) -> str:
    """The folder of a path in the SQL Server machine's syntax."""
    return str(PureWindowsPath(path).parent) if "\\" in path else str(PurePosixPath(path).parent)


def safe_file_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text) or "file"


def file_extension(file_type: str) -> str:
    """.mdf for the data files, .ldf for the log; FILESTREAM/full-text containers have none."""
    return {"D": ".mdf", "L": ".ldf"}.get(file_type.upper(), "")


def parse_login_map(text: str) -> dict[str, str]:
    """``user=login, user2=DOMAIN\\login2`` -> {user: login} (user names compared without case)."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        user, sep, login = (piece.strip() for piece in item.partition("="))
        if not sep or not user or not login:
            raise EngineError(Phrase("database.login_map: %1 is not user=login.", (f'{item!r}',)),
                              hint=Phrase("Write the map as user=login, separated by commas."))
        mapping[user.lower()] = login
    return mapping


def rows_as_dicts(cursor) -> list[dict[str, Any]]:
    """Rows keyed by column name: RESTORE's column sets change between versions."""
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def same_folder(a: str, b: str) -> bool:
    """Whether a server path lies under a mount point (case-insensitive, either slash)."""
    norm = lambda p: p.replace("/", "\\").rstrip("\\").lower() + "\\"  # noqa: E731
    return norm(a).startswith(norm(b))


@dataclass
class Permissions:
    sysadmin: bool
    dbcreator: bool
    view_state: bool
    major: int
    edition: int
    version: str
    login: str

    @property
    def may_restore(self) -> bool:
        return self.sysadmin or self.dbcreator


# --- the engine --------------------------------------------------------------

class SQLServerEngine(ServerEngine):
    name = "sqlserver"
    paramstyle = "qmark"
    artifact_suffix = BAK_SUFFIX
    artifact_label = "SQL Server backups"

    #: the .bak as the SQL Server machine names it (set for the length of a restore)
    _server_bak = ""
    _moves: list[tuple[str, str]] = []

    def validate_name(self, name: str) -> str:
        return validate_name(name)

    def describe(self) -> str:
        return f"SQL Server database {self.db.name} on {self.server_address()}"

    def server_address(self) -> str:
        """``HOST\\INSTANCE`` or ``host,port`` as ODBC wants it."""
        server = self.db.server.strip() or "localhost"
        if self.db.port and "," not in server and "\\" not in server:
            server = f"{server},{self.db.port}"
        return server

    def is_remote(self) -> bool:
        host = re.split(r"[\\,]", self.db.server.strip(), maxsplit=1)[0].strip().lower()
        return host not in LOCAL_HOSTS | {socket.gethostname().lower()}

    # --- connections -------------------------------------------------------------
    def connection_string(self, database: str) -> str:
        driver = pick_driver(self.db.driver, list(_pyodbc().drivers()))
        parts = [f"DRIVER={{{driver}}}", f"SERVER={odbc_value(self.server_address(), driver)}",
                 f"DATABASE={odbc_value(database, driver)}", "APP=contingencia"]
        if self.db.auth == "windows":
            parts.append("Trusted_Connection=yes")
        else:
            if not self.db.user:
                raise EngineError(Phrase("No SQL Server user is configured for SQL authentication."),
                                  hint=Phrase("Set database.user and its password, or use Windows authentication."))
            parts += [f"UID={odbc_value(self.db.user, driver)}", f"PWD={odbc_value(self.db.password or '', driver)}"]
        # Driver 18 encrypts by default and SQL Express has a self-signed certificate.
        parts.append("TrustServerCertificate=yes")
        return ";".join(parts) + ";"

    def _connect(self, database: str, *, autocommit: bool = True):
        pyodbc = _pyodbc()
        connection_string = self.connection_string(database)
        try:
            conn = pyodbc.connect(connection_string, autocommit=autocommit, timeout=LOGIN_TIMEOUT_S)
        except pyodbc.Error as exc:
            message = self._scrub(_odbc_message(exc))
            raise EngineError(Phrase(sqlserver_errors.CANNOT_CONNECT, (self.server_address(), database, message)),
                              hint=sqlserver_errors.explain(message, _sqlstate(exc), database)) from None
        conn.timeout = QUERY_TIMEOUT_S
        return conn

    @contextmanager
    def admin_session(self) -> Iterator[Any]:
        """A cursor on master, autocommit (ALTER/RESTORE/BACKUP refuse to run in a transaction)."""
        conn = self._connect("master")
        try:
            yield conn.cursor()
        finally:
            conn.close()

    def _scrub(self, text: str) -> str:
        if self.db.password:
            text = text.replace(self.db.password, "***")
        return text

    def connect(self):
        return self._connect(self.live, autocommit=False)

    # --- running T-SQL ---------------------------------------------------------------
    def _run(self, cursor, sql: str, *params, doing: str, error: type[EngineError] = RestoreError,
             folder: str = "") -> None:
        """Execute one batch and drain every result set, so a late error is raised here."""
        try:
            cursor.execute(sql, *params)
            while cursor.nextset():
                pass
        except _pyodbc().Error as exc:
            raise self._error(exc, error, doing, folder) from None

    def _rows(self, cursor, sql: str, *params, doing: str, error: type[EngineError] = RestoreError,
              folder: str = "") -> list[tuple]:
        try:
            rows = cursor.execute(sql, *params).fetchall()
            while cursor.nextset():
                pass
            return rows
        except _pyodbc().Error as exc:
            raise self._error(exc, error, doing, folder) from None

    def _dicts(self, cursor, sql: str, *params, doing: str, folder: str = "") -> list[dict[str, Any]]:
        try:
            cursor.execute(sql, *params)
            rows = rows_as_dicts(cursor)
            while cursor.nextset():
                pass
            return rows
        except _pyodbc().Error as exc:
            raise self._error(exc, RestoreError, doing, folder) from None

    def _error(self, exc: Exception, error: type[EngineError], doing: str, folder: str) -> EngineError:
        message = self._scrub(_odbc_message(exc))
        explanation = sqlserver_errors.explain(message, _sqlstate(exc), self.db.name, folder)
        result = error(Phrase(sqlserver_errors.FAILED_WHILE, (doing, message)), hint=explanation)
        result.explanation = explanation
        result.numbers = sqlserver_errors.error_numbers(message)
        return result

    def permissions(self, cursor) -> Permissions:
        row = self._rows(cursor, PERMISSIONS_SQL, doing="reading this login's permissions")[0]
        major = int(row[4] or 0)
        view_state = bool(row[3] if major >= SQL2022 else row[2]) or bool(row[0])
        return Permissions(bool(row[0]), bool(row[1]), view_state, major, int(row[5] or 0), str(row[6] or ""),
                           str(row[7] or ""))

    # --- test-connection ---------------------------------------------------------------
    def check(self) -> str:
        self._require_reachable_folder()
        with self.admin_session() as cursor:
            perms = self.permissions(cursor)
            if not self.database_exists(cursor, self.live):
                raise EngineError(Phrase("%1 does not exist.", (self.describe(),)), hint=Phrase("Check database.name."))
            tables = self._rows(cursor, f"SELECT COUNT(*) FROM {quote_name(self.live)}.sys.tables "
                                        "WHERE is_ms_shipped = 0", doing=f"counting the tables of {self.live}",
                                error=EngineError)[0][0]
            notes = [f"SQL Server {perms.version}, {tables} tables", self._permission_note(perms)]
            if perms.edition == EXPRESS_EDITION:
                notes.append(self._express_note(cursor))
            if perms.view_state:
                notes.append(self._space_note(cursor))
            if perms.may_restore and self.db.data_folder:
                notes.append(self._probe_data_folder(cursor))
        return f"{self.describe()}: " + "; ".join(notes) + "."

    def _express_note(self, cursor) -> str:
        used = int(self._rows(cursor, "SELECT SUM(CAST(size AS bigint)) * 8192 FROM sys.master_files "
                                      "WHERE database_id = DB_ID(?) AND type = 0", self.live,
                              doing=f"reading the size of {self.live}", error=EngineError)[0][0] or 0)
        note = f"Express: the data files take {used / 1024 ** 3:.1f} GB of the 10 GB a database may have"
        return note + (" (NEARLY FULL)" if used > 0.9 * EXPRESS_LIMIT_BYTES else "")

    def _space_note(self, cursor) -> str:
        data, _ = self._data_folders(cursor)
        volumes = self._rows(cursor, VOLUMES_SQL, doing="reading the free disk space", error=EngineError)
        mounts = [(str(v[0]), int(v[1])) for v in volumes if same_folder(data, str(v[0]))]
        if not mounts:
            return f"free space in {data}: not known (no database file on that volume yet)"
        mount, free = max(mounts, key=lambda m: len(m[0]))
        return f"{free / 1024 ** 3:.1f} GB free on {mount} (a restore needs the database's full size there)"

    def _permission_note(self, perms: Permissions) -> str:
        role = "sysadmin" if perms.sysadmin else "dbcreator" if perms.dbcreator else "neither sysadmin nor dbcreator"
        note = f"login {perms.login} is {role}"
        if not perms.may_restore:
            note += " (a contingency cannot restore: grant dbcreator)"
        if perms.view_state:
            return note + ", sees other sessions (busy detection works)"
        return note + (", CANNOT see other sessions, so a restore refuses to run: "
                       + str(view_state_hint(perms.login)))

    def _probe_data_folder(self, cursor) -> str:
        """Create and drop a tiny database with its files in the data folder: proves that the
        SQL Server service sees the folder and may write there."""
        data, log_folder = self._data_folders(cursor)
        probe = self.live + "__probe"
        files = [server_path(data, f"{probe}.mdf"), server_path(log_folder, f"{probe}_log.ldf")]
        # CREATE DATABASE takes file names only as literals (RESTORE and BACKUP take parameters).
        self._run(cursor, f"CREATE DATABASE {quote_name(probe)} ON (NAME = N'{probe}', FILENAME = "
                          f"{sql_literal(files[0])}) LOG ON (NAME = N'{probe}_log', FILENAME = {sql_literal(files[1])})",
                  doing=f"creating a test database in {data}", error=EngineError, folder=data)
        self.drop_database(cursor, probe)
        return f"the SQL Server service writes in {data}"

    # --- folders for the .bak ---------------------------------------------------------
    def _require_reachable_folder(self) -> None:
        if self.is_remote() and not self.db.shared_folder:
            raise NotSupportedError(
                Phrase("SQL Server runs on another machine (%1): it writes and reads the .bak there, with its own "
                       "service account, and this program cannot reach that file.", (self.db.server,)),
                hint=Phrase("Set database.shared_folder to a share both machines reach (for example "
                            "\\\\server\\backup), give the SQL Server service account Modify rights on it, and "
                            "database.shared_folder_on_server if the server names it differently."))

    def _shared_names(self, file_name: str) -> tuple[Path, str]:
        """(the file as this program reaches it, the same file as SQL Server names it)."""
        on_server = self.db.shared_folder_on_server or self.db.shared_folder
        return Path(self.db.shared_folder) / file_name, server_path(on_server, file_name)

    # --- official side ---------------------------------------------------------------
    #: set before the backup by the chain (app/delta/logship.py): "log", "full" (a chain's), "" (plain)
    chain_backup = ""
    chain_reason = None
    #: the header of the chain's last backup (sqlserver_log.BackupSet)
    backup_set = None

    def backup(self, work_dir: Path, progress: Progress = None) -> list[Path]:
        if self.chain_backup:
            from . import sqlserver_log  # it builds on this module
            take = sqlserver_log.backup_log if self.chain_backup == "log" else sqlserver_log.full_backup
            path, self.backup_set = take(self, work_dir, progress)
            return [path]

        def statement(cursor) -> str:
            options = "COPY_ONLY, INIT, FORMAT, CHECKSUM"
            if self._supports_compression(cursor):
                options += ", COMPRESSION"
            return f"BACKUP DATABASE {quote_name(self.live)} TO DISK = ? WITH {options}"
        return [self.backup_to_file(work_dir, BAK_SUFFIX, statement, progress)]

    def backup_to_file(self, work_dir: Path, suffix: str, statement, progress: Progress = None,
                       read=None) -> Path:
        """``statement(cursor)`` (a BACKUP ... TO DISK = ?) writes ``<work>/<live><suffix>``, directly or
        through the shared folder, verified (RESTORE VERIFYONLY WITH CHECKSUM); ``read(cursor, on_server)``
        may read the file's header while SQL Server still sees it."""
        work_dir = Path(work_dir).resolve()
        work_dir.mkdir(parents=True, exist_ok=True)
        target = work_dir / f"{self.live}{suffix}"
        target.unlink(missing_ok=True)
        self._require_reachable_folder()
        if self.db.shared_folder:
            local, on_server = self._shared_names(f"{self.live}__{uuid.uuid4().hex[:12]}{suffix}")
        else:
            local, on_server = target, str(target)
        folder = parent_folder(on_server)
        report(progress, 0, 0)
        try:
            with self.admin_session() as cursor:
                self._run(cursor, statement(cursor), on_server,
                          error=BackupError, doing=f"backing up {self.live} to {on_server}", folder=folder)
                self._run(cursor, "RESTORE VERIFYONLY FROM DISK = ? WITH CHECKSUM", on_server,
                          error=BackupError, doing=f"verifying the backup {on_server}", folder=folder)
                if read is not None:
                    read(cursor, on_server)
                self._trim_history(cursor)
            if not local.is_file():
                raise BackupError(Phrase("SQL Server reported the backup done but %1 is not visible from here.",
                                         (local,)),
                                  hint=Phrase("The folder must be the same for this program and for the SQL Server "
                                              "service (database.shared_folder and "
                                              "database.shared_folder_on_server name one folder)."))
            if local != target:
                shutil.move(str(local), str(target))
        finally:
            if local != target:
                local.unlink(missing_ok=True)
        size = target.stat().st_size
        report(progress, size, size)
        return target

    def _supports_compression(self, cursor) -> bool:
        row = self._rows(cursor, "SELECT CAST(SERVERPROPERTY('EngineEdition') AS int), "
                                 "CAST(SERVERPROPERTY('Edition') AS nvarchar(128))",
                         doing="reading the edition", error=BackupError)[0]
        edition_id, edition = int(row[0] or 0), str(row[1] or "")
        # Express and Web editions refuse WITH COMPRESSION.
        return edition_id in COMPRESSION_EDITIONS and "web" not in edition.lower()

    def _trim_history(self, cursor) -> None:
        """Express has no Agent to clean msdb: each backup and restore adds rows for ever."""
        try:
            if self.permissions(cursor).edition != EXPRESS_EDITION:
                return
            self._run(cursor, "DECLARE @oldest datetime = DATEADD(day, ?, GETDATE()); "
                              "EXEC msdb.dbo.sp_delete_backuphistory @oldest_date = @oldest", -HISTORY_DAYS,
                      doing="trimming the backup history in msdb")
        except EngineError as exc:
            log.warning("%s", exc)

    # --- contingency side -----------------------------------------------------------
    def restore(self, files: list[Path], work_dir: Path, progress: Progress = None) -> str:
        backup = self.pick_artifact(files).resolve()
        self._require_reachable_folder()
        total = backup.stat().st_size if backup.exists() else 0
        report(progress, 0, total)
        with self._backup_for_server(backup) as on_server:
            self._server_bak = on_server
            summary = super().restore([backup], work_dir, progress)
        with self.admin_session() as cursor:
            self._trim_history(cursor)
        report(progress, total, total)
        return summary

    @contextmanager
    def _backup_for_server(self, backup: Path) -> Iterator[str]:
        """The .bak where SQL Server reads it: in place, or copied to the shared folder and
        removed from there afterwards."""
        if not self.db.shared_folder:
            yield str(backup)
            return
        local, on_server = self._shared_names(f"{self.live}__{uuid.uuid4().hex[:12]}{backup.suffix}")
        part = local.with_name(local.name + ".part")
        try:
            shutil.copyfile(backup, part)
            os.replace(part, local)
            yield on_server
        finally:
            part.unlink(missing_ok=True)
            local.unlink(missing_ok=True)

    def _bak_folder(self) -> str:
        return parent_folder(self._server_bak)

    def precheck(self, cursor, artifact: Path) -> None:
        perms = self.permissions(cursor)
        if not perms.may_restore:
            raise RestoreError(Phrase("The login %1 may not restore databases on %2.",
                                      (perms.login, self.server_address())),
                               hint=Phrase("Nothing was changed. Give it the dbcreator server role (or sysadmin): "
                                           "RESTORE, DBCC CHECKDB and the renames need it."))
        if not perms.view_state and self.database_exists(cursor, self.live):
            raise self._blind(perms, self.live)
        self._check_owner_login(cursor)
        header = self._header(cursor)
        files = self._file_list(cursor)
        self._check_version(header, perms)
        sizes = {str(f["LogicalName"]): int(f.get("Size") or 0) for f in files}
        data_bytes = sum(size for f, size in zip(files, sizes.values()) if str(f.get("Type") or "D").upper() != "L")
        if perms.edition == EXPRESS_EDITION and data_bytes > EXPRESS_LIMIT_BYTES:
            raise RestoreError(Phrase("The backup's data files take %1 GB; SQL Server Express allows 10 GB per "
                                      "database.", (f'{data_bytes / 1024 ** 3:.1f}',)),
                               hint=Phrase("Nothing was changed. Use an edition without that limit on this server."))
        self._moves = self._plan_moves(cursor, files)
        self._check_space(cursor, files)

    def _header(self, cursor) -> dict[str, Any]:
        headers = self._dicts(cursor, "RESTORE HEADERONLY FROM DISK = ?", self._server_bak,
                              doing=f"reading the header of {self._server_bak}", folder=self._bak_folder())
        if not headers:
            raise BadBackupError(Phrase("The backup file %1 holds no backup set.", (self._server_bak,)),
                               hint=Phrase("The bundle is damaged; the next bundle will be tried."))
        header = headers[0]
        found = str(header.get("DatabaseName") or "")
        if found.lower() != self.live.lower():
            raise BadBackupError(Phrase("The backup file holds the database %1, not %2.",
                                        (f'{found!r}', f'{self.live!r}')),
                               hint=Phrase("The live database was not changed. Configure the same database name "
                                           "(database.name) here as on the official server."))
        if not header.get("HasBackupChecksums"):
            raise RestoreError(Phrase("The backup was written without checksums, so its pages cannot be verified."),
                               hint=Phrase("Nothing was changed. Make the backup with this program (it uses WITH "
                                           "CHECKSUM)."))
        return header

    def _check_version(self, header: dict[str, Any], perms: Permissions) -> None:
        made_by = int(header.get("SoftwareVersionMajor") or 0)
        if made_by > perms.major:
            raise RestoreError(Phrase("The backup was made by SQL Server version %1; this server is version %2 "
                                      "(%3), which cannot read it.", (made_by, perms.major, perms.version)),
                               hint=Phrase("Nothing was changed. Upgrade this SQL Server to at least the "
                                           "official's version."))

    def _file_list(self, cursor) -> list[dict[str, Any]]:
        files = self._dicts(cursor, "RESTORE FILELISTONLY FROM DISK = ?", self._server_bak,
                            doing=f"reading the file list of {self._server_bak}", folder=self._bak_folder())
        if not files:
            raise BadBackupError(Phrase("The backup file lists no database files."),
                               hint=Phrase("The bundle is damaged; the next bundle will be tried."))
        return files

    def _check_owner_login(self, cursor) -> None:
        owner = self.db.owner_login
        if owner and not self._rows(cursor, "SELECT 1 FROM sys.server_principals WHERE name = ?", owner,
                                    doing="looking up the owner login"):
            raise RestoreError(Phrase("The owner login %1 (database.owner_login) does not exist on this server.",
                                      (f'{owner!r}',)),
                               hint=Phrase("Nothing was changed. Name an existing login, or leave it empty to keep "
                                           "the restoring login as the owner."))

    def _plan_moves(self, cursor, files: list[dict[str, Any]]) -> list[tuple[str, str]]:
        """(logical name, new physical path) for every file of the backup."""
        data_folder, log_folder = self._data_folders(cursor)
        in_use = {str(r[0]).lower() for r in self._rows(cursor, "SELECT physical_name FROM sys.master_files",
                                                         doing="listing the database files in use")}
        parts = [safe_file_part(str(row["LogicalName"])) for row in files]
        # Two logical names may give one file name ("a-b", "a_b"): then the file id tells them apart.
        parts = [part if parts.count(part) == 1 else f"{part}_{row.get('FileId') or index}"
                 for index, (part, row) in enumerate(zip(parts, files), start=1)]
        # The live copy still uses the names of the previous restore: alternate between two sets.
        for generation in ("", "_2"):
            moves = []
            for row, part in zip(files, parts):
                kind = str(row.get("Type") or "D")
                name = f"{self.staging}_{part}{generation}{file_extension(kind)}"
                moves.append((str(row["LogicalName"]),
                              server_path(log_folder if kind.upper() == "L" else data_folder, name)))
            if not any(path.lower() in in_use for _, path in moves):
                return moves
        raise RestoreError(Phrase("Both sets of staging file names are in use by other databases."),
                           hint=Phrase("Drop the database %1 if it is left over, then try again.", (self.old,)))

    def _data_folders(self, cursor) -> tuple[str, str]:
        if self.db.data_folder:
            return self.db.data_folder, self.db.data_folder
        row = self._rows(cursor, "SELECT CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(260)), "
                                 "CAST(SERVERPROPERTY('InstanceDefaultLogPath') AS nvarchar(260))",
                         doing="reading the default data folders")[0]
        if not row or not row[0]:
            raise RestoreError(Phrase("No folder is configured for the restored database files."),
                               hint=Phrase("Set database.data_folder (the SQL Server data folder, for example "
                                           "C:\\Program Files\\Microsoft SQL "
                                           "Server\\MSSQL16.SQLEXPRESS\\MSSQL\\DATA)."))
        return str(row[0]), str(row[1] or row[0])

    def _check_space(self, cursor, files: list[dict[str, Any]]) -> None:
        """The staging copy takes its files' full allocated size (log included) next to the live copy."""
        needed: dict[str, int] = {}
        volumes = self._rows(cursor, VOLUMES_SQL, doing="reading the free disk space")
        for (_, path), row in zip(self._moves, files):
            mounts = [str(v[0]) for v in volumes if same_folder(path, str(v[0]))]
            if mounts:
                mount = max(mounts, key=len)
                needed[mount] = needed.get(mount, 0) + int(row.get("Size") or 0)
        free = {str(v[0]): int(v[1]) for v in volumes}
        for mount, size in needed.items():
            if size > free[mount]:
                raise RestoreError(Phrase("The restored copy needs %1 MB on %2 (its files at their full allocated "
                                          "size, log included) and %3 MB are free.",
                                          (f'{size / 1024 ** 2:.0f}', mount, f'{free[mount] / 1024 ** 2:.0f}')),
                                   hint=Phrase("Nothing was changed. Free space on that disk, or choose another "
                                               "database.data_folder."))

    def restore_staging(self, cursor, artifact: Path, progress: Progress) -> None:
        move_sql = ", ".join("MOVE ? TO ?" for _ in self._moves)
        params = [self._server_bak] + [value for move in self._moves for value in move]
        data_folder = parent_folder(self._moves[0][1]) if self._moves else ""
        # A chain's full backup stays ready for its log backups: online read-only (STANDBY), readable by
        # the check and the store's reports; RESTRICTED_USER cannot be set on it, nor is it needed.
        ending = "RECOVERY, REPLACE, RESTRICTED_USER"
        if self.keep_restoring:
            from .sqlserver_log import standby_file
            ending, params = "REPLACE, STANDBY = ?", params + [standby_file(self, cursor, self.staging)]
        self._run(cursor, f"RESTORE DATABASE {quote_name(self.staging)} FROM DISK = ? WITH {move_sql}, "
                          f"CHECKSUM, {ending}", *params,
                  doing=f"restoring {artifact.name} into {self.staging}", folder=data_folder)

    def check_staging(self, cursor, artifact: Path) -> str:
        self._run(cursor, f"DBCC CHECKDB ({quote_name(self.staging)}) WITH NO_INFOMSGS",
                  doing=f"checking {self.staging} (DBCC CHECKDB)")
        tables = self._rows(cursor, f"SELECT COUNT(*) FROM {quote_name(self.staging)}.sys.tables "
                                    "WHERE is_ms_shipped = 0", doing=f"counting the tables of {self.staging}")[0][0]
        return said(Phrase("CHECKDB ok, %1 tables", (tables,)))

    def prepare_staging(self, cursor, summary: str) -> str:
        if self.keep_restoring:  # read-only until the promotion recovers it (prepare_for_service)
            return f"{summary}, standby (read-only; users, owner and recovery model set at promotion)"
        notes = [summary, self.map_logins(cursor, self.staging)]
        if self.db.owner_login:
            self._run(cursor, f"ALTER AUTHORIZATION ON DATABASE::{quote_name(self.staging)} TO "
                              f"{quote_identifier(self.db.owner_login)}",
                      doing=f"making {self.db.owner_login} the owner of {self.staging}")
            notes.append(f"owner {self.db.owner_login}")
        # A promoted server has no log backups: with FULL its log would grow without end.
        self._run(cursor, f"ALTER DATABASE {quote_name(self.staging)} SET RECOVERY SIMPLE",
                  doing=f"setting {self.staging} to the SIMPLE recovery model")
        return ", ".join(notes)

    def open_for_writes(self) -> str:
        """A standby copy recovered (RESTORE WITH RECOVERY), then the SIMPLE recovery model: a promoted
        server has no log backups."""
        from .sqlserver_log import recover
        recovered = recover(self, self.live)
        if recovered:
            with self.admin_session() as cursor:
                self._run(cursor, f"ALTER DATABASE {quote_name(self.live)} SET RECOVERY SIMPLE",
                          doing=f"setting {self.live} to the SIMPLE recovery model", error=EngineError)
        return recovered

    def prepare_for_service(self) -> str:
        """Recovered if still a standby copy; logins created on this machine since the restore mapped too."""
        recovered = self.open_for_writes()
        with self.admin_session() as cursor:
            notes = [recovered] if recovered else []
            notes.append(self.map_logins(cursor, self.live))
            if self.db.owner_login:
                self._run(cursor, f"ALTER AUTHORIZATION ON DATABASE::{quote_name(self.live)} TO "
                                  f"{quote_identifier(self.db.owner_login)}",
                          doing=f"making {self.db.owner_login} the owner of {self.live}", error=EngineError)
                notes.append(f"owner {self.db.owner_login}")
        return f"{self.live}: " + ", ".join(notes)

    def map_logins(self, cursor, database: str) -> str:
        """Map the database's orphaned users to this server's logins (by name, or by
        database.login_map); nothing is created. Says what was mapped and what was not."""
        mapping = parse_login_map(self.db.login_map)
        db = quote_name(database)
        mapped, orphaned = [], []
        for (user,) in self._rows(cursor, ORPHANS_SQL.format(db=db), doing=f"listing the users of {database}"):
            login = mapping.get(str(user).lower(), str(user))
            if not self._rows(cursor, "SELECT 1 FROM sys.server_principals WHERE name = ?", login,
                              doing="looking up a login"):
                orphaned.append(str(user))
                continue
            statement = f"ALTER USER {quote_identifier(str(user))} WITH LOGIN = {quote_identifier(login)}"
            self._run(cursor, f"EXEC {db}.sys.sp_executesql ?", statement,
                      doing=f"mapping the user {user} of {database} to the login {login}")
            mapped.append(f"{user}->{login}")
        text = f"users mapped: {', '.join(mapped) or 'none'}"
        if orphaned:
            text += (f"; users without a login here: {', '.join(orphaned)} (create those logins, or map them in "
                     "database.login_map)")
            log.warning("SQL Server: %s has users without a login on this server: %s", database, ", ".join(orphaned))
        return text

    # --- the server-engine primitives ------------------------------------------------
    def database_exists(self, cursor, name: str) -> bool:
        return self._rows(cursor, "SELECT DB_ID(?)", name, doing=f"looking up {name}")[0][0] is not None

    def drop_database(self, cursor, name: str) -> None:
        """Drop ``name``, ending its sessions first when it is online (a killed RESTORE
        leaves it RESTORING, where ALTER DATABASE is refused but DROP works)."""
        from .sqlserver_log import log_state
        state = log_state(self, cursor, name)
        # a standby copy's options cannot change (5063); a RESTORING one refuses ALTER DATABASE
        single = f"ALTER DATABASE {quote_name(name)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; " \
            if state and state.state == "ONLINE" and not state.standby else ""
        self._run(cursor, f"{single}DROP DATABASE {quote_name(name)}", doing=f"dropping {name}")

    def rename_database(self, cursor, old: str, new: str) -> None:
        self._run(cursor, f"ALTER DATABASE {quote_name(old)} MODIFY NAME = {quote_name(new)}",
                  doing=f"renaming {old} to {new}")

    def count_other_sessions(self, cursor, name: str) -> int:
        perms = self.permissions(cursor)
        if not perms.view_state:
            raise self._blind(perms, name)
        return int(self._rows(cursor, "SELECT COUNT(*) FROM sys.dm_exec_sessions WHERE database_id = DB_ID(?) "
                                      "AND session_id <> @@SPID", name, doing=f"counting the sessions on {name}")[0][0])

    def first_install(self, cursor) -> None:
        self.rename_database(cursor, self.staging, self.live)
        if self.keep_restoring:
            return  # a standby copy: no user access to open
        self._run(cursor, f"ALTER DATABASE {quote_name(self.live)} SET MULTI_USER",
                  doing=f"opening {self.live} to its users (MULTI_USER)")

    def _blind(self, perms: Permissions, name: str) -> RestoreError:
        return RestoreError(Phrase("This program's login %1 cannot see the other sessions on %2, so it cannot tell "
                                   "whether %3 is in use.", (perms.login, self.server_address(), name)),
                            hint=Phrase("Nothing was changed. %1", (view_state_hint(perms.login),)))

    def swap(self, cursor, remaining: int) -> None:
        """One batch: no other connection can act between its statements, RESTRICTED_USER keeps
        the application's login out of the live copy, and the CATCH puts it back."""
        batch = SWAP_BATCH.format(live=quote_name(self.live), old=quote_name(self.old),
                                  staging=quote_name(self.staging), live_text=self.live, old_text=self.old)
        batch = self._for_standby_copies(cursor, batch)
        try:
            self._run(cursor, batch, doing=f"swapping {self.staging} in place of {self.live}")
        except RestoreError as exc:
            raise RestoreError(f"{exc.message} {self._state_after_failed_swap(cursor)}",
                               hint=getattr(exc, "explanation", exc.hint)) from None

    def _for_standby_copies(self, cursor, batch: str) -> str:
        """A standby copy (the live one of a chain, or the restored one) refuses option changes (5063):
        the swap leaves out the user-access statements that would touch one, and ends the sessions
        reading a standby live copy (reports) with KILL inside the batch instead of ROLLBACK IMMEDIATE."""
        from .sqlserver_log import log_state
        live = log_state(self, cursor, self.live)
        live_standby = bool(live and live.standby)

        def kept(line: str) -> bool:
            if "SET MULTI_USER" in line:  # the TRY's opens the restored copy, the CATCH's the previous one
                return not (live_standby if line.lstrip().startswith("IF") else self.keep_restoring)
            return not ("SET RESTRICTED_USER" in line and live_standby)
        lines = [line for line in batch.splitlines() if kept(line)]
        if live_standby:
            readers = self._rows(cursor, SESSIONS_SQL, self.live,
                                 doing=f"finding the sessions reading {self.live}")
            lines[1:1] = [f"    KILL {int(spid)};" for spid, _, _ in readers]
        return "\n".join(lines)

    def _state_after_failed_swap(self, cursor) -> str:
        """What the failed swap left, said exactly (the next cycle's recover repairs it)."""
        try:
            live = self._rows(cursor, "SELECT user_access_desc FROM sys.databases WHERE name = ?", self.live,
                              doing=f"reading the state of {self.live}")
            staging_there = self.database_exists(cursor, self.staging)
        except EngineError as exc:
            return f"The state of {self.live} could not be read ({exc.message}); the next cycle checks it."
        if not live:
            return (f"{self.live} is missing (its previous copy is {self.old}); the next cycle renames it back.")
        which = "the previous copy" if staging_there else "the restored copy"
        if live[0][0] == "MULTI_USER":
            return f"{self.live} is {which}, MULTI_USER."
        return f"{self.live} is {which}, left {live[0][0]}; the next cycle sets it back to MULTI_USER."

    def after_recover(self, cursor, done: list[str]) -> None:
        access = self._rows(cursor, "SELECT user_access_desc FROM sys.databases WHERE name = ?", self.live,
                            doing=f"reading the state of {self.live}")
        if not access or access[0][0] == "MULTI_USER":
            return
        try:
            self._run(cursor, f"ALTER DATABASE {quote_name(self.live)} SET MULTI_USER WITH ROLLBACK IMMEDIATE",
                      doing=f"setting {self.live} back to MULTI_USER")
        except RestoreError as exc:
            if 5064 not in getattr(exc, "numbers", []):
                raise
            self._end_single_user_holder(cursor)
        done.append(f"set {self.live} back to MULTI_USER")

    def _end_single_user_holder(self, cursor) -> None:
        """A stranger holds the one slot of a SINGLE_USER live database: end it, then MULTI_USER."""
        holders = self._rows(cursor, SESSIONS_SQL, self.live,
                             doing=f"finding the session that holds {self.live}")
        if not holders:
            raise RestoreError(Phrase("%1 is SINGLE_USER and held by a session this login cannot see.", (self.live,)),
                               hint=view_state_hint(self.db.user or "the login"))
        for spid, host, program in holders:
            try:
                self._run(cursor, f"KILL {int(spid)}", doing=f"ending session {int(spid)} ({program} on {host})")
            except RestoreError as exc:
                raise RestoreError(Phrase("%1 is SINGLE_USER, held by session %2 (%3 on %4), which this login may "
                                          "not end: %5", (self.live, int(spid), program, host, exc.message)),
                                   hint=Phrase("End it in SQL Server Management Studio (KILL %1) or grant the "
                                               "login ALTER ANY CONNECTION; the next cycle sets the database back "
                                               "to MULTI_USER.", (int(spid),))) from None
        self._run(cursor, f"ALTER DATABASE {quote_name(self.live)} SET MULTI_USER WITH ROLLBACK IMMEDIATE",
                  doing=f"setting {self.live} back to MULTI_USER")


def _odbc_message(exc: Exception) -> str:
    """pyodbc errors carry (sqlstate, message); the message is what people need."""
    args = getattr(exc, "args", ())
    if len(args) >= 2:
        return str(args[1]).strip()
    return str(exc).strip()


def _sqlstate(exc: Exception) -> str:
    args = getattr(exc, "args", ())
    return str(args[0]) if len(args) >= 2 else ""


ENGINE = SQLServerEngine
