"""PostgreSQL through its own client tools (pg_dump / pg_restore) and psycopg.

Backup: ``pg_dump -Fc -Z0`` into the work folder (the bundle compresses, so the
dump does not compress twice), then ``pg_restore --list`` reads the archive back
as a first check.

Restore never touches the live database until the very end:
1. ``pg_restore`` into ``<name>__staging``, created fresh;
2. check the staging database (every table of the archive is there and readable);
3. clear the live database of other sessions (``busy_policy``), then rename
   live -> ``<name>__old`` and staging -> live in ONE transaction (ALTER DATABASE
   ... RENAME is transactional), so a kill leaves either the old or the new
   database under the live name, never none;
4. drop ``<name>__old`` only after the swap committed.
``recover`` cleans what a killed restore left behind.

The password reaches the tools through a temporary passfile (mode 0600, deleted
after use) and psycopg as a connection parameter: never on a command line.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import BackupError, EngineError, RestoreError
from ..progress import Progress, report
from .base import BUSY_HINT, Engine

log = logging.getLogger(__name__)

DEFAULT_PORT = 5432
STAGING_SUFFIX = "__staging"
OLD_SUFFIX = "__old"
DUMP_SUFFIX = ".pgdump"
# PostgreSQL truncates identifiers at 63 bytes; the longest derived name adds 9.
MAX_NAME_LENGTH = 63 - len(STAGING_SUFFIX)
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_$-]*")
MAINTENANCE_DATABASES = ("postgres", "template1")
CONNECT_TIMEOUT_S = 15
VERSION_TIMEOUT_S = 30
LIST_TIMEOUT_S = 300
#: a dump or a restore that runs longer than this is stuck, not slow
TOOL_TIMEOUT_S = 6 * 3600
POLL_S = 0.5
STDERR_LINES = 8
OBJECT_IN_USE = "55006"  # SQLSTATE: "database is being accessed by other users"


# --- pure helpers (unit-tested without a server) ---------------------------

def validate_name(name: str) -> str:
    """The live database name, refused unless it is a plain identifier that fits."""
    if not name:
        raise EngineError("No PostgreSQL database name is configured.", hint="Set database.name.")
    if not NAME_PATTERN.fullmatch(name) or len(name.encode()) > MAX_NAME_LENGTH:
        raise EngineError(f"The PostgreSQL database name {name!r} cannot be used.",
                          hint=f"Use letters, digits and _ (at most {MAX_NAME_LENGTH} characters, "
                               "not starting with a digit).")
    return name


def tool_major(version_text: str) -> int:
    """The major version in ``pg_dump --version`` output: 'pg_dump (PostgreSQL) 15.4' -> 15."""
    match = re.search(r"\)\s*(\d+)(?:\.(\d+))?", version_text) or re.search(r"(\d+)\.(\d+)", version_text)
    if not match:
        raise EngineError(f"The version of the PostgreSQL client tools could not be read from {version_text!r}.",
                          hint="Check the PostgreSQL client installation.")
    major = int(match.group(1))
    # Before version 10 the major version had two parts (9.6).
    return major * 10 + int(match.group(2) or 0) if major < 10 else major * 10


def server_major(server_version_num: int) -> int:
    """``server_version_num`` (150004, 90624) in the same scale as ``tool_major``."""
    if server_version_num >= 100000:
        return server_version_num // 10000 * 10
    return server_version_num // 10000 * 10 + server_version_num // 100 % 100


def check_tool_version(tool: str, version_text: str, server_version_num: int) -> None:
    """Refuse client tools older than the server: pg_dump would abort half-way, and
    an old pg_restore cannot read what a newer pg_dump wrote."""
    tool_v, server_v = tool_major(version_text), server_major(server_version_num)
    if tool_v < server_v:
        raise EngineError(
            f"{tool} is version {_show(tool_v)} but the PostgreSQL server is version {_show(server_v)}.",
            hint=f"Install the PostgreSQL {_show(server_v)} client tools (or newer) and put their bin folder "
                 "first in PATH.")


def _show(scaled: int) -> str:
    return str(scaled // 10) if scaled >= 100 else f"{scaled // 10}.{scaled % 10}"


def passfile_line(password: str) -> str:
    """One ~/.pgpass line matching any host, port, database and user."""
    escaped = password.replace("\\", "\\\\").replace(":", "\\:")
    return f"*:*:*:*:{escaped}\n"


def count_archive_tables(listing: str) -> int:
    """Tables named in a ``pg_restore --list`` table of contents."""
    return sum(1 for line in listing.splitlines()
               if not line.startswith(";") and re.match(r"^\d+; \d+ \d+ TABLE (?!DATA )", line))


def tail(text: str, lines: int = STDERR_LINES) -> str:
    kept = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])


def install_folders() -> list[Path]:
    """Where PostgreSQL installers put versioned bin folders (Windows, Debian/Ubuntu)."""
    return [Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "PostgreSQL", Path("/usr/lib/postgresql")]


def find_tool(tool: str) -> str:
    """The path of a PostgreSQL client tool: PATH first, then the newest installed version."""
    found = shutil.which(tool)
    if found:
        return found
    exe = tool + (".exe" if os.name == "nt" else "")
    candidates = [p for root in install_folders() if root.is_dir() for p in root.glob(f"*/bin/{exe}")
                  if p.is_file()]
    if candidates:
        return str(max(candidates, key=lambda p: _version_key(p.parent.parent.name)))
    raise EngineError(f"The PostgreSQL client tool {tool} was not found.",
                      hint="Install the PostgreSQL client tools (pg_dump, pg_restore) and put their bin folder "
                           "in PATH.")


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)) or (0,)


# --- the engine --------------------------------------------------------------

class PostgresEngine(Engine):
    name = "postgres"
    paramstyle = "format"

    #: overridable (tests, benchmarks): the longest a single tool run may take
    tool_timeout_s = TOOL_TIMEOUT_S

    # --- names and connections -----------------------------------------------
    @property
    def live(self) -> str:
        return validate_name(self.db.name)

    @property
    def staging(self) -> str:
        return self.live + STAGING_SUFFIX

    @property
    def old(self) -> str:
        return self.live + OLD_SUFFIX

    @property
    def host(self) -> str:
        return self.db.server.strip()

    @property
    def port(self) -> int:
        return self.db.port or DEFAULT_PORT

    def describe(self) -> str:
        where = f"{self.host or 'local socket'}:{self.port}"
        return f"PostgreSQL database {self.db.name} on {where}"

    def database_name(self) -> str:
        return self.live

    def _params(self, dbname: str) -> dict[str, Any]:
        params: dict[str, Any] = {"dbname": dbname, "port": self.port, "connect_timeout": CONNECT_TIMEOUT_S,
                                  "application_name": "contingencia"}
        if self.host:
            params["host"] = self.host
        if self.db.user:
            params["user"] = self.db.user
        if self.db.password:
            params["password"] = self.db.password
        return params

    def _connect(self, dbname: str, *, autocommit: bool = True):
        import psycopg

        try:
            return psycopg.connect(autocommit=autocommit, **self._params(dbname))
        except psycopg.Error as exc:
            text = self._scrub(str(exc))
            hint = ("Check database.name." if f'database "{dbname}" does not exist' in text else
                    "Check database.server, database.port, database.user and the password, "
                    "and that the server accepts connections from this machine.")
            raise EngineError(f"Cannot connect to {self._where(dbname)}: {text}.", hint=hint) from None

    def _admin(self):
        """An autocommit connection to a maintenance database (CREATE/DROP/ALTER DATABASE)."""
        try:
            return self._connect(MAINTENANCE_DATABASES[0])
        except EngineError as exc:
            if "does not exist" not in str(exc):
                raise
            # Some servers have no "postgres" database; template1 always exists.
            return self._connect(MAINTENANCE_DATABASES[1])

    def _where(self, dbname: str) -> str:
        return f"PostgreSQL database {dbname} on {self.host or 'local socket'}:{self.port}"

    def _scrub(self, text: str) -> str:
        """One line for messages, and (defence in depth) never the password."""
        text = " ".join(text.split())
        if self.db.password:
            text = text.replace(self.db.password, "***")
        return text

    def connect(self):
        return self._connect(self.live, autocommit=False)

    def exists(self) -> bool:
        with self._admin() as conn:
            return _database_exists(conn, self.live)

    def check(self) -> str:
        for tool in ("pg_dump", "pg_restore"):
            find_tool(tool)
        with self._connect(self.live) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            tables = conn.execute(TABLE_COUNT_SQL).fetchone()[0]
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        return f"{self.describe()}: PostgreSQL {version}, {tables} tables, {size} bytes."

    # --- client tools -----------------------------------------------------------
    def _tool_env(self, passfile: Path | None) -> dict[str, str]:
        env = dict(os.environ)
        # An inherited PGPASSWORD would win over the passfile: drop it.
        for key in ("PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGOPTIONS"):
            env.pop(key, None)
        if passfile is not None:
            env["PGPASSFILE"] = str(passfile)
        env["PGCONNECT_TIMEOUT"] = str(CONNECT_TIMEOUT_S)
        env["PGAPPNAME"] = "contingencia"
        return env

    @contextmanager
    def _passfile(self) -> Iterator[Path | None]:
        """A passfile readable only by this user, removed whatever happens."""
        if not self.db.password:
            yield None
            return
        fd, name = tempfile.mkstemp(prefix="contingencia-", suffix=".pgpass")
        path = Path(name)
        try:
            os.chmod(path, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(passfile_line(self.db.password))
            yield path
        finally:
            path.unlink(missing_ok=True)

    def _connection_args(self, dbname: str) -> list[str]:
        args = ["--no-password", "--port", str(self.port)]
        if self.host:
            args += ["--host", self.host]
        if self.db.user:
            args += ["--username", self.db.user]
        return args + [f"--dbname={dbname}"]

    def dump_command(self, target: Path) -> list[str]:
        return [find_tool("pg_dump"), "--format=custom", "--compress=0", f"--file={target}",
                *self._connection_args(self.live)]

    def restore_command(self, dump: Path, jobs: int) -> list[str]:
        return [find_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--jobs={jobs}",
                *self._connection_args(self.staging), str(dump)]

    def _tool_version(self, tool: str) -> str:
        try:
            done = subprocess.run([find_tool(tool), "--version"], capture_output=True, text=True,
                                  timeout=VERSION_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"{tool} --version could not be run: {exc}.",
                              hint="Check the PostgreSQL client installation.") from None
        return done.stdout.strip()

    def _check_tools(self, tool: str, conn) -> None:
        version_num = int(conn.execute("SHOW server_version_num").fetchone()[0])
        check_tool_version(tool, self._tool_version(tool), version_num)

    def _run_tool(self, command: list[str], *, what: str, error: type[EngineError],
                  watch=None) -> None:
        """Run a client tool with its stderr in a temporary file (constant memory, no pipe
        deadlock), calling ``watch()`` while it runs; raise ``error`` with stderr's last lines."""
        with self._passfile() as passfile, tempfile.TemporaryFile() as stderr:
            try:
                proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=stderr, env=self._tool_env(passfile))
            except OSError as exc:
                raise error(f"{what} could not start: {exc}.",
                            hint="Check the PostgreSQL client installation.") from None
            deadline = time.monotonic() + self.tool_timeout_s
            try:
                while True:
                    try:
                        code = proc.wait(timeout=POLL_S)
                        break
                    except subprocess.TimeoutExpired:
                        if time.monotonic() > deadline:
                            raise error(f"{what} did not finish within {self.tool_timeout_s} s and was stopped.",
                                        hint="Check the server's load and the disk; the live database was "
                                             "not changed.") from None
                        if watch is not None:
                            watch()
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            if code != 0:
                raise error(f"{what} failed (exit code {code}): {self._scrub(_read_tail(stderr))}.",
                            hint=_tool_hint(_read_tail(stderr)))

    # --- official side ------------------------------------------------------------
    def backup(self, work_dir: Path, progress: Progress = None) -> list[Path]:
        work_dir = Path(work_dir)
        work_dir.mkdir(parents=True, exist_ok=True)
        target = work_dir / f"{self.live}{DUMP_SUFFIX}"
        part = target.with_name(target.name + ".part")
        part.unlink(missing_ok=True)
        with self._connect(self.live) as conn:
            self._check_tools("pg_dump", conn)
            total = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]

        def watch() -> None:
            report(progress, part.stat().st_size if part.exists() else 0, total)

        try:
            self._run_tool(self.dump_command(part), what=f"pg_dump of {self.describe()}",
                           error=BackupError, watch=watch)
            self._list_archive(part, BackupError)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        os.replace(part, target)
        size = target.stat().st_size
        report(progress, size, size)
        return [target]

    def _list_archive(self, dump: Path, error: type[EngineError]) -> str:
        """``pg_restore --list``: reads the archive's table of contents back, a cheap
        proof that the file is a complete custom-format archive."""
        try:
            done = subprocess.run([find_tool("pg_restore"), "--list", str(dump)], capture_output=True,
                                  text=True, timeout=LIST_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise error(f"Reading the archive {dump.name} took too long.", hint="Check the disk.") from None
        if done.returncode != 0:
            raise error(f"The archive {dump.name} cannot be read: {tail(done.stderr)}.",
                        hint="The backup is incomplete or corrupt; the next bundle will be tried.")
        return done.stdout

    # --- contingency side -----------------------------------------------------------
    def recover(self, work_dir: Path) -> list[str]:
        done: list[str] = []
        if not self.db.name:
            return done
        with self._admin() as conn:
            live_there = _database_exists(conn, self.live)
            if _database_exists(conn, self.staging):
                _drop_database(conn, self.staging)
                done.append(f"dropped {self.staging} left by an interrupted restore")
            if _database_exists(conn, self.old):
                if live_there:
                    # The swap committed but the old copy was not dropped yet.
                    _drop_database(conn, self.old)
                    done.append(f"dropped {self.old} left after a completed restore")
                else:
                    _rename_database(conn, self.old, self.live)
                    done.append(f"renamed {self.old} back to {self.live} (a restore was interrupted "
                                "during the swap)")
        return done

    def restore(self, files: list[Path], work_dir: Path, progress: Progress = None) -> str:
        dumps = [Path(f) for f in files if Path(f).suffix == DUMP_SUFFIX]
        if len(dumps) != 1:
            raise RestoreError(f"The bundle holds {len(dumps)} PostgreSQL dumps; exactly one was expected.")
        dump = dumps[0]
        listing = self._list_archive(dump, RestoreError)
        for line in self.recover(work_dir):
            log.info("PostgreSQL recover: %s", line)
        try:
            with self._admin() as admin:
                self._check_tools("pg_restore", admin)
                self._create_staging(admin)
                with _timed("pg_restore into %s", self.staging):
                    self._restore_staging(admin, dump, progress)
                with _timed("check of %s", self.staging):
                    summary = self._check_staging(count_archive_tables(listing))
                with _timed("swap of %s", self.live):
                    self._swap(admin)
        except BaseException:
            self._drop_staging_quietly()
            raise
        return summary

    def _create_staging(self, admin) -> None:
        from psycopg import sql

        _drop_database(admin, self.staging)
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(self.staging))
        row = admin.execute("SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
                            "WHERE datname = %s", (self.live,)).fetchone()
        if row is not None:
            # Same encoding and sort order as the live database: applications see no change.
            statement += sql.SQL(" ENCODING {} LC_COLLATE {} LC_CTYPE {}").format(
                sql.Literal(row[0]), sql.Literal(row[1]), sql.Literal(row[2]))
        self._admin_execute(admin, statement, f"creating the staging database {self.staging}")

    def _restore_staging(self, admin, dump: Path, progress: Progress) -> None:
        total = dump.stat().st_size
        jobs = max(1, min(2, os.cpu_count() or 1))
        last_poll = [0.0]

        def watch() -> None:
            if progress is None or time.monotonic() - last_poll[0] < 2:
                return
            last_poll[0] = time.monotonic()
            size = admin.execute("SELECT pg_database_size(%s)", (self.staging,)).fetchone()[0]
            report(progress, min(size, total), total)

        self._run_tool(self.restore_command(dump, jobs),
                       what=f"pg_restore of {dump.name} into {self._where(self.staging)}",
                       error=RestoreError, watch=watch)
        report(progress, total, total)

    def _check_staging(self, expected_tables: int) -> str:
        """Every table of the archive is there and answers a query."""
        from psycopg import sql

        with self._connect(self.staging) as conn:
            rows = conn.execute(TABLE_LIST_SQL).fetchall()
            for schema, table in rows:
                conn.execute(sql.SQL("SELECT 1 FROM {}.{} LIMIT 1").format(
                    sql.Identifier(schema), sql.Identifier(table))).fetchall()
        if len(rows) < expected_tables:
            raise RestoreError(f"The restored copy {self.staging} has {len(rows)} tables; the archive names "
                               f"{expected_tables}.",
                               hint="The live database was not changed; the next bundle will be tried.")
        return f"check ok, {len(rows)} tables"

    def _swap(self, admin) -> None:
        if not _database_exists(admin, self.live):
            self._admin_execute(admin, _rename_sql(self.staging, self.live),
                                f"renaming {self.staging} to {self.live}")
            return
        self._clear_sessions(admin)
        for attempt in range(5):
            try:
                # One transaction: a kill leaves the old or the new database live, never none.
                with admin.transaction():
                    admin.execute(_rename_sql(self.live, self.old))
                    admin.execute(_rename_sql(self.staging, self.live))
                break
            except _psycopg_error() as exc:
                if exc.sqlstate != OBJECT_IN_USE or attempt == 4 or self.db.busy_policy == "fail":
                    raise RestoreError(f"Swapping {self.staging} in place of {self.live} failed: "
                                       f"{self._scrub(str(exc))}.",
                                       hint="The live database was not changed; "
                                            + BUSY_HINT) from None
                # A client connected again between the check and the rename.
                self._terminate_sessions(admin)
                time.sleep(0.2)
        try:
            with _timed("drop of %s", self.old):
                _drop_database(admin, self.old)
        except _psycopg_error() as exc:
            log.warning("The previous copy %s could not be dropped (%s); the next restore drops it.",
                        self.old, self._scrub(str(exc)))

    def _clear_sessions(self, admin) -> None:
        if self.wait_for_other_sessions(self.live, lambda: _sessions(admin, self.live)):
            self._terminate_sessions(admin)

    def _terminate_sessions(self, admin) -> None:
        admin.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (self.live,)).fetchall()
        left = _sessions(admin, self.live)
        if left:
            raise RestoreError(f"{left} session(s) on the live database {self.live} could not be ended.",
                               hint="The live database was not changed. The database user needs to be a "
                                    "superuser or a member of pg_signal_backend; " + BUSY_HINT)

    def _admin_execute(self, admin, statement, doing: str) -> None:
        try:
            admin.execute(statement)
        except _psycopg_error() as exc:
            raise RestoreError(f"Failed {doing}: {self._scrub(str(exc))}.",
                               hint="The live database was not changed. Check that the database user may "
                                    "create databases (CREATEDB).") from None

    def _drop_staging_quietly(self) -> None:
        try:
            with self._admin() as admin:
                _drop_database(admin, self.staging)
        except Exception as exc:  # the original error matters more; recover() retries
            log.warning("The staging database %s could not be dropped: %s", self.staging, exc)


TABLE_FILTER = ("c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'")
TABLE_LIST_SQL = ("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  f"WHERE {TABLE_FILTER} ORDER BY 1, 2")
TABLE_COUNT_SQL = ("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   f"WHERE {TABLE_FILTER}")


@contextmanager
def _timed(what: str, *args) -> Iterator[None]:
    """Log how long a step took: the journal shows the total, the log shows where it went."""
    started = time.monotonic()
    yield
    log.info(what + " took %.1f s", *args, time.monotonic() - started)


def _psycopg_error():
    import psycopg

    return psycopg.Error


def _read_tail(handle) -> str:
    """The last lines of a (possibly large) temporary file, read in constant memory."""
    handle.seek(0)
    lines: deque[str] = deque(maxlen=STDERR_LINES)
    for raw in handle:
        text = raw.decode("utf-8", "replace").strip()
        if text:
            lines.append(text)
    return " | ".join(lines)


def _tool_hint(stderr_tail: str) -> str:
    if "unsupported version" in stderr_tail:
        return "The backup was written by a newer pg_dump: install newer PostgreSQL client tools here."
    if "permission denied" in stderr_tail or "must be owner" in stderr_tail:
        return "Give the configured database user the rights it needs (or use a superuser)."
    if "role" in stderr_tail and "does not exist" in stderr_tail:
        return "Create on this server the roles that exist on the official server."
    if "password authentication failed" in stderr_tail or "no password supplied" in stderr_tail:
        return "Check database.user and the saved password."
    return "The live database was not changed; see the message above and the log."


def _database_exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def _sessions(conn, name: str) -> int:
    return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                        (name,)).fetchone()[0]


def _rename_sql(old: str, new: str):
    from psycopg import sql

    return sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(old), sql.Identifier(new))


def _rename_database(conn, old: str, new: str) -> None:
    conn.execute(_rename_sql(old, new))


def _drop_database(conn, name: str) -> None:
    """Drop ``name`` if it exists, ending sessions left on it (e.g. an orphaned pg_restore)."""
    from psycopg import sql

    if conn.info.server_version >= 130000:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        return
    # Before PostgreSQL 13 there is no FORCE: end the sessions first.
    conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                 "AND pid <> pg_backend_pid()", (name,)).fetchall()
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


ENGINE = PostgresEngine
