"""SQL Server engine against a recording fake of pyodbc (no SQL Server can run here).

These tests pin the exact T-SQL, its parameters and its order; docs/sqlserver.md
lists the check a technician runs against a real SQL Server Express.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.engines import get_engine, sqlserver
from app.errors import BackupError, EngineError, NotSupportedError, RestoreError
from app.settings.model import DatabaseSettings
from tests.fakes.fake_pyodbc import FakePyodbc, sql_error


@pytest.fixture
def fake(monkeypatch):
    module = FakePyodbc()
    monkeypatch.setattr(sqlserver, "_pyodbc", lambda: module)
    return module


def make_engine(**overrides) -> sqlserver.SQLServerEngine:
    values = dict(engine="sqlserver", server=r"LOJA01\SQLEXPRESS", name="Loja", auth="sql", user="sa",
                  password="S3cret;pw}", data_folder=r"D:\MGV7\Data", busy_policy="fail", busy_timeout_s=0)
    values.update(overrides)
    return get_engine(DatabaseSettings(**values))


def bak(tmp_path: Path) -> Path:
    path = tmp_path / "Loja.bak"
    path.write_bytes(b"TAPE" + b"\0" * 100)
    return path


# --- connection ---------------------------------------------------------------------

def test_connection_string_sql_auth_picks_newest_driver(fake):
    text = make_engine().connection_string("master")
    assert text.startswith("DRIVER={ODBC Driver 18 for SQL Server};SERVER=LOJA01\\SQLEXPRESS;DATABASE=master;")
    # a password with ; and } is braced, } doubled, so it cannot inject keywords
    assert "UID=sa;PWD={S3cret;pw}}};" in text
    assert "Trusted_Connection" not in text


def test_connection_string_windows_auth_and_port(fake):
    text = make_engine(auth="windows", server="10.0.0.5", port=1433, user="", password=None,
                       driver="ODBC Driver 17 for SQL Server").connection_string("Loja")
    assert "DRIVER={ODBC Driver 17 for SQL Server};SERVER=10.0.0.5,1433;DATABASE=Loja;" in text
    assert "Trusted_Connection=yes" in text and "PWD" not in text


def test_missing_driver_is_a_clear_message(fake):
    fake.installed = ["SQL Server Native Client 11.0", "PostgreSQL Unicode"]
    with pytest.raises(NotSupportedError) as info:
        make_engine().check()
    assert "No Microsoft ODBC Driver for SQL Server is installed" in str(info.value)
    assert "ODBC Driver 18 for SQL Server" in str(info.value)


def test_connection_error_never_shows_the_password(fake):
    fake.fail("SERVER=", sql_error(18456, "Login failed for user 'sa'. PWD=S3cret;pw}", "28000"))
    with pytest.raises(EngineError) as info:
        make_engine().check()
    assert "Login failed" in str(info.value) and "S3cret" not in str(info.value)


@pytest.mark.parametrize("name", ["x]; DROP TABLE y--", "Loja;", "Lo ja", "[Loja]", "a" * 120, "", "Loja'"])
def test_name_validation_refuses_injection(fake, name, tmp_path):
    engine = make_engine(name=name)
    with pytest.raises(EngineError):
        engine.backup(tmp_path)
    assert fake.executed() == []


# --- backup -------------------------------------------------------------------------------

def test_backup_statements_parameters_and_draining(fake, tmp_path):
    files = make_engine().backup(tmp_path)
    target = str((tmp_path / "Loja.bak").resolve())
    assert files == [Path(target)]
    assert fake.commands() == [
        "BACKUP DATABASE [Loja] TO DISK = ? WITH COPY_ONLY, INIT, FORMAT, CHECKSUM",
        "RESTORE VERIFYONLY FROM DISK = ? WITH CHECKSUM",
    ]
    executed = dict(fake.executed())
    assert executed["BACKUP DATABASE [Loja] TO DISK = ? WITH COPY_ONLY, INIT, FORMAT, CHECKSUM"] == (target,)
    # BACKUP answers with 3 message sets: nextset was called until it said there is no more
    kinds = [(c.kind, c.sql[:6]) for c in fake.calls if c.kind in ("execute", "nextset")]
    backup_at = kinds.index(("execute", "BACKUP"))
    assert kinds[backup_at + 1:backup_at + 4] == [("nextset", "BACKUP")] * 3
    assert fake.calls[0].extra["autocommit"] is True


def test_backup_uses_compression_where_the_edition_has_it(fake, tmp_path):
    fake.engine_edition, fake.edition = 2, "Standard Edition (64-bit)"
    make_engine().backup(tmp_path)
    assert fake.commands()[0].endswith("WITH COPY_ONLY, INIT, FORMAT, CHECKSUM, COMPRESSION")


def test_backup_late_error_is_not_hidden(fake, tmp_path):
    fake.fail("^BACKUP", sql_error(3013, "BACKUP DATABASE is terminating abnormally."), at="nextset")
    with pytest.raises(BackupError) as info:
        make_engine().backup(tmp_path)
    assert "terminating abnormally" in str(info.value)
    assert not any(sql.startswith("RESTORE VERIFYONLY") for sql in fake.commands())


def test_backup_access_denied_explains_the_service_account(fake, tmp_path):
    fake.fail("^BACKUP", sql_error(3201, "Cannot open backup device 'C:\\tmp\\Loja.bak'. "
                                         "Operating system error 5(Access is denied.)."))
    with pytest.raises(BackupError) as info:
        make_engine().backup(tmp_path)
    text = str(info.value)
    assert "its own service account" in text and str(tmp_path.resolve()) in text


# --- restore ------------------------------------------------------------------------------

def test_restore_statements_in_order(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.header_database = "Loja"
    path = bak(tmp_path)
    summary = make_engine().restore([path], tmp_path)
    assert summary == "CHECKDB ok, 12 tables"
    assert fake.commands() == [
        "RESTORE HEADERONLY FROM DISK = ?",
        "RESTORE FILELISTONLY FROM DISK = ?",
        "RESTORE DATABASE [Loja__staging] FROM DISK = ? WITH MOVE ? TO ?, MOVE ? TO ?, CHECKSUM, RECOVERY, REPLACE",
        "DBCC CHECKDB ([Loja__staging]) WITH NO_INFOMSGS",
        "ALTER DATABASE [Loja] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [Loja] MODIFY NAME = [Loja__old]",
        "ALTER DATABASE [Loja__staging] MODIFY NAME = [Loja]",
        "ALTER DATABASE [Loja__old] SET MULTI_USER",
        "DROP DATABASE [Loja__old]",
    ]
    restore_params = dict(fake.executed())[fake.commands()[2]]
    assert restore_params == (str(path.resolve()),
                              "Loja", r"D:\MGV7\Data\Loja__staging_Loja.mdf",
                              "Loja_log", r"D:\MGV7\Data\Loja__staging_Loja_log.ldf")
    assert fake.databases == {"Loja": "MULTI_USER"}


def test_restore_into_a_new_machine_only_renames(fake, tmp_path):
    fake.header_database = "Loja"
    make_engine().restore([bak(tmp_path)], tmp_path)
    assert fake.commands()[-1] == "ALTER DATABASE [Loja__staging] MODIFY NAME = [Loja]"
    assert fake.databases == {"Loja": "MULTI_USER"}


def test_restore_alternates_file_names_in_use_by_the_live_copy(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.header_database = "Loja"
    fake.physical_in_use = [r"D:\MGV7\Data\Loja__staging_Loja.mdf", r"D:\MGV7\Data\Loja__staging_Loja_log.ldf"]
    make_engine().restore([bak(tmp_path)], tmp_path)
    params = dict(fake.executed())[fake.commands()[2]]
    assert params[2] == r"D:\MGV7\Data\Loja__staging_Loja_2.mdf"


def test_restore_default_data_folder_from_the_server(fake, tmp_path):
    fake.header_database = "Loja"
    make_engine(data_folder="").restore([bak(tmp_path)], tmp_path)
    params = dict(fake.executed())[fake.commands()[2]]
    assert params[2:] == (r"C:\SQLData\Loja__staging_Loja.mdf", "Loja_log", r"C:\SQLLogs\Loja__staging_Loja_log.ldf")


def test_restore_refuses_a_backup_of_another_database(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.header_database = "Outra"
    with pytest.raises(RestoreError) as info:
        make_engine().restore([bak(tmp_path)], tmp_path)
    assert "'Outra', not 'Loja'" in str(info.value)
    assert not any("RESTORE DATABASE" in sql or "ALTER" in sql for sql in fake.commands())


def test_restore_access_denied_3201(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.fail("^RESTORE HEADERONLY", sql_error(3201, "Cannot open backup device 'C:\\tmp\\Loja.bak'. "
                                                      "Operating system error 5(Access is denied.)."))
    with pytest.raises(RestoreError) as info:
        make_engine().restore([bak(tmp_path)], tmp_path)
    assert "its own service account" in str(info.value)
    assert "temporary folder" in str(info.value)
    assert fake.databases == {"Loja": "MULTI_USER"}


def test_failed_checkdb_drops_staging_and_keeps_live(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.header_database = "Loja"
    fake.fail("^DBCC CHECKDB", sql_error(8928, "Object ID 5: page (1:99) could not be processed."))
    with pytest.raises(RestoreError) as info:
        make_engine().restore([bak(tmp_path)], tmp_path)
    assert "could not be processed" in str(info.value)
    assert fake.commands()[-1] == "DROP DATABASE [Loja__staging]"
    assert not any("MODIFY NAME" in sql for sql in fake.commands())
    assert fake.databases == {"Loja": "MULTI_USER"}


def test_late_restore_error_is_seen_through_nextset(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.header_database = "Loja"
    fake.fail("^RESTORE DATABASE", sql_error(3183, "RESTORE detected an error on page (1:4711)."), at="nextset")
    with pytest.raises(RestoreError) as info:
        make_engine().restore([bak(tmp_path)], tmp_path)
    assert "(1:4711)" in str(info.value)
    assert fake.databases == {"Loja": "MULTI_USER"}


def test_swap_failure_renames_back_and_restores_multi_user(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.header_database = "Loja"
    fake.fail(r"^ALTER DATABASE \[Loja__staging\] MODIFY NAME", sql_error(5030, "The database could not be "
                                                                                 "exclusively locked."))
    with pytest.raises(RestoreError):
        make_engine().restore([bak(tmp_path)], tmp_path)
    assert fake.commands()[4:] == [
        "ALTER DATABASE [Loja] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [Loja] MODIFY NAME = [Loja__old]",
        "ALTER DATABASE [Loja__staging] MODIFY NAME = [Loja]",
        "ALTER DATABASE [Loja__old] MODIFY NAME = [Loja]",
        "ALTER DATABASE [Loja] SET MULTI_USER",
        "DROP DATABASE [Loja__staging]",
    ]
    assert fake.databases == {"Loja": "MULTI_USER"}


def test_first_rename_failure_still_restores_multi_user(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.header_database = "Loja"
    fake.fail(r"^ALTER DATABASE \[Loja\] MODIFY NAME", sql_error(5030, "could not be exclusively locked."))
    with pytest.raises(RestoreError):
        make_engine().restore([bak(tmp_path)], tmp_path)
    assert "ALTER DATABASE [Loja] SET MULTI_USER" in fake.commands()
    assert not any("DROP DATABASE [Loja__old]" in sql for sql in fake.commands())
    assert fake.databases == {"Loja": "MULTI_USER"}


def test_busy_policy_fail_with_other_sessions(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.sessions = {"Loja": 2}
    fake.header_database = "Loja"
    with pytest.raises(RestoreError) as info:
        make_engine(busy_policy="fail").restore([bak(tmp_path)], tmp_path)
    assert "in use by 2 other session(s)" in str(info.value)
    assert not any("SINGLE_USER" in sql for sql in fake.commands())
    assert fake.databases == {"Loja": "MULTI_USER"}


def test_busy_policy_wait_then_rolls_back_the_others(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    fake.sessions = {"Loja": 1}
    fake.header_database = "Loja"
    make_engine(busy_policy="wait", busy_timeout_s=1).restore([bak(tmp_path)], tmp_path)
    assert "ALTER DATABASE [Loja] SET SINGLE_USER WITH ROLLBACK IMMEDIATE" in fake.commands()
    waits = [sql for sql, _ in fake.executed() if "dm_exec_sessions" in sql]
    assert len(waits) >= 2  # it looked again while waiting


# --- recover ------------------------------------------------------------------------------

def test_recover_after_kill_between_the_renames(fake, tmp_path):
    fake.databases = {"Loja__old": "SINGLE_USER", "Loja__staging": "MULTI_USER"}
    done = make_engine().recover(tmp_path)
    assert fake.commands() == [
        "DROP DATABASE [Loja__staging]",
        "ALTER DATABASE [Loja__old] MODIFY NAME = [Loja]",
        "ALTER DATABASE [Loja] SET MULTI_USER",
    ]
    assert fake.databases == {"Loja": "MULTI_USER"}
    assert len(done) == 3


def test_recover_drops_old_left_after_success_and_unlocks(fake, tmp_path):
    fake.databases = {"Loja": "SINGLE_USER", "Loja__old": "SINGLE_USER"}
    make_engine().recover(tmp_path)
    assert fake.commands() == ["DROP DATABASE [Loja__old]", "ALTER DATABASE [Loja] SET MULTI_USER"]


def test_recover_with_nothing_to_do(fake, tmp_path):
    fake.databases = {"Loja": "MULTI_USER"}
    assert make_engine().recover(tmp_path) == []
    assert fake.commands() == []


def test_pure_helpers():
    assert sqlserver.quote_name("Loja_01") == "[Loja_01]"
    assert sqlserver.server_path("/var/opt/mssql/data", "a.mdf") == "/var/opt/mssql/data/a.mdf"
    assert sqlserver.server_path("C:\\Data", "a.mdf") == "C:\\Data\\a.mdf"
    assert sqlserver.odbc_value("plain") == "plain"
    assert sqlserver.odbc_value("a}b") == "{a}}b}"
    assert re.fullmatch(r"[A-Za-z0-9_]+", sqlserver.safe_file_part("Loja data-1")) is not None
