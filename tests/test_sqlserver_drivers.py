"""The SQL Server client stack of this machine, for real: pyodbc over unixODBC with Microsoft ODBC
Driver 18 (PyPI's ``mssql-python-odbc``) and FreeTDS (Debian's ``tdsodbc``).

The drivers log in to tests/fakes/fake_tds.py, a listener that speaks TDS up to the login (the TLS
handshake Driver 18 insists on included) and refuses it with the error the test chooses. So the
engine's driver selection, connection string and password escaping meet the drivers' own parsers,
and its error explanations meet the drivers' own error texts. No query runs: no SQL Server here.

unixODBC reads the driver list from ODBCSYSINI when the process starts, so each check runs in a
child process with an odbcinst.ini of the test's own (nothing is registered in /etc).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MS_DRIVER = "ODBC Driver 18 for SQL Server"
FREETDS_PATHS = [Path("/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so"), Path("/usr/lib/aarch64-linux-gnu/odbc/libtdsodbc.so")]
PASSWORD = "Pa;ss}w{o=rd x"  # every character a connection string treats specially

PROBE = textwrap.dedent("""
    import json, sys
    from dataclasses import asdict
    import pyodbc
    from app.engines import get_engine, sqlserver_errors
    from app.errors import ContingencyError
    from app.settings.model import DatabaseSettings
    from tests.fakes.fake_tds import FakeTdsServer

    results = {"drivers": pyodbc.drivers(), "cases": []}
    for case in json.loads(sys.argv[1]):
        server = FakeTdsServer(case["number"], case["text"])
        engine = get_engine(DatabaseSettings(engine="sqlserver", server=f"127.0.0.1,{server.port}", name="Loja",
                                             auth="sql", user=case["user"], password=case["password"],
                                             driver=case["driver"]))
        result = {"driver": case["driver"]}
        try:
            result["picked"] = engine.connection_string("master").split(";")[0]
            engine.check()
            result["error"] = None
        except ContingencyError as exc:
            result["error"] = str(exc)
            # ContingencyError's phrase is "%1 %2": the message, then the hint (the explanation)
            result["explanation"] = exc.phrase.args[1].template if len(exc.phrase.args) == 2 else None
        result["logins"] = [asdict(login) for login in server.logins]
        server.close()
        results["cases"].append(result)
    try:
        pyodbc.connect("DRIVER={No Such Driver};SERVER=127.0.0.1,1;", timeout=2)
    except pyodbc.Error as exc:
        results["missing"] = {"message": exc.args[1], "explanation": str(sqlserver_errors.explain(exc.args[1],
                                                                                                   exc.args[0]))}
    print(json.dumps(results))
""")


def microsoft_driver() -> Path:
    spec = importlib.util.find_spec("mssql_python_odbc")
    if spec is None or not spec.origin:
        pytest.fail("PyPI's mssql-python-odbc is not installed: run bash scripts/install.sh")
    found = sorted((Path(spec.origin).parent / "libs" / "linux" / "debian_ubuntu").glob("*/lib/libmsodbcsql-18*.so*"))
    if not found:
        pytest.fail("mssql-python-odbc ships no Debian build of libmsodbcsql-18 for this machine")
    return found[0]


def freetds_driver() -> Path:
    for path in FREETDS_PATHS:
        if path.is_file():
            return path
    pytest.fail("Debian's tdsodbc (FreeTDS) is not installed: run bash scripts/install.sh")


@pytest.fixture
def odbc_env(tmp_path) -> dict[str, str]:
    """An odbcinst.ini naming the two drivers as their installers would register them."""
    (tmp_path / "odbcinst.ini").write_text(
        f"[{MS_DRIVER}]\nDescription=Microsoft ODBC Driver 18 for SQL Server\nDriver={microsoft_driver()}\n\n"
        f"[FreeTDS]\nDescription=FreeTDS\nDriver={freetds_driver()}\n")
    env = dict(os.environ, ODBCSYSINI=str(tmp_path), PYTHONPATH=str(ROOT))
    env.pop("ODBCINI", None)
    return env


def probe(env: dict[str, str], cases: list[dict]) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(cases)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def case(driver: str, number: int = 18456, text: str = "Login failed for user '%s'.", password: str = PASSWORD,
         user: str = "mgv7") -> dict:
    return {"driver": driver, "number": number, "text": text, "password": password, "user": user}


def test_both_real_drivers_receive_the_password_exactly_and_their_errors_are_explained(odbc_env):
    result = probe(odbc_env, [case(MS_DRIVER), case("FreeTDS")])
    assert set(result["drivers"]) == {MS_DRIVER, "FreeTDS"}
    for seen in result["cases"]:
        [login] = seen["logins"]
        # the driver parsed our connection string into exactly these login fields
        assert (login["user"], login["password"], login["app"], login["database"]) == \
               ("mgv7", PASSWORD, "contingencia", "master"), seen["driver"]
        assert "Login failed for user 'mgv7'. (18456)" in seen["error"]
        assert seen["explanation"].startswith("SQL Server refused the login")
        assert PASSWORD not in seen["error"]
    ms, freetds = result["cases"]
    assert "[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]" in ms["error"]
    assert "[FreeTDS][SQL Server]" in freetds["error"]


def test_the_newest_microsoft_driver_is_picked_from_the_real_list(odbc_env):
    [picked] = probe(odbc_env, [case("", password="plain")])["cases"]
    assert picked["picked"] == f"DRIVER={{{MS_DRIVER}}}"
    assert picked["logins"][0]["password"] == "plain"


def test_freetds_is_used_when_it_is_the_only_driver(odbc_env, tmp_path):
    (tmp_path / "odbcinst.ini").write_text(f"[FreeTDS]\nDriver={freetds_driver()}\n")
    [picked] = probe(odbc_env, [case("", password="a}b")])["cases"]
    assert picked["picked"] == "DRIVER={FreeTDS}"
    assert picked["logins"][0]["password"] == "a}b"  # not "a}}b": FreeTDS does not undouble braces


def test_a_password_freetds_cannot_carry_is_refused_before_connecting(odbc_env):
    [seen] = probe(odbc_env, [case("FreeTDS", password="a};b")])["cases"]
    assert seen["logins"] == [] and "cannot be passed to the FreeTDS ODBC driver" in seen["error"]


@pytest.mark.parametrize("number, text, explained", [
    (4060, 'Cannot open database "master" requested by the login. The login failed.', "does not exist on this server"),
    (4064, "Cannot open user default database. Login failed.", "default database"),
    (916, "The server principal \"mgv7\" is not able to access the database \"master\" under the current security "
          "context.", "has no user in database"),
])
def test_the_drivers_own_texts_for_login_errors_are_explained(odbc_env, number, text, explained):
    result = probe(odbc_env, [case(MS_DRIVER, number, text), case("FreeTDS", number, text)])
    for seen in result["cases"]:
        assert f"({number})" in seen["error"] and explained in seen["explanation"], seen["driver"]


def test_a_missing_driver_is_explained_from_the_driver_managers_own_text(odbc_env):
    missing = probe(odbc_env, [])["missing"]
    # unixODBC's own words (Windows' driver manager says "Data source name not found", IM002)
    assert "[unixODBC][Driver Manager]Can't open lib 'No Such Driver'" in missing["message"]
    assert "database.driver" in missing["explanation"]


def test_a_configured_driver_that_is_not_registered_names_the_registered_ones(odbc_env):
    [seen] = probe(odbc_env, [case("ODBC Driver 17 for SQL Server")])["cases"]
    assert seen["logins"] == []
    assert "'ODBC Driver 17 for SQL Server' named in database.driver is not installed" in seen["error"]
    assert f"Installed ODBC drivers: {MS_DRIVER}, FreeTDS" in seen["error"]
