"""SQL Server log shipping's primitives against the fake server (tests/fakes/fake_pyodbc.py), which keeps
each database's recovery model, log chain (LSNs, last log backup) and restore state, and refuses what SQL
Server refuses. Two fake servers: the official's and the contingency's; the files pass between their
folders as bundles would carry them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.engines import get_engine, sqlserver, sqlserver_errors
from app.engines import sqlserver_log as logship
from app.errors import BackupError, EngineError
from app.settings.model import DatabaseSettings
from tests.fakes.fake_pyodbc import Database, FakePyodbc

DATA = "D:\\MGV7\\Data"


class Pair:
    """An official and a contingency SQL Server; ``on(side)`` points the engine's pyodbc at one."""

    def __init__(self, monkeypatch, tmp_path: Path) -> None:
        self.root = tmp_path
        self.servers = {side: FakePyodbc() for side in ("official", "contingency")}
        for side, server in self.servers.items():
            server.add_folder(str(tmp_path / side / "work"), tmp_path / side / "work")
            server.add_folder(DATA, tmp_path / side / "data")
        self.current = "official"
        monkeypatch.setattr(sqlserver, "_pyodbc", lambda: self.servers[self.current])
        self.official.databases["Loja"] = Database(tables=["item"], recovery="SIMPLE")

    @property
    def official(self) -> FakePyodbc:
        return self.servers["official"]

    @property
    def contingency(self) -> FakePyodbc:
        return self.servers["contingency"]

    def on(self, side: str) -> sqlserver.SQLServerEngine:
        self.current = side
        return get_engine(DatabaseSettings(engine="sqlserver", server=".\\SQLEXPRESS", name="Loja", auth="sql",
                                           user="sa", password="pw", data_folder=DATA))

    def work(self, side: str) -> Path:
        return self.root / side / "work"

    def ship(self, path: Path, name: str | None = None) -> Path:
        """The file as the contingency receives it."""
        target = self.work("contingency") / (name or path.name)
        shutil.copyfile(path, target)
        return target

    def full(self) -> tuple[Path, logship.BackupSet]:
        path, found = logship.full_backup(self.on("official"), self.work("official"))
        return self.ship(path, f"full-{found.last_lsn}.bak"), found

    def log(self) -> tuple[Path, logship.BackupSet]:
        path, found = logship.backup_log(self.on("official"), self.work("official"))
        return self.ship(path, f"log-{found.last_lsn}.trn"), found


@pytest.fixture
def pair(monkeypatch, tmp_path) -> Pair:
    return Pair(monkeypatch, tmp_path)


def in_full(pair: Pair) -> None:
    assert logship.ensure_full_recovery(pair.on("official"), allowed=True)


# --- the official: the recovery model, asked first ---------------------------------------------------------

def test_the_recovery_model_is_never_changed_without_the_setting(pair):
    with pytest.raises(EngineError) as info:
        logship.ensure_full_recovery(pair.on("official"), allowed=False)
    assert "the log file grows" in info.value.message and "database.allow_full_recovery" in info.value.hint
    assert pair.official.databases["Loja"].recovery == "SIMPLE"
    assert not [sql for sql in pair.official.commands() if "SET RECOVERY" in sql]


def test_allowed_the_change_is_made_and_said(pair):
    note = logship.ensure_full_recovery(pair.on("official"), allowed=True)
    assert note == "Loja set to the FULL recovery model (was SIMPLE)"
    assert pair.official.databases["Loja"].recovery == "FULL"
    assert logship.ensure_full_recovery(pair.on("official"), allowed=False) == ""  # already FULL: nothing asked


def test_backup_log_is_refused_in_simple(pair):
    with pytest.raises(BackupError) as info:
        logship.backup_log(pair.on("official"), pair.work("official"))
    assert "(4208)" in info.value.message
    assert info.value.explanation.template == sqlserver_errors.EXPLANATIONS[4208]


def test_the_first_full_backup_after_the_switch_starts_the_log_chain(pair):
    in_full(pair)
    with pytest.raises(BackupError, match=r"\(4214\)"):  # pseudo-simple: no full backup since the switch
        logship.backup_log(pair.on("official"), pair.work("official"))
    pair.full()
    first = [sql for sql in pair.official.commands() if sql.startswith("BACKUP DATABASE")][-1]
    assert "COPY_ONLY" not in first  # only a backup that is not COPY_ONLY starts the chain
    pair.log()
    pair.full()
    later = [sql for sql in pair.official.commands() if sql.startswith("BACKUP DATABASE")][-1]
    assert "COPY_ONLY" in later  # the store's own differential backups keep their base
    assert "WITH INIT, FORMAT, CHECKSUM" in [sql for sql in pair.official.commands() if sql.startswith("BACKUP LOG")][0]


def test_consecutive_log_backups_follow_each_other_and_truncate(pair):
    in_full(pair)
    _, full = pair.full()
    pair.official.write("Loja", "sale 1")
    _, first = pair.log()
    pair.official.write("Loja", "sale 2")
    _, second = pair.log()
    assert logship.follows(full.last_lsn, full.fork, first, after_full=True) is None
    assert logship.follows(first.last_lsn, first.fork, second, after_full=False) is None
    assert pair.official.databases["Loja"].log_base == second.last_lsn  # truncated up to the last log backup
    assert first.to_fields() == {"first_lsn": str(first.first_lsn), "last_lsn": str(first.last_lsn),
                                 "recovery_fork": first.fork}


def test_another_programs_log_backup_is_a_break_seen_from_the_lsns(pair):
    in_full(pair)
    pair.full()
    _, ours = pair.log()
    pair.official.write("Loja", "sale 1")
    pair.log()  # someone else's: its file never reaches the contingency
    _, next_ours = pair.log()
    why = logship.follows(ours.last_lsn, ours.fork, next_ours, after_full=False)
    assert why is not None and "another log backup took the log in between" in str(why)


def test_a_switch_to_simple_and_back_breaks_the_chain(pair):
    in_full(pair)
    pair.full()
    pair.log()
    pair.on("official")
    with pair.on("official").admin_session() as cursor:
        cursor.execute("ALTER DATABASE [Loja] SET RECOVERY SIMPLE")
        cursor.execute("ALTER DATABASE [Loja] SET RECOVERY FULL")
    with pytest.raises(BackupError, match=r"\(4214\)"):
        logship.backup_log(pair.on("official"), pair.work("official"))


# --- the contingency: STANDBY, LSN order, refusals --------------------------------------------------------

def test_full_then_logs_in_order_on_a_readable_standby(pair):
    in_full(pair)
    pair.official.write("Loja", "sale 1")
    bak, _ = pair.full()
    pair.official.write("Loja", "sale 2")
    log1, _ = pair.log()
    pair.official.write("Loja", "sale 3")
    log2, _ = pair.log()
    engine = pair.on("contingency")
    logship.restore_full(engine, bak, "Loja", standby=True)
    standby = pair.contingency.databases["Loja"]
    assert standby.standby and pair.contingency.texts("Loja") == ["sale 1"]
    with engine.admin_session() as cursor:  # the store's reports read it between restores
        assert cursor.execute("SELECT COUNT(*) FROM [Loja].sys.tables WHERE is_ms_shipped = 0").fetchall() == [(1,)]
    logship.restore_log(engine, log1, "Loja", standby=True)
    logship.restore_log(engine, log2, "Loja", standby=True)
    assert pair.contingency.texts("Loja") == pair.official.texts("Loja") == ["sale 1", "sale 2", "sale 3"]
    with pytest.raises(Exception, match=r"\(3906\)"):  # read-only between restores
        pair.contingency.write("Loja", "a stranger's change")
    assert logship.recover(engine, "Loja") == "Loja recovered (RESTORE DATABASE WITH RECOVERY)"
    assert not standby.standby and standby.state == "ONLINE"
    pair.contingency.write("Loja", "sale on the promoted server")


def test_a_missing_log_is_refused_by_sql_server_and_nothing_is_applied(pair):
    in_full(pair)
    bak, _ = pair.full()
    pair.official.write("Loja", "sale 1")
    pair.log()  # lost on the way
    pair.official.write("Loja", "sale 2")
    log2, _ = pair.log()
    engine = pair.on("contingency")
    logship.restore_full(engine, bak, "Loja", standby=False)
    assert pair.contingency.databases["Loja"].state == "RESTORING"
    with pytest.raises(logship.LogChainBroken) as info:
        logship.restore_log(engine, log2, "Loja", standby=False)
    assert info.value.why == "gap" and "(4305)" in info.value.message and "too recent to apply" in info.value.message
    assert pair.contingency.texts("Loja") == []
    with pytest.raises(EngineError, match=r"\(927\)"):  # RESTORING: unreadable
        with engine.admin_session() as cursor:
            engine._rows(cursor, "SELECT COUNT(*) FROM [Loja].sys.tables WHERE is_ms_shipped = 0", doing="reading",
                         error=EngineError)


def standby_and_one_log(pair: Pair) -> tuple[sqlserver.SQLServerEngine, Path]:
    """A contingency's standby copy of the chain's full backup, and the log backup that follows it."""
    in_full(pair)
    bak, _ = pair.full()
    pair.official.write("Loja", "sale 1")
    log1, _ = pair.log()
    engine = pair.on("contingency")
    logship.restore_full(engine, bak, "Loja", standby=True)
    return engine, log1


def test_a_log_applied_twice_is_too_early(pair):
    engine, log1 = standby_and_one_log(pair)
    logship.restore_log(engine, log1, "Loja", standby=True)
    with pytest.raises(logship.LogChainBroken) as info:
        logship.restore_log(engine, log1, "Loja", standby=True)
    assert info.value.why == "too-early" and "(4326)" in info.value.message
    assert pair.contingency.texts("Loja") == ["sale 1"]


def test_no_log_after_recovery(pair):
    engine, log1 = standby_and_one_log(pair)
    logship.recover(engine, "Loja")
    with pytest.raises(logship.LogChainBroken) as info:
        logship.restore_log(engine, log1, "Loja", standby=True)
    assert info.value.why == "not-restoring" and "(3117)" in info.value.message


def test_a_log_from_another_recovery_path_is_refused(pair):
    in_full(pair)
    bak, _ = pair.full()
    engine = pair.on("contingency")
    logship.restore_full(engine, bak, "Loja", standby=True)
    official = pair.official.databases["Loja"]
    official.fork = "fork-restored-elsewhere"  # a restore on the official: a new recovery path
    pair.official.write("Loja", "sale 1")
    log1, found = pair.log()
    with pytest.raises(logship.LogChainBroken) as info:
        logship.restore_log(pair.on("contingency"), log1, "Loja", standby=True)
    assert info.value.why == "fork" and "(4330)" in info.value.message


def test_a_damaged_log_file_is_refused_before_anything(pair):
    engine, log1 = standby_and_one_log(pair)
    log1.write_bytes(log1.read_bytes()[:20])
    with pytest.raises(EngineError, match=r"\(3241\)"):
        logship.restore_log(engine, log1, "Loja", standby=True)
    assert not [sql for sql in pair.contingency.commands() if sql.startswith("RESTORE LOG")]


def test_a_full_backup_is_not_applied_as_a_log(pair):
    in_full(pair)
    bak, _ = pair.full()
    engine = pair.on("contingency")
    logship.restore_full(engine, bak, "Loja", standby=True)
    with pytest.raises(logship.LogChainBroken, match="is not a log backup of Loja"):
        logship.restore_log(engine, bak, "Loja", standby=True)


def test_a_standby_database_refuses_option_changes(pair):
    in_full(pair)
    bak, _ = pair.full()
    engine = pair.on("contingency")
    logship.restore_full(engine, bak, "Loja", standby=True)
    with engine.admin_session() as cursor:
        with pytest.raises(Exception, match=r"\(5063\)"):
            cursor.execute("ALTER DATABASE [Loja] SET RECOVERY SIMPLE")


@pytest.mark.parametrize("number", [927, 3117, 3241, 4208, 4214, 4305, 4326, 4330, 5063])
def test_every_log_shipping_error_has_an_explanation(number):
    phrase = sqlserver_errors.explain(f"[42000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]x ({number})",
                                      "42000", "Loja", "D:\\Data")
    assert phrase.template == sqlserver_errors.EXPLANATIONS[number]


def test_the_question_before_the_change_is_translated():
    from ui import qm

    catalog = qm.read_ts(Path(__file__).resolve().parents[1] / "ui" / "translations" / "contingencia_pt_BR.ts")
    translated = {m.source for m in catalog.messages if m.context == "Core" and m.translation}
    assert logship.FULL_RECOVERY_CHANGE in translated


def test_a_refusal_reads_as_one_sentence_and_its_explanation(pair):
    engine, log1 = standby_and_one_log(pair)
    logship.restore_log(engine, log1, "Loja", standby=True)
    with pytest.raises(logship.LogChainBroken) as info:
        logship.restore_log(engine, log1, "Loja", standby=True)
    assert str(info.value).endswith("the next log backup is needed.")


def test_the_command_line_asks_before_allowing_the_full_recovery_model(tmp_path):
    from app.paths import Home
    from app.settings.store import SettingsStore
    from tests.pair import cli

    home = Home.resolve(tmp_path / "home").ensure()
    refused = cli(home, "config", "set", "database.allow_full_recovery", "true")  # no terminal to answer
    assert refused.returncode == 1 and "the log file grows" in refused.stderr and "--yes" in refused.stderr
    assert SettingsStore(home).load(with_secrets=False).database.allow_full_recovery is False
    accepted = cli(home, "config", "set", "database.allow_full_recovery", "true", "--yes")
    assert accepted.returncode == 0, accepted.stderr
    assert SettingsStore(home).load(with_secrets=False).database.allow_full_recovery is True
    assert cli(home, "config", "set", "database.allow_full_recovery", "false").returncode == 0  # off: no question
