"""PostgreSQL through its own client tools (pg_dump / pg_restore, in pgtools.py) and psycopg.

Backup: ``pg_dump -Fc -Z0`` into the work folder (the bundle compresses, so the
dump does not compress twice), then ``pg_restore --list`` reads the archive back
as a first check.

Restore follows the server-engine protocol (base.ServerEngine): ``pg_restore``
into ``<name>__staging``, created fresh; the check below; then the swap renames
live -> ``<name>__old`` and staging -> live in ONE transaction (ALTER DATABASE
... RENAME is transactional), so a kill leaves either the old or the new
database under the live name, never none; ``<name>__old`` is dropped after.

The check after the restore (``check_staging``) proves the copy is readable, not
only that its tables exist:
- where the ``amcheck`` extension is installed and the user may create it
  (a superuser), ``verify_heapam`` (PostgreSQL 14+: every heap page and its
  TOAST) and ``bt_index_check`` (every B-tree index) over the whole database,
  the extension being dropped again afterwards;
- otherwise every row of every table is read and turned to text (which
  de-TOASTs every value), so a damaged page or TOAST chunk fails the check;
- in both cases every table the archive names must be there.
"""

from __future__ import annotations

import logging
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import BackupError, BadBackupError, BundleError, EngineError, RestoreError
from ..phrases import Phrase, said
from ..progress import Progress, report
from .base import BUSY_HINT, STAGING_SUFFIX, ServerEngine
from .pgtools import ClientTools, count_archive_tables, find_tool

log = logging.getLogger(__name__)

DEFAULT_PORT = 5432
DUMP_SUFFIX = ".pgdump"
# PostgreSQL truncates identifiers at 63 bytes; the longest derived name adds 9.
MAX_NAME_LENGTH = 63 - len(STAGING_SUFFIX)
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_$-]*")
MAINTENANCE_DATABASES = ("postgres", "template1")
CONNECT_TIMEOUT_S = 15
OBJECT_IN_USE = "55006"  # SQLSTATE: "database is being accessed by other users"
#: verify_heapam exists from PostgreSQL 14 on
HEAPAM_VERSION = 140000


def validate_name(name: str) -> str:
    """The live database name, refused unless it is a plain identifier that fits."""
    if not name:
        raise EngineError(Phrase("No PostgreSQL database name is configured."), hint=Phrase("Set database.name."))
    if not NAME_PATTERN.fullmatch(name) or len(name.encode()) > MAX_NAME_LENGTH:
        raise EngineError(Phrase("The PostgreSQL database name %1 cannot be used.", (f'{name!r}',)),
                          hint=Phrase("Use letters, digits and _ (at most %1 characters, not starting with a "
                                      "digit).", (MAX_NAME_LENGTH,)))
    return name


class PostgresEngine(ServerEngine):
    name = "postgres"
    paramstyle = "format"
    artifact_suffix = DUMP_SUFFIX
    artifact_label = "PostgreSQL dumps"

    _archive_tables = 0
    #: set by the official's cycle (app/delta/walship.py): "full" (a base backup), "wal", or "" (pg_dump)
    chain_backup = ""
    chain_reason = None
    #: the official's chain state the WAL must continue, and what the backup found (manifest fields)
    chain_state: dict = {}
    chain_fields: dict = {}

    def validate_name(self, name: str) -> str:
        return validate_name(name)

    # --- names and connections -----------------------------------------------
    @property
    def host(self) -> str:
        return self.db.server.strip()

    @property
    def port(self) -> int:
        return self.db.port or DEFAULT_PORT

    @property
    def tools(self) -> ClientTools:
        return ClientTools(self.host, self.port, self.db.user, self.db.password, self._scrub)

    def describe(self) -> str:
        where = f"{self.host or 'local socket'}:{self.port}"
        return f"PostgreSQL database {self.db.name} on {where}"

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
            hint = (Phrase("Check database.name.") if f'database "{dbname}" does not exist' in text else
                    Phrase("Check database.server, database.port, database.user and the password, "
                           "and that the server accepts connections from this machine."))
            raise EngineError(Phrase("Cannot connect to %1: %2.", (self._where(dbname), text)), hint=hint) from None

    def _admin(self):
        """An autocommit connection to a maintenance database (CREATE/DROP/ALTER DATABASE)."""
        try:
            return self._connect(MAINTENANCE_DATABASES[0])
        except EngineError as exc:
            if "does not exist" not in str(exc):
                raise
            # Some servers have no "postgres" database; template1 always exists.
            return self._connect(MAINTENANCE_DATABASES[1])

    @contextmanager
    def admin_session(self) -> Iterator[Any]:
        with self._admin() as conn:
            yield conn

    def _where(self, dbname: str) -> str:
        return f"PostgreSQL database {dbname} on {self.host or 'local socket'}:{self.port}"

    def _scrub(self, text: str) -> str:
        """One line for messages, and (defence in depth) never the password."""
        text = " ".join(text.split())
        if self.db.password:
            text = text.replace(self.db.password, "***")
        return text

    def connect(self):
        standby = self.standby
        if standby is not None:
            standby.ensure_running()
        return self._connect(self.live, autocommit=False)

    def check(self) -> str:
        for tool in ("pg_dump", "pg_restore"):
            find_tool(tool)
        with self._connect(self.live) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            tables = conn.execute(TABLE_COUNT_SQL).fetchone()[0]
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        return f"{self.describe()}: PostgreSQL {version}, {tables} tables, {size} bytes."

    # --- official side ------------------------------------------------------------
    def backup(self, work_dir: Path, progress: Progress = None) -> list[Path]:
        if self.chain_backup:
            return self._chain_backup(Path(work_dir), progress)
        return self._dump(Path(work_dir), progress)

    def _chain_backup(self, work_dir: Path, progress: Progress) -> list[Path]:
        """WAL shipping: the WAL since the chain's last bundle, or a base backup starting a new chain."""
        from . import postgres_wal
        receive_dir = Path(self.chain_state.get("receive_dir") or work_dir / "wal")
        if self.chain_backup == "wal":
            try:
                files, info = postgres_wal.receive(self, work_dir, receive_dir, self.chain_state)
                self.chain_fields = info.to_fields()
                return files
            except postgres_wal.WalGap as gap:
                log.warning("the WAL is not shipped as an increment (%s): a base backup starts a new chain", gap.why)
                self.chain_backup, self.chain_reason = "full", gap.why
        files, info = postgres_wal.base_backup(self, work_dir, receive_dir, progress)
        self.chain_fields = info.to_fields()
        return files

    def _dump(self, work_dir: Path, progress: Progress) -> list[Path]:
        work_dir.mkdir(parents=True, exist_ok=True)
        target = work_dir / f"{self.live}{DUMP_SUFFIX}"
        part = target.with_name(target.name + ".part")
        part.unlink(missing_ok=True)
        tools = self.tools
        with self._connect(self.live) as conn:
            tools.check_version("pg_dump", int(conn.execute("SHOW server_version_num").fetchone()[0]))
            total = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]

        def watch() -> None:
            report(progress, part.stat().st_size if part.exists() else 0, total)

        try:
            tools.run(tools.dump_command(self.live, part), what=f"pg_dump of {self.describe()}",
                      error=BackupError, watch=watch)
            tools.list_archive(part, BackupError)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        os.replace(part, target)
        size = target.stat().st_size
        report(progress, size, size)
        return [target]

    # --- the contingency's standby (WAL shipping) ----------------------------------------
    def restore(self, files: list[Path], work_dir: Path, progress: Progress = None) -> str:
        from . import postgres_wal
        if not postgres_wal.is_base_backup(files):
            return super().restore(files, work_dir, progress)
        return postgres_wal.Standby(self).restore_full([Path(f) for f in files], self.restoring_manifest,
                                                       self._check_port, progress)

    def refuse(self, manifest: dict) -> None:
        """A pg_dump bundle cannot go into the standby this contingency runs (read-only, a copy of a server)."""
        standby = self.standby
        if "next_segment" not in manifest and standby is not None and standby.live.is_dir():
            raise BundleError(Phrase("The bundle holds a pg_dump, and this contingency runs a standby of the "
                                     "official's WAL in %1, which cannot take one.", (standby.live,)),
                              hint=Phrase("Turn database.wal_shipping on at the official (its next full bundle "
                                          "is a base backup), or clear database.standby_data_dir here."))

    #: the manifest of the full bundle being restored (its LSNs and the official's limits)
    restoring_manifest: dict = {}

    def _check_port(self, port: int) -> str:
        """The check of a restored standby, started on ``port`` before it is swapped in."""
        with self._connect_to(self.live, port) as conn:
            how, tables = self._read_check(conn, f"{self.live} (127.0.0.1:{port})")
        return said(Phrase("%1, %2 tables", (how, len(tables))))

    def _read_check(self, conn, where: str) -> tuple[str, list]:
        """amcheck, or every row read: (what was done, the tables found)."""
        tables = conn.execute(TABLE_LIST_SQL).fetchall()
        try:
            return self._amcheck(conn) or self._read_every_row(conn, tables), tables
        except _psycopg_error() as exc:
            raise RestoreError(Phrase("The restored copy %1 failed its check: %2.", (where, self._scrub(str(exc)))),
                               hint=Phrase("The live database was not changed; the next bundle will be tried.")) from None

    def _connect_to(self, dbname: str, port: int):
        import psycopg
        params = self._params(dbname) | {"port": port, "host": "127.0.0.1"}
        try:
            return psycopg.connect(autocommit=True, **params)
        except psycopg.Error as exc:
            raise RestoreError(Phrase("Cannot connect to %1: %2.", (f"127.0.0.1:{port}", self._scrub(str(exc)))),
                               hint=Phrase("The live database was not changed; the next bundle will be "
                                           "tried.")) from None

    @property
    def standby(self):
        """The standby cluster this program manages, or None (the contingency restores dumps)."""
        from . import postgres_wal
        return postgres_wal.Standby(self) if self.db.standby_data_dir else None

    def recover(self, work_dir: Path) -> list[str]:
        standby = self.standby
        return standby.recover() if standby is not None else super().recover(work_dir)

    def exists(self) -> bool:
        standby = self.standby
        if standby is not None:
            if not standby.live.is_dir():
                return False
            standby.ensure_running()
        return super().exists()

    def open_for_writes(self) -> str:
        standby = self.standby
        if standby is None or not standby.live.is_dir():
            return ""
        with self._connect(self.live) as conn:
            if not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                return ""
        return standby.promote()

    # --- the server-engine primitives ------------------------------------------------
    def database_exists(self, session, name: str) -> bool:
        return session.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None

    def drop_database(self, session, name: str) -> None:
        _drop_database(session, name)

    def rename_database(self, session, old: str, new: str) -> None:
        self._admin_execute(session, _rename_sql(old, new), f"renaming {old} to {new}")

    def count_other_sessions(self, session, name: str) -> int:
        return session.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                               "AND pid <> pg_backend_pid()", (name,)).fetchone()[0]

    def precheck(self, session, artifact: Path) -> None:
        tools = self.tools
        #: what the check after the restore expects to find
        self._archive_tables = count_archive_tables(tools.list_archive(artifact, RestoreError))
        tools.check_version("pg_restore", int(session.execute("SHOW server_version_num").fetchone()[0]))

    def restore_staging(self, session, artifact: Path, progress: Progress) -> None:
        self._create_staging(session)
        total = artifact.stat().st_size
        jobs = max(1, min(2, os.cpu_count() or 1))
        last_poll = [0.0]

        def watch() -> None:
            if progress is None or time.monotonic() - last_poll[0] < 2:
                return
            last_poll[0] = time.monotonic()
            size = session.execute("SELECT pg_database_size(%s)", (self.staging,)).fetchone()[0]
            report(progress, min(size, total), total)

        tools = self.tools
        tools.run(tools.restore_command(self.staging, artifact, jobs),
                  what=f"pg_restore of {artifact.name} into {self._where(self.staging)}",
                  error=RestoreError, watch=watch)
        report(progress, total, total)

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

    def check_staging(self, session, artifact: Path) -> str:
        expected = self._archive_tables
        with self._connect(self.staging) as conn:
            how, tables = self._read_check(conn, self.staging)
        if len(tables) < expected:
            raise BadBackupError(Phrase("The restored copy %1 has %2 tables; the archive names %3.",
                                        (self.staging, len(tables), expected)),
                               hint=Phrase("The live database was not changed; the next bundle will be tried."))
        return said(Phrase("%1, %2 tables", (how, len(tables))))

    def _amcheck(self, conn) -> str:
        """amcheck over heaps (14+) and B-tree indexes; '' when amcheck cannot be used here."""
        available = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'").fetchone()
        if not available or conn.info.server_version < HEAPAM_VERSION:
            return ""
        installed = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").fetchone()
        if not installed:
            try:
                conn.execute("CREATE EXTENSION amcheck")
            except _psycopg_error() as exc:  # not a superuser: read every row instead
                log.info("amcheck not used on %s: %s", conn.info.dbname, self._scrub(str(exc)))
                return ""
        try:
            damaged = conn.execute(HEAPAM_SQL).fetchall()
            if damaged:
                table, block, message = damaged[0]
                raise BadBackupError(Phrase("The restored copy %1 is damaged: table %2, block %3: %4 (%5 "
                                            "problem(s)).", (conn.info.dbname, table, block, message, len(damaged))),
                                   hint=Phrase("The live database was not changed; the next bundle will be tried."))
            indexes = conn.execute(BTREE_CHECK_SQL).fetchall()
        finally:
            if not installed:
                conn.execute("DROP EXTENSION IF EXISTS amcheck")
        return said(Phrase("amcheck ok (heap and %1 B-tree indexes)", (len(indexes),)))

    def _read_every_row(self, conn, tables) -> str:
        from psycopg import sql

        rows = 0
        for schema, table in tables:
            query = sql.SQL("SELECT count(length(t::text)) FROM {}.{} AS t").format(
                sql.Identifier(schema), sql.Identifier(table))
            rows += conn.execute(query).fetchone()[0]
        return said(Phrase("every row read (%1 rows)", (rows,)))

    def swap(self, session, remaining: int) -> None:
        if remaining:
            self._terminate_sessions(session)
        for attempt in range(5):
            try:
                # One transaction: a kill leaves the old or the new database live, never none.
                with session.transaction():
                    session.execute(_rename_sql(self.live, self.old))
                    session.execute(_rename_sql(self.staging, self.live))
                return
            except _psycopg_error() as exc:
                if exc.sqlstate != OBJECT_IN_USE or attempt == 4 or self.db.busy_policy == "fail":
                    raise RestoreError(Phrase("Swapping %1 in place of %2 failed: %3.",
                                              (self.staging, self.live, self._scrub(str(exc)))),
                                       hint=Phrase("The live database was not changed; %1", (BUSY_HINT,))) from None
                # A client connected again between the check and the rename.
                self._terminate_sessions(session)
                time.sleep(0.2)

    def _terminate_sessions(self, admin) -> None:
        admin.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (self.live,)).fetchall()
        left = self.count_other_sessions(admin, self.live)
        if left:
            raise RestoreError(Phrase("%1 session(s) on the live database %2 could not be ended.", (left, self.live)),
                               hint=Phrase("The live database was not changed. The database user needs to be a "
                                           "superuser or a member of pg_signal_backend; %1", (BUSY_HINT,)))

    def _admin_execute(self, admin, statement, doing: str) -> None:
        try:
            admin.execute(statement)
        except _psycopg_error() as exc:
            raise RestoreError(Phrase("Failed %1: %2.", (doing, self._scrub(str(exc)))),
                               hint=Phrase("The live database was not changed. Check that the database user may "
                                           "create databases (CREATEDB).")) from None


TABLE_FILTER = ("c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'")
TABLE_LIST_SQL = ("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  f"WHERE {TABLE_FILTER} ORDER BY 1, 2")
TABLE_COUNT_SQL = ("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   f"WHERE {TABLE_FILTER}")
#: every heap (with its TOAST) of the database; one row per problem found
HEAPAM_SQL = ("SELECT c.oid::regclass::text, v.blkno, v.msg FROM pg_class c "
              "CROSS JOIN LATERAL verify_heapam(c.oid, check_toast => true) v "
              "WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence <> 't'")
#: every valid B-tree index; bt_index_check raises on the first corrupt one
BTREE_CHECK_SQL = ("SELECT bt_index_check(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                   "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND i.indisvalid "
                   "AND c.relpersistence <> 't'")


def _psycopg_error():
    import psycopg

    return psycopg.Error


def _rename_sql(old: str, new: str):
    from psycopg import sql

    return sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(old), sql.Identifier(new))


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
