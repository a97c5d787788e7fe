"""SQL Server engine against a fake pyodbc over a model of the server (no SQL Server runs here).

The fake (tests/fakes/fake_pyodbc.py) keeps the server's state and refuses what
SQL Server refuses, so these tests check outcomes (what is live, in which user
access, with which users and owner) as well as the T-SQL. The real ODBC drivers
are exercised in tests/test_sqlserver_drivers.py; docs/sqlserver.md lists the
check a technician runs against a real SQL Server.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.engines import get_engine, sqlserver, sqlserver_errors
from app.errors import BackupError, EngineError, NotSupportedError, RestoreError
from app.settings.model import DatabaseSettings
from tests.fakes.fake_pyodbc import Database, FakePyodbc, Stranger, User, sql_error

DATA = "D:\\MGV7\\Data"


@pytest.fixture
def fake(monkeypatch, tmp_path):
    module = FakePyodbc()
    module.add_folder(str(tmp_path / "work"), tmp_path / "work")  # a local server sees the work folder
    module.add_folder(DATA, tmp_path / "data")
    monkeypatch.setattr(sqlserver, "_pyodbc", lambda: module)
    return module


def make_engine(**overrides) -> sqlserver.SQLServerEngine:
    values = dict(engine="sqlserver", server=".\\SQLEXPRESS", name="Loja", auth="sql", user="sa",
                  password="S3cret;pw}", data_folder=DATA, busy_policy="fail", busy_timeout_s=0)
    values.update(overrides)
    return get_engine(DatabaseSettings(**values))


def live_loja(fake, tables=("item",), **kw) -> Database:
    fake.databases["Loja"] = Database(tables=list(tables), files=[f"{DATA}\\Loja.mdf", f"{DATA}\\Loja_log.ldf"],
                                      **kw)
    return fake.databases["Loja"]


def bak(fake, tmp_path: Path, **kw) -> Path:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    kw.setdefault("tables", ["item", "price", "label"])
    return fake.write_backup(work / "Loja.bak", **kw)


def restore(fake, tmp_path, engine=None, **kw) -> str:
    return (engine or make_engine()).restore([bak(fake, tmp_path, **kw)], tmp_path / "work")


def ran(fake, prefix: str) -> bool:
    return any(sql.startswith(prefix) for sql in fake.commands())


# --- connection ---------------------------------------------------------------------

def test_connection_string_sql_auth_picks_newest_driver(fake):
    text = make_engine().connection_string("master")
    assert text.startswith("DRIVER={ODBC Driver 18 for SQL Server};SERVER=.\\SQLEXPRESS;DATABASE=master;")
    assert "UID=sa;PWD={S3cret;pw}}};" in text and "Trusted_Connection" not in text


def test_connection_string_windows_auth_and_port(fake):
    text = make_engine(auth="windows", server="localhost", port=1433, user="", password=None,
                       driver="ODBC Driver 17 for SQL Server").connection_string("Loja")
    assert "DRIVER={ODBC Driver 17 for SQL Server};SERVER=localhost,1433;DATABASE=Loja;" in text
    assert "Trusted_Connection=yes" in text and "PWD" not in text


def test_missing_driver_is_a_clear_message(fake):
    fake.installed = ["SQL Server Native Client 11.0", "PostgreSQL Unicode"]
    with pytest.raises(NotSupportedError) as info:
        make_engine().check()
    assert "No ODBC driver for SQL Server is installed" in str(info.value)
    assert "ODBC Driver 18 for SQL Server" in str(info.value)


def test_configured_driver_not_installed_names_it_and_the_installed_ones(fake):
    """Item 7: the hint used to say 'install Driver 18' although one was installed."""
    with pytest.raises(NotSupportedError) as info:
        make_engine(driver="ODBC Driver 13 for SQL Server").check()
    text = str(info.value)
    assert "'ODBC Driver 13 for SQL Server' named in database.driver is not installed" in text
    assert "ODBC Driver 18 for SQL Server" in text and "Installed ODBC drivers" in text


def test_connection_error_never_shows_the_password(fake):
    fake.fail("SERVER=", sql_error(18456, "Login failed for user 'sa'. PWD=S3cret;pw}", "28000"))
    with pytest.raises(EngineError) as info:
        make_engine().check()
    assert "Login failed" in str(info.value) and "S3cret" not in str(info.value)
    assert "SQL Server authentication" in str(info.value)  # the 18456 explanation


@pytest.mark.parametrize("name", ["x]; DROP TABLE y--", "Loja;", "Lo ja", "[Loja]", "a" * 120, "", "Loja'"])
def test_name_validation_refuses_injection(fake, name, tmp_path):
    with pytest.raises(EngineError):
        make_engine(name=name).backup(tmp_path / "work")
    assert fake.executed() == []


def test_every_connection_is_autocommit_except_the_promotions(fake, tmp_path):
    live_loja(fake)
    make_engine().backup(tmp_path / "work")
    restore(fake, tmp_path)
    flags = [c.extra["autocommit"] for c in fake.calls if c.kind == "connect"]
    assert flags and all(flags)
    conn = make_engine().connect()
    with pytest.raises(Exception, match=r"\(226\)"):  # the fake refuses ALTER inside a transaction
        conn.cursor().execute("ALTER DATABASE [Loja] SET MULTI_USER")


# --- backup -------------------------------------------------------------------------------

def test_backup_writes_what_the_database_holds(fake, tmp_path):
    live_loja(fake, tables=("a", "b"))
    [target] = make_engine().backup(tmp_path / "work")
    assert target == (tmp_path / "work" / "Loja.bak").resolve()
    assert fake.commands()[:2] == ["BACKUP DATABASE [Loja] TO DISK = ? WITH COPY_ONLY, INIT, FORMAT, CHECKSUM",
                                   "RESTORE VERIFYONLY FROM DISK = ? WITH CHECKSUM"]
    assert dict(fake.executed())[fake.commands()[0]] == (str(target),)
    assert '"tables": ["a", "b"]' in target.read_text()


def test_backup_uses_compression_where_the_edition_has_it(fake, tmp_path):
    live_loja(fake)
    fake.engine_edition, fake.edition = 2, "Standard Edition (64-bit)"
    make_engine().backup(tmp_path / "work")
    assert fake.commands()[0].endswith("WITH COPY_ONLY, INIT, FORMAT, CHECKSUM, COMPRESSION")
    assert fake.history_trims == 0  # Standard has the Agent for that


def test_backup_trims_msdb_history_on_express(fake, tmp_path):
    """Item 7: Express has no Agent; msdb's backup history grew without end."""
    live_loja(fake)
    make_engine().backup(tmp_path / "work")
    assert fake.history_trims == 1


def test_backup_late_error_is_not_hidden(fake, tmp_path):
    live_loja(fake)
    fake.fail("^BACKUP", sql_error(3013, "BACKUP DATABASE is terminating abnormally."), at="nextset")
    with pytest.raises(BackupError) as info:
        make_engine().backup(tmp_path / "work")
    assert "terminating abnormally" in str(info.value)
    assert not ran(fake, "RESTORE VERIFYONLY")


def test_backup_into_a_folder_the_service_cannot_write(fake, tmp_path):
    live_loja(fake)
    fake.unwritable.add(str(tmp_path / "work"))
    with pytest.raises(BackupError) as info:
        make_engine().backup(tmp_path / "work")
    text = str(info.value)
    assert "(3201)" in text and "service account" in text and str(tmp_path / "work") in text


# --- restore ------------------------------------------------------------------------------

def test_restore_statements_and_the_result(fake, tmp_path):
    live_loja(fake)
    summary = restore(fake, tmp_path)
    assert summary.startswith("CHECKDB ok, 3 tables")  # counted from the restored copy
    commands = fake.commands()
    assert commands[:2] == ["RESTORE HEADERONLY FROM DISK = ?", "RESTORE FILELISTONLY FROM DISK = ?"]
    assert ("RESTORE DATABASE [Loja__staging] FROM DISK = ? WITH MOVE ? TO ?, MOVE ? TO ?, CHECKSUM, RECOVERY, "
            "REPLACE, RESTRICTED_USER") in commands
    params = dict(fake.executed())[next(c for c in commands if c.startswith("RESTORE DATABASE"))]
    assert params[1:] == ("Loja", f"{DATA}\\Loja__staging_Loja.mdf", "Loja_log", f"{DATA}\\Loja__staging_Loja_log.ldf")
    assert set(fake.databases) == {"Loja"}
    loja = fake.databases["Loja"]
    assert loja.tables == ["item", "price", "label"] and loja.access == "MULTI_USER"
    assert loja.recovery == "SIMPLE"  # item 7: a promoted server has no log backups


def test_restore_into_a_new_machine_only_renames(fake, tmp_path):
    restore(fake, tmp_path)
    assert "ALTER DATABASE [Loja__staging] MODIFY NAME = [Loja]" in fake.commands()
    assert set(fake.databases) == {"Loja"}
    assert fake.databases["Loja"].access == "MULTI_USER"  # restored RESTRICTED_USER, opened after the rename


def test_restore_alternates_file_names_in_use_by_the_live_copy(fake, tmp_path):
    live_loja(fake).files = [f"{DATA}\\Loja__staging_Loja.mdf", f"{DATA}\\Loja__staging_Loja_log.ldf"]
    restore(fake, tmp_path)
    assert fake.databases["Loja"].files[0] == f"{DATA}\\Loja__staging_Loja_2.mdf"


def test_two_logical_names_never_share_a_physical_file(fake, tmp_path):
    """Item 7: 'Loja-data' and 'Loja_data' both became Loja__staging_Loja_data.mdf."""
    restore(fake, tmp_path, files=[("Loja-data", "D", 1024), ("Loja_data", "D", 1024), ("Loja_log", "L", 1024)])
    files = fake.databases["Loja"].files
    assert len(set(f.lower() for f in files)) == 3


def test_restore_default_data_folder_from_the_server(fake, tmp_path):
    fake.add_folder("C:\\SQLData\\", tmp_path / "sqldata")
    fake.add_folder("C:\\SQLLogs\\", tmp_path / "sqllogs")
    restore(fake, tmp_path, engine=make_engine(data_folder=""))
    assert fake.databases["Loja"].files == ["C:\\SQLData\\Loja__staging_Loja.mdf",
                                            "C:\\SQLLogs\\Loja__staging_Loja_log.ldf"]


def test_restore_refuses_a_backup_of_another_database(fake, tmp_path):
    live_loja(fake)
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path, database="Outra")
    assert "'Outra', not 'Loja'" in str(info.value)
    assert not ran(fake, "RESTORE DATABASE") and fake.databases["Loja"].tables == ["item"]


def test_failed_checkdb_drops_staging_and_keeps_live(fake, tmp_path):
    live_loja(fake)
    fake.fail("^DBCC CHECKDB", sql_error(8928, "Object ID 5: page (1:99) could not be processed."))
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path)
    assert "could not be processed" in str(info.value)
    assert set(fake.databases) == {"Loja"} and fake.databases["Loja"].tables == ["item"]


def test_late_restore_error_is_seen_through_nextset(fake, tmp_path):
    live_loja(fake)
    fake.fail("^RESTORE DATABASE", sql_error(3183, "RESTORE detected an error on page (1:4711)."), at="nextset")
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path)
    assert "(1:4711)" in str(info.value)
    assert set(fake.databases) == {"Loja"} and fake.databases["Loja"].tables == ["item"]


# --- 1. orphaned users ----------------------------------------------------------------------

def test_users_are_mapped_to_this_servers_logins_and_the_owner_set(fake, tmp_path):
    live_loja(fake)
    fake.login, fake.permissions = "restorer", {"dbcreator", "view_state"}
    fake.logins.update({"restorer": "sid-r", "mgv7": "sid-mgv7-here", "caixa_login": "sid-caixa-here"})
    users = [User("mgv7", "sid-mgv7-official"), User("caixa", "sid-caixa-official"), User("ghost", "sid-ghost")]
    summary = restore(fake, tmp_path, engine=make_engine(login_map="caixa=caixa_login"), users=users)
    loja = fake.databases["Loja"]
    sids = {u.name: u.sid for u in loja.users}
    assert sids == {"mgv7": "sid-mgv7-here", "caixa": "sid-caixa-here", "ghost": "sid-ghost"}
    assert "users mapped: mgv7->mgv7, caixa->caixa_login" in summary
    assert "without a login here: ghost" in summary
    assert loja.owner == "sa" and "owner sa" in summary  # not the restoring login
    assert not any("CREATE LOGIN" in c for c in fake.commands())


def test_a_promotion_maps_the_users_again_and_sets_the_owner(fake):
    """A login created on this machine after the last restore is mapped at the promotion."""
    live_loja(fake, users=[User("mgv7", "sid-official")], owner="restorer")
    fake.logins["mgv7"] = "sid-here"
    note = make_engine().prepare_for_service()
    assert fake.databases["Loja"].users[0].sid == "sid-here" and fake.databases["Loja"].owner == "sa"
    assert note == "Loja: users mapped: mgv7->mgv7, owner sa"


def test_a_missing_owner_login_is_refused_before_anything_is_restored(fake, tmp_path):
    live_loja(fake)
    with pytest.raises(RestoreError, match="owner login 'dono'"):
        restore(fake, tmp_path, engine=make_engine(owner_login="dono"))
    assert not ran(fake, "RESTORE DATABASE")


def test_a_bad_login_map_is_a_clear_message():
    with pytest.raises(EngineError, match="is not user=login"):
        sqlserver.parse_login_map("mgv7")
    assert sqlserver.parse_login_map("MGV7 = loja\\mgv7, a=b") == {"mgv7": "loja\\mgv7", "a": "b"}


# --- 2. the swap ---------------------------------------------------------------------------------

def test_a_client_reconnecting_at_once_cannot_break_the_swap(fake, tmp_path):
    """The store's application reconnects as soon as it is let in: with SINGLE_USER from master it
    took the one slot between two batches and the live database stayed SINGLE_USER, held by it."""
    live_loja(fake)
    fake.strangers = [Stranger("Loja")]
    restore(fake, tmp_path, engine=make_engine(busy_policy="wait"))
    loja = fake.databases["Loja"]
    assert loja.tables == ["item", "price", "label"] and loja.access == "MULTI_USER"
    assert set(fake.databases) == {"Loja"}
    [batch] = [sql for sql in fake.commands() if "MODIFY NAME = [Loja__old]" in sql]
    assert "RESTRICTED_USER WITH ROLLBACK IMMEDIATE" in batch and batch.startswith("BEGIN TRY")


def test_a_failed_rename_inside_the_swap_puts_the_live_database_back(fake, tmp_path):
    live_loja(fake)
    fake.fail(r"^ALTER DATABASE \[Loja__staging\] MODIFY NAME", sql_error(5030, "The database could not be "
                                                                                 "exclusively locked."))
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path, engine=make_engine(busy_policy="wait"))
    assert "Loja is the previous copy, MULTI_USER." in str(info.value)
    assert "Another connection holds database Loja" in str(info.value)  # the 5030 explanation
    assert set(fake.databases) == {"Loja"}
    assert fake.databases["Loja"].tables == ["item"] and fake.databases["Loja"].access == "MULTI_USER"


def test_recover_frees_a_live_database_left_single_user_by_a_stranger(fake, tmp_path):
    live_loja(fake, access="SINGLE_USER", sessions=[(77, False)])
    done = make_engine().recover(tmp_path)
    assert "KILL 77" in fake.commands()
    assert fake.databases["Loja"].access == "MULTI_USER" and done == ["set Loja back to MULTI_USER"]


def test_recover_says_which_session_holds_it_when_it_may_not_end_it(fake, tmp_path):
    live_loja(fake, access="SINGLE_USER", sessions=[(77, False)])
    fake.permissions = {"dbcreator", "view_state"}
    with pytest.raises(RestoreError) as info:
        make_engine().recover(tmp_path)
    assert "held by session 77 (MGV7 on CAIXA01)" in str(info.value) and "KILL 77" in str(info.value)


def test_recover_after_kill_between_the_renames(fake, tmp_path):
    fake.databases = {"Loja__old": Database(tables=["item"], access="RESTRICTED_USER"),
                      "Loja__staging": Database(state="RESTORING")}
    done = make_engine().recover(tmp_path)
    assert fake.commands() == ["DROP DATABASE [Loja__staging]", "ALTER DATABASE [Loja__old] MODIFY NAME = [Loja]",
                               "ALTER DATABASE [Loja] SET MULTI_USER WITH ROLLBACK IMMEDIATE"]
    assert set(fake.databases) == {"Loja"} and fake.databases["Loja"].access == "MULTI_USER"
    assert len(done) == 3


def test_recover_with_nothing_to_do(fake, tmp_path):
    live_loja(fake)
    assert make_engine().recover(tmp_path) == []
    assert fake.commands() == []


# --- 3. busy detection ---------------------------------------------------------------------

def test_busy_policy_fail_refuses_before_the_restore(fake, tmp_path):
    live_loja(fake, sessions=[(70, False), (71, False)])
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path)
    assert "in use by 2 other session(s)" in str(info.value)
    assert not ran(fake, "RESTORE DATABASE")  # not restored and checked only to be thrown away
    assert len(fake.databases["Loja"].sessions) == 2


def test_busy_detection_without_view_server_state_refuses_instead_of_killing(fake, tmp_path):
    """Without VIEW SERVER STATE the DMV shows a login only its own session: 'fail' saw 0 and
    ROLLBACK IMMEDIATE then ended the store's sessions."""
    live_loja(fake, sessions=[(70, False)])
    fake.login, fake.permissions = "restorer", {"dbcreator"}
    fake.logins["restorer"] = "sid-r"
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path)
    assert "cannot see the other sessions" in str(info.value) and "VIEW SERVER STATE" in str(info.value)
    assert fake.databases["Loja"].sessions == [(70, False)] and not ran(fake, "RESTORE DATABASE")


def test_test_connection_says_whether_busy_detection_works(fake):
    live_loja(fake)
    assert "sees other sessions (busy detection works)" in make_engine().check()
    fake.permissions = {"dbcreator"}
    assert "CANNOT see other sessions" in make_engine().check()


def test_busy_policy_wait_then_the_swap_ends_the_others(fake, tmp_path):
    live_loja(fake, sessions=[(70, False)])
    restore(fake, tmp_path, engine=make_engine(busy_policy="wait", busy_timeout_s=1))
    assert fake.databases["Loja"].tables == ["item", "price", "label"]
    waits = [sql for sql, _ in fake.executed() if "dm_exec_sessions" in sql]
    assert len(waits) >= 2  # it looked again while waiting


# --- 4. diagnosis -------------------------------------------------------------------------------

def test_an_unwritable_data_folder_is_not_blamed_on_the_backup_file(fake, tmp_path):
    live_loja(fake)
    fake.unwritable.add(DATA)
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path)
    text = str(info.value)
    assert "(5120)" in text and "may not write the database files in D:\\MGV7\\Data" in text
    assert "backup file" not in text.split("(5120)")[1] and "temporary folder" not in text


@pytest.mark.parametrize("number", [916, 1801, 1834, 3101, 3154, 3169, 3201, 3257, 3702, 4064, 5030, 5064, 5120,
                                    5133, 9002, 18456])
def test_every_error_number_has_an_explanation(number):
    phrase = sqlserver_errors.explain(f"[42000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]x ({number})",
                                      "42000", "Loja", "D:\\Data")
    assert phrase.template == sqlserver_errors.EXPLANATIONS[number]
    assert ":" in phrase.template  # what failed: what to do


def test_a_missing_driver_has_an_explanation():
    phrase = sqlserver_errors.explain("[IM002] [unixODBC][Driver Manager]Data source name not found and no default "
                                      "driver specified (0) (SQLDriverConnect)", "IM002")
    assert "database.driver" in str(phrase)


def test_every_explanation_is_translated():
    from ui import qm

    catalog = qm.read_ts(Path(__file__).resolve().parents[1] / "ui" / "translations" / "contingencia_pt_BR.ts")
    templates = {*sqlserver_errors.EXPLANATIONS.values(), sqlserver_errors.MISSING_DRIVER_EXPLANATION,
                 sqlserver_errors.GENERIC, sqlserver_errors.FAILED_WHILE, sqlserver_errors.CANNOT_CONNECT}
    # "Core": the context where the window looks up the core's phrases
    translated = {m.source for m in catalog.messages if m.context == "Core" and m.translation}
    assert templates - translated == set()


def test_the_error_carries_a_phrase_the_window_can_translate(fake, tmp_path):
    live_loja(fake)
    fake.unwritable.add(DATA)
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path)
    message, explanation = info.value.phrase.args  # ContingencyError's "%1 %2": message, hint
    assert message.template == sqlserver_errors.FAILED_WHILE
    assert explanation.template == sqlserver_errors.EXPLANATIONS[5120]


# --- 5. pre-checks ----------------------------------------------------------------------------------

def test_a_backup_from_a_newer_server_is_refused_before_the_restore(fake, tmp_path):
    live_loja(fake)
    with pytest.raises(RestoreError, match="made by SQL Server version 17; this server is version 16"):
        restore(fake, tmp_path, major=17)
    assert not ran(fake, "RESTORE DATABASE")


def test_not_enough_space_for_the_staging_copy_is_refused_before_the_restore(fake, tmp_path):
    live_loja(fake)
    fake.volumes[DATA] = 100 * 1024 ** 2
    with pytest.raises(RestoreError) as info:
        restore(fake, tmp_path, files=[("Loja", "D", 80 * 1024 ** 2), ("Loja_log", "L", 40 * 1024 ** 2)])
    assert "needs 120 MB on D:\\MGV7\\Data" in str(info.value) and "log included" in str(info.value)
    assert not ran(fake, "RESTORE DATABASE")


def test_the_express_limit_is_refused_before_the_restore(fake, tmp_path):
    live_loja(fake)
    with pytest.raises(RestoreError, match="Express allows 10 GB"):
        restore(fake, tmp_path, files=[("Loja", "D", 11 * 1024 ** 3), ("Loja_log", "L", 1024)])
    assert not ran(fake, "RESTORE DATABASE")


def test_a_backup_without_checksums_is_refused(fake, tmp_path):
    with pytest.raises(RestoreError, match="without checksums"):
        restore(fake, tmp_path, checksums=False)
    assert not ran(fake, "RESTORE DATABASE")


def test_a_login_that_may_not_restore_is_refused_first(fake, tmp_path):
    live_loja(fake)
    fake.permissions = {"view_state"}
    with pytest.raises(RestoreError, match="may not restore databases") as info:
        restore(fake, tmp_path)
    assert "dbcreator" in str(info.value) and not ran(fake, "RESTORE DATABASE")


def test_test_connection_proves_the_service_writes_in_the_data_folder(fake):
    live_loja(fake)
    assert "the SQL Server service writes in D:\\MGV7\\Data" in make_engine().check()
    assert set(fake.databases) == {"Loja"}  # the probe database is gone
    fake.unwritable.add(DATA)
    with pytest.raises(EngineError, match=r"\(5120\)"):
        make_engine().check()
    assert set(fake.databases) == {"Loja"}


def test_test_connection_reports_free_space_and_the_express_limit(fake):
    live_loja(fake, data_bytes=int(9.5 * 1024 ** 3))
    fake.volumes = {"D:\\": 3 * 1024 ** 3}
    text = make_engine().check()
    assert "3.0 GB free on D:\\" in text
    assert "the data files take 9.5 GB of the 10 GB a database may have (NEARLY FULL)" in text


def test_test_connection_on_a_data_folder_the_server_does_not_see(fake):
    live_loja(fake)
    with pytest.raises(EngineError, match=r"\(5133\).*does not exist or the SQL Server service account"):
        make_engine(data_folder="E:\\Nowhere").check()


# --- 6. a server on another machine ----------------------------------------------------------------

def test_a_remote_server_without_a_shared_folder_is_refused(fake, tmp_path):
    live_loja(fake)
    engine = make_engine(server="SRV02\\SQLEXPRESS")
    for action in (engine.check, lambda: engine.backup(tmp_path / "work"),
                   lambda: restore(fake, tmp_path, engine=engine)):
        with pytest.raises(NotSupportedError, match="database.shared_folder"):
            action()
    assert fake.executed() == []


def test_a_remote_server_goes_through_the_shared_folder(fake, tmp_path):
    live_loja(fake, tables=("a",))
    share = tmp_path / "share"
    fake.add_folder("E:\\Share", share)  # the server's name for the share this program reaches as `share`
    engine = make_engine(server="SRV02\\SQLEXPRESS", shared_folder=str(share), shared_folder_on_server="E:\\Share")
    [target] = engine.backup(tmp_path / "out")
    assert dict(fake.executed())[fake.commands()[0]][0].startswith("E:\\Share\\Loja__")
    assert '"tables": ["a"]' in target.read_text() and target.parent == (tmp_path / "out").resolve()
    assert list(share.iterdir()) == []  # no stray .bak left on the server
    engine.restore([target], tmp_path / "out")
    restored = [p for sql, p in fake.executed() if sql.startswith("RESTORE DATABASE")]
    assert restored[0][0].startswith("E:\\Share\\Loja__") and list(share.iterdir()) == []


def test_is_remote():
    for server in ("", ".", ".\\SQLEXPRESS", "(local)", "localhost,1433", "127.0.0.1\\SQLEXPRESS"):
        assert not make_engine(server=server).is_remote()
    assert make_engine(server="SRV02\\SQLEXPRESS").is_remote()


def test_pure_helpers():
    assert sqlserver.quote_name("Loja_01") == "[Loja_01]"
    assert sqlserver.quote_identifier("LOJA\\mgv]7") == "[LOJA\\mgv]]7]"
    assert sqlserver.server_path("/var/opt/mssql/data", "a.mdf") == "/var/opt/mssql/data/a.mdf"
    assert sqlserver.server_path("C:\\Data", "a.mdf") == "C:\\Data\\a.mdf"
    assert sqlserver.odbc_value("plain") == "plain"
    assert sqlserver.odbc_value("a}b") == "{a}}b}"
    assert sqlserver.odbc_value("a}b", "FreeTDS") == "{a}b}"
    with pytest.raises(EngineError, match="FreeTDS"):
        sqlserver.odbc_value("a};b", "FreeTDS")
    assert re.fullmatch(r"[A-Za-z0-9_]+", sqlserver.safe_file_part("Loja data-1")) is not None
