"""PostgreSQL WAL shipping end to end: the session's cluster is the official (tests/postgres_server.py,
password authentication on 127.0.0.1), the contingency is a standby this program restores, starts,
feeds and promotes, on its own port; bundles pass through a folder; every cycle is the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg")

from app.delta.follow import applied  # noqa: E402
from app.engines import postgres_wal  # noqa: E402
from app.journal import Journal, StateKey  # noqa: E402
from app.markers import MARKER_NAME, Marker  # noqa: E402
from app.paths import Home  # noqa: E402
from app.settings.model import Settings  # noqa: E402
from app.settings.store import SettingsStore  # noqa: E402

from .pair import cli  # noqa: E402
from .postgres_server import ACCOUNT, server_programs  # noqa: E402
from .servers import free_port  # noqa: E402
from .test_service import killed_at  # noqa: E402

pytestmark = [pytest.mark.server, pytest.mark.slow]


class WalPair:
    def __init__(self, root: Path, pg, name: str) -> None:
        self.pg, self.name = pg, name
        self.shared = root / "shared"
        self.shared.mkdir()
        self.official_home = Home.resolve(root / "official").ensure()
        self.contingency_home = Home.resolve(root / "contingency").ensure()
        # PostgreSQL does not run as root: the standby's folder belongs to its account
        self.cluster_root = Path(tempfile.mkdtemp(prefix="contingencia-standby-"))
        if os.geteuid() == 0:
            shutil.chown(self.cluster_root, ACCOUNT)
        self.standby_dir = self.cluster_root / "data"
        self.standby_port = free_port()
        o = Settings(enabled=True, mode="official", machine_name="LOJA-OFICIAL")
        c = Settings(enabled=True, mode="contingency", machine_name="LOJA-CONT")
        for s, port in ((o, pg.port), (c, self.standby_port)):
            db = s.database
            db.engine, db.server, db.port, db.name = "postgres", pg.host, port, name
            db.user, db.password = pg.user, pg.password
        o.database.wal_shipping = True
        o.official.incremental_interval_min, o.official.interval_min = 1, 1440
        o.official.destination1.path = str(self.shared)
        c.database.standby_data_dir = str(self.standby_dir)
        c.database.pg_bin_dir = str(server_programs())
        c.contingency.source.path = str(self.shared)
        self.official, self.contingency = o, c
        self.save()

    def save(self) -> None:
        SettingsStore(self.official_home).save(self.official)
        SettingsStore(self.contingency_home).save(self.contingency)

    def backup(self, *args: str) -> None:
        done = cli(self.official_home, "backup-now", *args, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr

    def restore(self) -> subprocess.CompletedProcess:
        return cli(self.contingency_home, "restore-now", timeout=300)

    def marker(self) -> Marker:
        return Marker.parse((self.shared / MARKER_NAME).read_text())

    def official_rows(self) -> list[tuple]:
        with self.pg.connect(self.name) as conn:
            return conn.execute("SELECT id, label, length(blob) FROM items ORDER BY id").fetchall()

    def standby(self, sql: str, *params):
        with psycopg.connect(host="127.0.0.1", port=self.standby_port, user=self.pg.user,
                             password=self.pg.password, dbname=self.name, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def standby_rows(self) -> list[tuple]:
        return self.standby("SELECT id, label, length(blob) FROM items ORDER BY id")

    def change(self, label: str, rows: int = 20) -> None:
        with self.pg.connect(self.name) as conn:
            conn.execute("UPDATE items SET label = %s WHERE id <= %s", (label, rows))
            conn.execute("INSERT INTO items (label, blob) VALUES (%s, %s)", (label, os.urandom(3000)))

    def stop_standby(self) -> None:
        for folder in (self.standby_dir, self.standby_dir.with_name("data.staging")):
            if (folder / "postmaster.pid").exists():
                subprocess.run(["runuser", "-u", ACCOUNT, "--", str(server_programs() / "pg_ctl"), "-D", str(folder),
                                "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)


@pytest.fixture
def wal(tmp_path, postgres_server):
    name = f"wal_{uuid.uuid4().hex[:8]}"
    with postgres_server.admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    with postgres_server.connect(name) as conn:
        conn.execute("CREATE TABLE items (id serial PRIMARY KEY, label text NOT NULL, blob bytea)")
        conn.execute("CREATE INDEX items_label ON items (label)")
        conn.execute("INSERT INTO items (label, blob) SELECT 'first ' || g, decode(repeat('ab', 500), 'hex') "
                     "FROM generate_series(1, 2000) g")
    p = WalPair(tmp_path, postgres_server, name)
    yield p
    p.stop_standby()
    shutil.rmtree(p.cluster_root, ignore_errors=True)
    with postgres_server.admin() as admin:
        postgres_wal.drop_slot(admin, postgres_wal.slot_name(name))
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_base_backup_then_increments_keep_the_standby_readable_with_the_officials_rows(wal):
    wal.backup()
    assert wal.marker().kind == "full"
    done = wal.restore()
    assert done.returncode == 0, done.stdout + done.stderr
    assert wal.standby_rows() == wal.official_rows()
    assert wal.standby("SELECT pg_is_in_recovery()") == [(True,)]
    for n in range(3):
        wal.change(f"cycle {n}")
        wal.backup()
        marker = wal.marker()
        assert marker.kind == "incremental" and marker.base_sequence == marker.sequence - 1
        done = wal.restore()
        assert done.returncode == 0, done.stdout + done.stderr
        assert wal.standby_rows() == wal.official_rows()  # readable between restores, with every change
    full = next(f for f in wal.shared.iterdir() if f.name.endswith(".zip") and "+inc_" not in f.name)
    increment = wal.shared / wal.marker().bundle
    assert increment.stat().st_size < full.stat().st_size / 10
    journal = Journal(wal.contingency_home.journal_file)
    assert applied(journal)["sequence"] == wal.marker().sequence


def test_a_missing_increment_is_a_break_and_the_standby_waits_for_the_next_full_bundle(wal):
    wal.backup()
    assert wal.restore().returncode == 0
    wal.change("lost")
    wal.backup()
    lost = wal.marker().bundle
    wal.change("after")
    wal.backup()
    (wal.shared / lost).unlink()
    before = wal.standby_rows()
    refused = wal.restore()
    assert "next full bundle" in refused.stdout + refused.stderr and lost in refused.stdout + refused.stderr
    assert wal.standby_rows() == before  # kept its data, still readable
    journal = Journal(wal.contingency_home.journal_file)
    assert applied(journal)["wants_full"]
    wal.change("still waiting")
    wal.backup()  # reads the acknowledgement that asks for a full bundle
    waiting = wal.restore()
    assert "Waiting for the next full bundle" in waiting.stdout + waiting.stderr
    wal.backup()
    assert wal.marker().kind == "full"
    assert wal.restore().returncode == 0
    assert wal.standby_rows() == wal.official_rows()
    assert not applied(Journal(wal.contingency_home.journal_file))["wants_full"]


def test_a_damaged_increment_is_refused_and_the_standby_keeps_its_data(wal):
    wal.backup()
    assert wal.restore().returncode == 0
    wal.change("damaged")
    wal.backup()
    bundle = wal.shared / wal.marker().bundle
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bundle.write_bytes(bytes(data))
    before = wal.standby_rows()
    refused = wal.restore()
    assert "next full bundle" in refused.stdout + refused.stderr
    assert wal.standby_rows() == before
    assert applied(Journal(wal.contingency_home.journal_file))["wants_full"]


@pytest.mark.parametrize("point", ["walship.archived", "walship.swap-half"])
def test_a_kill_while_applying_is_recovered_by_the_next_cycle(wal, point):
    wal.backup()
    if point == "walship.archived":
        assert wal.restore().returncode == 0
        wal.change("killed")
        wal.backup()
        assert wal.marker().kind == "incremental"
    killed_at(wal.contingency_home, ["restore-now"], point)
    done = wal.restore()
    assert done.returncode == 0, done.stdout + done.stderr
    assert wal.standby_rows() == wal.official_rows()
    assert not wal.standby_dir.with_name("data.staging").exists() and not wal.standby_dir.with_name("data.old").exists()
    assert applied(Journal(wal.contingency_home.journal_file))["sequence"] == wal.marker().sequence


def test_the_apply_wakes_the_standby_instead_of_waiting_for_its_next_retry_of_the_archive(wal):
    wal.backup()
    assert wal.restore().returncode == 0
    # the standby's retry of its restore_command made a minute apart: only the wake can make it look sooner
    (wal.standby_dir / "postgresql.auto.conf").write_text("wal_retrieve_retry_interval = '60s'\n")
    assert wal.standby("SELECT pg_reload_conf()") == [(True,)]
    time.sleep(1)  # it retried on the reload and found nothing: its next retry is a minute away
    wal.change("woken")
    wal.backup()
    done = wal.restore()
    assert done.returncode == 0, done.stdout + done.stderr
    assert wal.standby_rows() == wal.official_rows()
    journal = Journal(wal.contingency_home.journal_file)
    run = journal.runs(1, "restore")[0]
    [step] = [s for s in journal.steps(run.id) if s["name"] == "apply"]
    assert step["finished"] - step["started"] < 20


def test_a_kill_after_receiving_the_wal_ships_it_with_the_next_increment(wal):
    wal.backup()
    assert wal.restore().returncode == 0
    wal.change("received, not published")
    killed_at(wal.official_home, ["backup-now"], "walship.received")
    wal.change("next")
    wal.backup()
    assert wal.marker().kind == "incremental"  # no gap: the received segments waited in the work folder
    assert wal.restore().returncode == 0
    assert wal.standby_rows() == wal.official_rows()


def test_the_promotion_applies_what_arrived_then_makes_the_standby_writable(wal):
    from app.promotion.run import run_promotion
    from app.demo import PROFILE as DEMO_PROFILE
    from .test_promotion_postgres import SCHEMA

    with wal.pg.connect(wal.name) as conn:
        conn.execute(SCHEMA)
        conn.execute("INSERT INTO stores (id, code, name) VALUES (1, '01', 'Loja 01')")
    wal.backup()
    assert wal.restore().returncode == 0
    wal.change("last before the failure")
    wal.backup()  # published, not yet applied: the promotion's catch-up applies it
    settings = SettingsStore(wal.contingency_home).load()
    settings.promotion.profile = str(DEMO_PROFILE)
    result = run_promotion(settings, wal.contingency_home, new_host="CONTINGENCIA", path_maps=[], hooks=[])
    assert result.completed, result.report()
    assert wal.standby("SELECT pg_is_in_recovery()") == [(False,)]
    assert wal.standby_rows() == wal.official_rows()  # the last applied increment's data
    wal.standby("INSERT INTO items (label) VALUES ('written after the promotion') RETURNING id")
    restored = Journal(wal.contingency_home.journal_file).get_state(StateKey.LAST_RESTORED)
    assert restored["bundle"] == wal.marker().bundle and restored["kind"] == "incremental"


def test_more_wal_than_a_base_backup_is_shipped_as_a_base_backup(wal):
    wal.backup()
    journal = Journal(wal.official_home.journal_file)
    state = journal.get_state(StateKey.OFFICIAL_CHAIN)
    assert state["base_size"] > 16 * 1024 ** 2
    journal.set_state(StateKey.OFFICIAL_CHAIN, dict(state, base_size=1))  # as if every row had changed
    wal.change("everything")
    wal.backup()
    assert wal.marker().kind == "full" and wal.marker().chain == wal.marker().sequence
    assert wal.restore().returncode == 0
    assert wal.standby_rows() == wal.official_rows()


@pytest.fixture
def plain_role(wal):
    """A role that may read the database but has no REPLICATION attribute."""
    role, password = f"r_{uuid.uuid4().hex[:8]}", "pw-" + uuid.uuid4().hex[:8]
    with wal.pg.admin() as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        admin.execute(f'GRANT ALL ON DATABASE "{wal.name}" TO {role}')
    with wal.pg.connect(wal.name) as conn:
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        conn.execute(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    yield role, password
    with wal.pg.admin() as admin:
        admin.execute(f'REVOKE ALL ON DATABASE "{wal.name}" FROM {role}')
        with wal.pg.connect(wal.name) as conn:
            conn.execute(f"DROP OWNED BY {role}")
        admin.execute(f"DROP ROLE {role}")


def test_a_user_without_replication_is_told_what_to_change_and_bundles_stay_pg_dump(wal, plain_role):
    role, password = plain_role
    wal.official.database.user, wal.official.database.password = role, password
    wal.save()
    done = cli(wal.official_home, "backup-now", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout + done.stderr + "".join(p.read_text("utf-8", "replace")
                                               for p in wal.official_home.log_dir.glob("*.log*"))
    assert f"ALTER ROLE {role} REPLICATION" in said and "no REPLICATION attribute" in said
    assert wal.marker().kind == "full" and wal.marker().bundle.endswith(".zip")
    import zipfile
    with zipfile.ZipFile(wal.shared / wal.marker().bundle) as bundle:
        assert any(n.endswith(".pgdump") for n in bundle.namelist())  # nothing changed on the server
    with wal.pg.admin() as admin:
        assert admin.execute("SELECT count(*) FROM pg_replication_slots WHERE slot_name = %s",
                             (postgres_wal.slot_name(wal.name),)).fetchone()[0] == 0


def test_a_pg_dump_bundle_is_refused_by_a_standby_with_a_reason(wal):
    wal.backup()
    assert wal.restore().returncode == 0
    wal.official.database.wal_shipping = False
    wal.save()
    wal.backup("--accept-smaller")  # one database now, not the whole server: smaller, and said so
    refused = wal.restore()
    assert "cannot take one" in refused.stdout + refused.stderr
    assert wal.standby("SELECT pg_is_in_recovery()") == [(True,)]
