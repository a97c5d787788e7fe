"""SQL Server log shipping through the real cycles: an official and a contingency, each with its own
fake SQL Server (tests/fakes/fake_pyodbc.py), a shared folder between them; the chain's format is
SQLite's (app/delta/chain.py), the increments are log backups."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from app.bundle import read_manifest
from app.cycles import last_restored, run_contingency, run_official
from app.delta.follow import applied
from app.engines import get_engine, sqlserver
from app.faults import FAULT_ENV
from app.journal import Journal, StateKey
from app.markers import MARKER_NAME, Marker
from app.settings.model import DatabaseSettings, validate
from tests.fakes.fake_pyodbc import Database, FakePyodbc

from .pair import ROOT, Pair, cli_command, make_pair

DATA = "D:\\MGV7\\Data"


class Servers:
    def __init__(self, p: Pair, monkeypatch, tmp_path) -> None:
        self.fakes = {"official": FakePyodbc(), "contingency": FakePyodbc()}
        for side, home in (("official", p.official_home), ("contingency", p.contingency_home)):
            self.fakes[side].add_folder(str(home.root), home.root)
            self.fakes[side].add_folder(DATA, tmp_path / side / "data")
        self.current = "official"
        monkeypatch.setattr(sqlserver, "_pyodbc", lambda: self.fakes[self.current])

    @property
    def official(self) -> FakePyodbc:
        return self.fakes["official"]

    @property
    def contingency(self) -> FakePyodbc:
        return self.fakes["contingency"]


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    p = make_pair(tmp_path)
    servers = Servers(p, monkeypatch, tmp_path)
    servers.official.databases["Loja"] = Database(tables=["item"], recovery="SIMPLE")
    for settings in (p.official, p.contingency):
        settings.database = DatabaseSettings(engine="sqlserver", server=".\\SQLEXPRESS", name="Loja", auth="sql",
                                             user="sa", data_folder=DATA)
    p.official.database.allow_full_recovery = True
    p.official.official.incremental_interval_min = 1
    p.official.official.interval_min = 1440
    p.save()
    return p, servers


def backup(p: Pair, servers: Servers, **options):
    servers.current = "official"
    result = run_official(p.official, p.official_home, **options)
    assert result.result == "ok", result.message
    return Marker.parse((p.shared / MARKER_NAME).read_text())


def restore(p: Pair, servers: Servers):
    servers.current = "contingency"
    return run_contingency(p.contingency, p.contingency_home)


def journal(p: Pair) -> Journal:
    return Journal(p.contingency_home.journal_file)


def test_the_settings_allow_increments_for_sql_server(shipped):
    p, _ = shipped
    assert not [e for e in validate(p.official) if e.key == "official.incremental_interval_min"]


def test_a_full_backup_then_log_backups_rebuild_the_official_on_a_readable_standby(shipped):
    p, servers = shipped
    servers.official.write("Loja", "sale 1")
    full = backup(p, servers)
    assert full.kind == "full"
    assert servers.official.databases["Loja"].recovery == "FULL"  # allowed: the change was made
    assert restore(p, servers).result == "ok"
    standby = servers.contingency.databases["Loja"]
    assert standby.standby and servers.contingency.texts("Loja") == ["sale 1"]

    servers.official.write("Loja", "sale 2")
    increment = backup(p, servers)
    manifest = read_manifest(p.shared / increment.bundle)
    assert increment.kind == "incremental" and (increment.chain, increment.base_sequence) == (full.sequence,
                                                                                            full.sequence)
    assert [m["name"] for m in manifest["members"]] == ["Loja.trn"]
    assert manifest["base_bundle"] == full.bundle and manifest["base_lsn"] == read_manifest(
        p.shared / full.bundle)["last_lsn"]
    assert int(manifest["first_lsn"]) <= int(manifest["base_lsn"]) < int(manifest["last_lsn"])
    done = restore(p, servers)
    assert done.result == "ok", done.message
    assert servers.contingency.texts("Loja") == ["sale 1", "sale 2"] and standby.standby
    assert [sql for sql in servers.contingency.commands() if sql.startswith("RESTORE LOG")]

    # off for two increments: one cycle catches up, in LSN order
    for sale in ("sale 3", "sale 4"):
        servers.official.write("Loja", sale)
        last = backup(p, servers)
    assert restore(p, servers).result == "ok"
    assert servers.contingency.texts("Loja") == servers.official.texts("Loja")
    state = applied(journal(p))
    assert state["bundle"] == last.bundle and not state["wants_full"]
    assert last_restored(journal(p))["created"] == last.created  # the recovery point: the last log applied


def test_promotion_recovers_the_standby_copy(shipped):
    p, servers = shipped
    servers.official.write("Loja", "sale 1")
    backup(p, servers)
    restore(p, servers)
    servers.official.write("Loja", "sale 2")
    backup(p, servers)
    restore(p, servers)
    servers.current = "contingency"
    note = get_engine(p.contingency.database).prepare_for_service()
    live = servers.contingency.databases["Loja"]
    assert "recovered (RESTORE DATABASE WITH RECOVERY)" in note
    assert live.state == "ONLINE" and not live.standby and live.recovery == "SIMPLE"
    servers.contingency.write("Loja", "sale on the promoted server")
    assert get_engine(p.contingency.database).prepare_for_service().startswith("Loja: users mapped")  # once


def test_without_the_permission_a_simple_database_gets_full_bundles_and_is_not_changed(shipped):
    p, servers = shipped
    p.official.database.allow_full_recovery = False
    backup(p, servers)
    second = backup(p, servers)
    assert second.kind == "full" and servers.official.databases["Loja"].recovery == "SIMPLE"
    assert not [sql for sql in servers.official.commands() if "SET RECOVERY" in sql or "BACKUP LOG" in sql]
    assert restore(p, servers).result == "ok"
    live = servers.contingency.databases["Loja"]
    assert not live.standby and live.state == "ONLINE"  # a plain full bundle: recovered as before


def test_another_programs_log_backup_starts_a_new_chain(shipped):
    p, servers = shipped
    full = backup(p, servers)
    restore(p, servers)
    servers.official.write("Loja", "sale 1")
    servers.official.add_folder("C:\\StoreBackups", p.root / "store-backups")  # the store's own log backups
    servers.official.connect("DATABASE=master;", autocommit=True).cursor().execute(
        "BACKUP LOG [Loja] TO DISK = ?", "C:\\StoreBackups\\theirs.trn")
    servers.official.write("Loja", "sale 2")
    after = backup(p, servers)
    assert after.kind == "full" and after.chain == after.sequence != full.chain
    assert restore(p, servers).result == "ok"
    assert servers.contingency.texts("Loja") == ["sale 1", "sale 2"]


def test_a_log_backup_never_published_is_a_gap_the_official_sees(shipped, monkeypatch):
    p, servers = shipped
    backup(p, servers)
    servers.official.write("Loja", "sale 1")
    from app.delta import logship
    monkeypatch.setattr(logship, "_sha256", lambda path: (_ for _ in ()).throw(OSError("cut short")))
    servers.current = "official"
    assert run_official(p.official, p.official_home).result == "failed"  # after BACKUP LOG, before publishing
    monkeypatch.undo()
    monkeypatch.setattr(sqlserver, "_pyodbc", lambda: servers.fakes[servers.current])
    after = backup(p, servers)
    assert after.kind == "full"  # the log it took is lost: the next one would not follow
    restore(p, servers)
    assert servers.contingency.texts("Loja") == ["sale 1"]


def test_a_missing_increment_makes_the_contingency_wait_for_a_full_bundle(shipped):
    p, servers = shipped
    backup(p, servers)
    restore(p, servers)
    servers.official.write("Loja", "sale 1")
    lost = backup(p, servers)
    servers.official.write("Loja", "sale 2")
    backup(p, servers)
    (p.shared / lost.bundle).unlink()
    result = restore(p, servers)
    assert result.result != "ok"
    assert "cannot be followed here" in result.message and lost.bundle in result.message
    assert servers.contingency.texts("Loja") == [] and servers.contingency.databases["Loja"].standby
    assert journal(p).get_state(StateKey.WANTS_FULL)
    backup(p, servers, full_bundle=True)
    assert restore(p, servers).result == "ok"
    assert servers.contingency.texts("Loja") == ["sale 1", "sale 2"]


def test_a_log_backup_is_not_judged_as_a_shrunk_database(shipped):
    p, servers = shipped
    servers.official.write("Loja", *[f"item {n}" for n in range(2000)])
    backup(p, servers)
    servers.official.write("Loja", "sale 1")
    small = backup(p, servers)  # a log a thousandth of the database's size: published
    assert small.kind == "incremental"
    base = p.shared / read_manifest(p.shared / small.bundle)["base_bundle"]
    assert small.size * 5 < base.stat().st_size


# --- kills (a real SIGKILL of the cycle's process; the fake server's state survives it, as a server's would)
def killed(p: Pair, servers: Servers, side: str, point: str) -> None:
    """Run one cycle of ``side`` in a process that SIGKILLs itself at ``point``, then take its server back."""
    state = p.root / f"{side}-server.pickle"
    servers.fakes[side].persist_to = state
    servers.fakes[side].save()
    home = p.official_home if side == "official" else p.contingency_home
    command, env = cli_command(home, env={FAULT_ENV: point})
    done = subprocess.run([sys.executable, "-m", "tests.fakes.sqlserver_cycle", str(state), str(home.root), side],
                          env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == -signal.SIGKILL, f"not killed at {point}: {done.returncode} {done.stderr[-800:]}"
    servers.fakes[side] = FakePyodbc.load(state)
    servers.fakes[side].persist_to = None


def test_a_kill_after_restore_log_before_its_record_is_not_taken_for_a_break(shipped):
    p, servers = shipped
    backup(p, servers)
    restore(p, servers)
    servers.official.write("Loja", "sale 1")
    backup(p, servers)
    killed(p, servers, "contingency", "logship.log-restored")
    assert servers.contingency.texts("Loja") == ["sale 1"]  # SQL Server applied it whole
    assert journal(p).get_state(StateKey.CHAIN_APPLYING)  # and this machine had not recorded it
    done = restore(p, servers)
    assert done.result == "ok", done.message
    assert servers.contingency.texts("Loja") == ["sale 1"] and not applied(journal(p))["wants_full"]
    assert journal(p).get_state(StateKey.CHAIN_APPLYING) is None
    servers.official.write("Loja", "sale 2")
    backup(p, servers)
    assert restore(p, servers).result == "ok"
    assert servers.contingency.texts("Loja") == ["sale 1", "sale 2"]


def test_a_kill_after_backup_log_before_publishing_makes_the_next_bundle_full(shipped):
    p, servers = shipped
    backup(p, servers)
    restore(p, servers)
    servers.official.write("Loja", "sale 1")
    killed(p, servers, "official", "logship.log-backed-up")
    assert Marker.parse((p.shared / MARKER_NAME).read_text()).kind == "full"  # nothing was published
    servers.official.write("Loja", "sale 2")
    after = backup(p, servers)
    assert after.kind == "full" and after.chain == after.sequence
    assert restore(p, servers).result == "ok"
    assert servers.contingency.texts("Loja") == ["sale 1", "sale 2"]


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_promotion_recovers_the_standby_copy_before_it_writes_and_a_dry_run_never(shipped, dry_run):
    from app.demo import PROFILE as DEMO_PROFILE
    from app.errors import ContingencyError
    from app.promotion.run import run_promotion

    p, servers = shipped
    servers.official.write("Loja", "sale 1")
    backup(p, servers)
    restore(p, servers)
    servers.official.write("Loja", "sale 2")
    last = backup(p, servers)
    servers.current = "contingency"
    try:  # the catch-up applies the last log; the store's profile then meets the fake's limits
        run_promotion(p.contingency, p.contingency_home, new_host="CONTINGENCIA", path_maps=[], dry_run=dry_run,
                      old_host="OFICIAL", lock_wait_s=1, profile_path=DEMO_PROFILE)
    except (ContingencyError, FakePyodbc.Error):  # the demo profile's queries are more than the fake knows
        pass
    live = servers.contingency.databases["Loja"]
    if not dry_run:  # a dry run's catch-up only looks
        assert servers.contingency.texts("Loja") == ["sale 1", "sale 2"]
        assert last_restored(journal(p))["bundle"] == last.bundle
    assert live.standby == dry_run and (live.recovery == "SIMPLE") != dry_run
    connect = next(i for i, c in enumerate(servers.contingency.calls)
                   if c.kind == "connect" and "DATABASE=Loja;" in c.sql and not c.extra["autocommit"])
    recovered = [i for i, c in enumerate(servers.contingency.calls) if c.sql == "RESTORE DATABASE [Loja] WITH RECOVERY"]
    assert recovered == [] if dry_run else recovered[0] < connect


def test_a_contingency_with_a_recovered_copy_moves_to_a_standby_chain(shipped):
    p, servers = shipped
    p.official.database.allow_full_recovery = False
    servers.official.write("Loja", "sale 1")
    backup(p, servers)
    assert restore(p, servers).result == "ok"
    assert not servers.contingency.databases["Loja"].standby  # a plain full bundle: recovered, read-write
    p.official.database.allow_full_recovery = True
    servers.official.write("Loja", "sale 2")
    backup(p, servers)
    servers.official.write("Loja", "sale 3")
    assert backup(p, servers).kind == "incremental"
    done = restore(p, servers)  # walks back to the chain's full bundle, swaps it in, applies the log
    assert done.result == "ok", done.message
    assert servers.contingency.databases["Loja"].standby and "Loja__old" not in servers.contingency.databases
    assert servers.contingency.texts("Loja") == ["sale 1", "sale 2", "sale 3"]


def test_a_report_reading_the_standby_copy_does_not_stop_the_next_chain(shipped):
    p, servers = shipped
    backup(p, servers)
    restore(p, servers)
    servers.contingency.databases["Loja"].sessions.append((71, False))  # a report reading the standby copy
    p.contingency.database.busy_timeout_s = 0  # busy_policy wait: given no time to leave
    servers.official.write("Loja", "sale 1")
    backup(p, servers, full_bundle=True)
    done = restore(p, servers)
    assert done.result == "ok", done.message
    assert "KILL 71" in [sql for sql in servers.contingency.commands() if "MODIFY NAME" in sql][-1]
    assert servers.contingency.texts("Loja") == ["sale 1"] and servers.contingency.databases["Loja"].standby
