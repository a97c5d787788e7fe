"""PostgreSQL engine against a real server on 127.0.0.1 with password authentication.

Every test works on its own uniquely named databases and drops them afterwards.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg")

from app.engines import get_engine, pgtools, postgres  # noqa: E402
from app.engines.base import OLD_SUFFIX, STAGING_SUFFIX  # noqa: E402
from app.errors import BackupError, EngineError, RestoreError  # noqa: E402
from app.settings.model import DatabaseSettings  # noqa: E402

from .postgres_server import PostgresServer  # noqa: E402

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
#: the session's cluster (tests/postgres_server.py), set by the ``server`` fixture
PG: PostgresServer


@pytest.fixture(scope="module", autouse=True)
def server(postgres_server):
    global PG
    PG = postgres_server
    return postgres_server


def admin():
    return PG.admin()


@pytest.fixture
def prefix(server):
    """A unique name prefix; every database starting with it is dropped at the end."""
    name = f"ct_{uuid.uuid4().hex[:10]}"
    yield name
    with admin() as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (name + "%",)).fetchall()
        for (db,) in rows:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def engine_for(name: str, **overrides) -> postgres.PostgresEngine:
    values = dict(engine="postgres", server=PG.host, port=PG.port, name=name, user=PG.user,
                  password=PG.password, busy_policy="fail",
                  busy_timeout_s=0)
    values.update(overrides)
    return get_engine(DatabaseSettings(**values))


def create_db(name: str, rows: int, label: str, *, extra_sql: str = "") -> None:
    with admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    with PG.connect(name, autocommit=True) as conn:
        conn.execute("CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL, price numeric(10,2))")
        conn.execute("CREATE TABLE store (id int PRIMARY KEY, host text)")
        conn.execute("INSERT INTO item SELECT g, %s || '-' || g, g * 1.5 FROM generate_series(1, %s) g",
                     (label, rows))
        conn.execute("INSERT INTO store VALUES (1, %s)", (label + ".example",))
        if extra_sql:
            conn.execute(extra_sql)


def read(name: str) -> tuple[int, str]:
    with PG.connect(name, connect_timeout=5) as conn:
        count = conn.execute("SELECT count(*) FROM item").fetchone()[0]
        host = conn.execute("SELECT host FROM store").fetchone()[0]
    return count, host


def databases(prefix: str) -> set[str]:
    with admin() as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)).fetchall()
    return {r[0] for r in rows}


@pytest.fixture
def pair(prefix, tmp_path):
    """An official database with new data, a contingency live database with old data, a dump of the new."""
    src, live = f"{prefix}_src", f"{prefix}_live"
    create_db(src, 500, "new")
    create_db(live, 10, "old")
    work = tmp_path / "work"
    work.mkdir()
    files = engine_for(src).backup(work)
    return src, live, files, work


# --- round trip ---------------------------------------------------------------------

def test_backup_restore_round_trip_into_a_new_database(prefix, tmp_path):
    src, dst = f"{prefix}_src", f"{prefix}_dst"
    create_db(src, 1000, "new", extra_sql="CREATE VIEW cheap AS SELECT * FROM item WHERE price < 10; "
                                          "CREATE INDEX item_label ON item (label)")
    seen = []
    files = engine_for(src).backup(tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert [f.name for f in files] == [f"{src}.pgdump"]
    assert files[0].stat().st_size > 0 and not list(tmp_path.glob("*.part"))
    assert seen[-1][0] == seen[-1][1] > 0
    engine = engine_for(dst)
    assert not engine.exists()
    summary = engine.restore(files, tmp_path)
    # a superuser may create amcheck: heaps and B-tree indexes verified, then the extension dropped
    assert summary.startswith("amcheck ok (heap and ") and summary.endswith(" B-tree indexes), 2 tables")
    with engine.connect() as conn:
        assert conn.execute("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'").fetchone()[0] == 0
    assert engine.exists()
    assert read(dst) == (1000, "new.example")
    with engine.connect() as conn:
        assert engine.paramstyle == "format"
        assert conn.execute("SELECT count(*) FROM cheap WHERE price < %s", (10,)).fetchone()[0] == 6
    assert databases(prefix) == {src, dst}
    assert "2 tables" in engine.check()


def test_restore_replaces_live_data(pair, prefix):
    src, live, files, work = pair
    assert read(live) == (10, "old.example")
    engine_for(live).restore(files, work)
    assert read(live) == (500, "new.example")
    assert databases(prefix) == {src, live}


def test_without_amcheck_every_row_is_read(pair, monkeypatch):
    """A user that may not create amcheck: the check reads every row of every table, as text."""
    src, live, files, work = pair
    read_rows = []
    real = postgres.PostgresEngine._read_every_row
    monkeypatch.setattr(postgres.PostgresEngine, "_amcheck", lambda self, conn: "")
    monkeypatch.setattr(postgres.PostgresEngine, "_read_every_row",
                        lambda self, conn, tables: read_rows.append(tables) or real(self, conn, tables))
    summary = engine_for(live).restore(files, work)
    assert summary == "every row read (501 rows), 2 tables"  # item (500) and store (1)
    assert read_rows and read(live) == (500, "new.example")


def test_corrupt_dump_leaves_live_answering(pair, prefix):
    src, live, files, work = pair
    dump = files[0]
    data = dump.read_bytes()
    dump.write_bytes(data[: int(len(data) * 0.7)])  # the table of contents is intact, the data is not
    with pytest.raises(RestoreError) as info:
        engine_for(live).restore(files, work)
    assert "pg_restore" in str(info.value)
    assert read(live) == (10, "old.example")
    assert databases(prefix) == {src, live}


def test_unreadable_archive_is_refused_before_anything(pair, prefix):
    src, live, files, work = pair
    files[0].write_bytes(b"PGDMP" + b"\x00" * 64)
    with pytest.raises(RestoreError) as info:
        engine_for(live).restore(files, work)
    assert "cannot be read" in str(info.value)
    assert read(live) == (10, "old.example")
    assert databases(prefix) == {src, live}


# --- kill and recover ------------------------------------------------------------------

KILLED_RESTORE = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from app.engines import get_engine
    from app.settings.model import DatabaseSettings
    engine = get_engine(DatabaseSettings(engine="postgres", server={host!r}, port={port}, name={live!r},
                                         user={user!r}, password={password!r}, busy_policy="wait",
                                         busy_timeout_s=0))
    engine.restore([Path({dump!r})], Path({work!r}))
""")


@pytest.mark.slow
def test_kill_mid_restore_then_recover(prefix, tmp_path):
    src, live = f"{prefix}_src", f"{prefix}_live"
    create_db(src, 600_000, "new", extra_sql="CREATE INDEX item_label ON item (label)")
    create_db(live, 10, "old")
    [dump] = engine_for(src).backup(tmp_path)
    script = KILLED_RESTORE.format(root=str(ROOT), host=PG.host, port=PG.port, live=live, user=PG.user,
                                   password=PG.password,
                                   dump=str(dump), work=str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    staging = live + STAGING_SUFFIX
    try:
        # kill the worker while pg_restore is copying rows into the staging database
        deadline = time.monotonic() + 30
        with admin() as conn:
            while time.monotonic() < deadline and child.poll() is None:
                busy = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                                    "AND query LIKE 'COPY %%'", (staging,))
                if busy.fetchone()[0]:
                    break
                time.sleep(0.02)
        assert child.poll() is None, "the restore ended before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert staging in databases(prefix)
        assert read(live) == (10, "old.example")  # the live database never stopped answering
        engine = engine_for(live)
        done = engine.recover(tmp_path)
        assert any("dropped" in line and staging in line for line in done)
        assert databases(prefix) == {src, live}
        engine.restore([dump], tmp_path)
        assert read(live) == (600_000, "new.example")
    finally:
        try:
            os.killpg(child.pid, signal.SIGKILL)  # the orphaned pg_restore, if any is left
        except ProcessLookupError:
            pass


def test_recover_after_a_kill_between_the_renames(pair, prefix):
    src, live, files, work = pair
    old, staging = live + OLD_SUFFIX, live + STAGING_SUFFIX
    with admin() as conn:
        conn.execute(f'ALTER DATABASE "{live}" RENAME TO "{old}"')
        conn.execute(f'CREATE DATABASE "{staging}"')
    engine = engine_for(live)
    done = engine.recover(work)
    assert len(done) == 2
    assert databases(prefix) == {src, live}
    assert read(live) == (10, "old.example")


def test_recover_drops_old_left_after_success(pair, prefix):
    src, live, files, work = pair
    with admin() as conn:
        conn.execute(f'CREATE DATABASE "{live}{OLD_SUFFIX}"')
    assert engine_for(live).recover(work) == [f"dropped {live}__old left after a completed restore"]
    assert databases(prefix) == {src, live}


# --- other sessions ------------------------------------------------------------------------

def test_busy_policy_fail_keeps_live_untouched(pair, prefix):
    src, live, files, work = pair
    with PG.connect(live) as other:
        with pytest.raises(RestoreError) as info:
            engine_for(live, busy_policy="fail").restore(files, work)
        assert "in use by 1 other session(s)" in str(info.value)
        assert "busy_policy" in str(info.value)
        assert "Nothing was restored" in str(info.value)  # refused before pg_restore ran
        assert other.execute("SELECT count(*) FROM item").fetchone()[0] == 10  # still connected
    assert read(live) == (10, "old.example")
    assert databases(prefix) == {src, live}


def test_busy_policy_wait_ends_sessions_that_stay(pair):
    src, live, files, work = pair
    other = PG.connect(live)
    try:
        started = time.monotonic()
        engine_for(live, busy_policy="wait", busy_timeout_s=1).restore(files, work)
        assert time.monotonic() - started >= 1
        with pytest.raises(psycopg.OperationalError):
            other.execute("SELECT 1")
    finally:
        other.close()
    assert read(live) == (500, "new.example")


def test_busy_policy_wait_for_a_session_that_leaves(pair):
    src, live, files, work = pair
    other = PG.connect(live)
    threading.Timer(0.5, other.close).start()
    engine_for(live, busy_policy="wait", busy_timeout_s=20).restore(files, work)
    assert read(live) == (500, "new.example")


# --- password and client tools --------------------------------------------------------------

@pytest.fixture
def role(server):
    name, password = f"ct_role_{uuid.uuid4().hex[:8]}", "p:w\\d-" + uuid.uuid4().hex
    with admin() as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN CREATEDB PASSWORD '{password}'")
    yield name, password
    with admin() as conn:
        owned = conn.execute("SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
                             "WHERE r.rolname = %s", (name,)).fetchall()
        for (db,) in owned:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f"DROP OWNED BY {name}")
        conn.execute(f"DROP ROLE {name}")


def password_is_checked(user: str) -> bool:
    """False if pg_hba.conf trusted 127.0.0.1 (a wrong password would get in)."""
    try:
        psycopg.connect(host=PG.host, port=PG.port, user=user, password="wrong", dbname="postgres").close()
        return False
    except psycopg.OperationalError:
        return True


def test_password_goes_through_a_private_passfile(prefix, role, tmp_path, monkeypatch):
    user, password = role
    src = f"{prefix}_pw"
    with admin() as conn:
        conn.execute(f'CREATE DATABASE "{src}" OWNER {user}')
    spawned = []
    real_popen = subprocess.Popen

    def spy(command, *args, **kwargs):
        env = kwargs.get("env") or {}
        passfile = env.get("PGPASSFILE")
        spawned.append({"argv": list(command), "env": dict(env), "passfile": passfile,
                        "mode": stat.S_IMODE(os.stat(passfile).st_mode) if passfile else None,
                        "content": Path(passfile).read_text() if passfile else None})
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(pgtools.subprocess, "Popen", spy)
    engine = engine_for(src, user=user, password=password)
    [dump] = engine.backup(tmp_path)
    tools = [s for s in spawned if s["passfile"]]
    assert tools, "pg_dump was not given a passfile"
    for call in spawned:
        assert not any(password in arg for arg in call["argv"])
        assert "PGPASSWORD" not in call["env"]
    for call in tools:
        assert call["mode"] == 0o600
        assert call["content"] == pgtools.passfile_line(password)
        assert not Path(call["passfile"]).exists()  # removed after the run
    # a real password check: the right one worked above, a wrong one fails without showing it
    assert password_is_checked(user)
    with pytest.raises(EngineError) as info:
        engine_for(src, user=user, password="not-" + password).backup(tmp_path)
    assert password not in str(info.value)
    assert dump.stat().st_size > 0


def test_passfile_line_escapes_separators():
    assert pgtools.passfile_line("a:b\\c") == "*:*:*:*:a\\:b\\\\c\n"


def test_tool_version_check():
    pgtools.check_tool_version("pg_dump", "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)", 150004)
    pgtools.check_tool_version("pg_dump", "pg_dump (PostgreSQL) 17.2", 150004)
    with pytest.raises(EngineError) as info:
        pgtools.check_tool_version("pg_dump", "pg_dump (PostgreSQL) 14.10", 160001)
    assert "pg_dump is version 14 but the PostgreSQL server is version 16" in str(info.value)
    assert "Install the PostgreSQL 16 client tools" in str(info.value)
    with pytest.raises(EngineError, match="version 9.6 but"):
        pgtools.check_tool_version("pg_restore", "pg_restore (PostgreSQL) 9.6.24", 100023)
    pgtools.check_tool_version("pg_dump", "pg_dump (PostgreSQL) 10.23", 90624)


def test_old_client_tools_are_refused_before_the_backup(pair, monkeypatch, tmp_path):
    src, live, files, work = pair
    monkeypatch.setattr(pgtools.ClientTools, "version", lambda self, tool: f"{tool} (PostgreSQL) 12.1")
    out = tmp_path / "out"
    with pytest.raises(EngineError, match="pg_dump is version 12 but the PostgreSQL server is version"):
        engine_for(src).backup(out)
    assert list(out.iterdir()) == []
    with pytest.raises(EngineError, match="pg_restore is version 12"):
        engine_for(live).restore(files, work)
    assert read(live) == (10, "old.example")


def test_missing_pg_dump_is_a_clear_message(pair, monkeypatch, tmp_path):
    src = pair[0]
    monkeypatch.setattr(pgtools.shutil, "which", lambda *a, **k: None)
    monkeypatch.setattr(pgtools, "install_folders", lambda: [tmp_path / "nowhere"])
    with pytest.raises(EngineError) as info:
        engine_for(src).backup(tmp_path)
    assert "pg_dump was not found" in str(info.value) and "PATH" in str(info.value)


def test_missing_database_is_a_clear_message(prefix, tmp_path):
    with pytest.raises(EngineError) as info:
        engine_for(f"{prefix}_missing").backup(tmp_path)
    assert f'database "{prefix}_missing" does not exist' in str(info.value)


def test_pg_dump_failure_shows_its_stderr(pair, role, tmp_path):
    src = pair[0]
    user, password = role  # may connect, may not read the tables
    with pytest.raises(BackupError) as info:
        engine_for(src, user=user, password=password).backup(tmp_path / "out")
    text = str(info.value)
    assert "pg_dump of PostgreSQL database" in text and "permission denied" in text
    assert "rights" in text and password not in text
    assert not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("name", ['x"; DROP DATABASE postgres; --', "a b", "1abc", "a" * 60, ""])
def test_unsafe_names_are_refused(name):
    with pytest.raises(EngineError):
        postgres.validate_name(name)


def test_archive_table_count():
    listing = ("; comment TABLE x\n214; 1259 16388 TABLE public t postgres\n"
               "3344; 0 16388 TABLE DATA public t postgres\n215; 1259 16392 VIEW public v postgres\n")
    assert pgtools.count_archive_tables(listing) == 1
