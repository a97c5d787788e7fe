"""A recording fake of the pyodbc module, standing in for SQL Server in tests.

It records every connection string and every statement with its parameters, in
order, and keeps a small model of the server (which databases exist, their user
access, open sessions) so the engine's swap and recovery can be followed. Errors
can be scripted on a statement, raised at ``execute`` or only when the result
set that carries them is reached with ``nextset`` (as real pyodbc does).

Inject it with ``monkeypatch.setattr(sqlserver, "_pyodbc", lambda: fake)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Error(Exception):
    """pyodbc.Error: ``args`` are (sqlstate, message)."""


class DatabaseError(Error):
    pass


class ProgrammingError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    pass


@dataclass
class Failure:
    pattern: str
    error: Exception
    at: str = "execute"  # or "nextset": raised when the result set is drained
    times: int = 1


@dataclass
class Call:
    kind: str  # connect, execute, nextset, close
    sql: str = ""
    params: tuple = ()
    extra: dict = field(default_factory=dict)


def sql_error(number: int, message: str, sqlstate: str = "42000") -> ProgrammingError:
    text = f"[{sqlstate}] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]{message} ({number}) (SQLExecDirectW)"
    return ProgrammingError(sqlstate, text)


class FakePyodbc:
    """The module object the engine receives."""

    Error = Error
    DatabaseError = DatabaseError
    ProgrammingError = ProgrammingError
    OperationalError = OperationalError

    def __init__(self) -> None:
        self.installed = ["SQL Server", "ODBC Driver 17 for SQL Server", "ODBC Driver 18 for SQL Server"]
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        # the server's state
        self.databases: dict[str, str] = {}  # name -> user_access_desc
        self.sessions: dict[str, int] = {}
        self.engine_edition = 4  # Express
        self.edition = "Express Edition (64-bit)"
        self.header_database = ""
        self.file_list = [("Loja", "C:\\Data\\Loja.mdf", "D", 1), ("Loja_log", "C:\\Data\\Loja_log.ldf", "L", 2)]
        self.physical_in_use: list[str] = []
        self.default_paths = ("C:\\SQLData\\", "C:\\SQLLogs\\")
        self.tables = 12
        self.write_backup_file = True

    # --- the pyodbc API -------------------------------------------------------
    def drivers(self) -> list[str]:
        return list(self.installed)

    def connect(self, connection_string: str, autocommit: bool = False, timeout: int = 0, **kwargs):
        self.calls.append(Call("connect", connection_string, extra={"autocommit": autocommit, "timeout": timeout}))
        self._maybe_fail("connect", connection_string, "execute")
        return FakeConnection(self, autocommit)

    # --- scripting ---------------------------------------------------------------
    def fail(self, pattern: str, error: Exception, *, at: str = "execute", times: int = 1) -> None:
        """Raise ``error`` the next ``times`` statements matching the regex ``pattern``."""
        self.failures.append(Failure(pattern, error, at, times))

    def _maybe_fail(self, kind: str, sql: str, at: str) -> None:
        for failure in self.failures:
            if failure.times > 0 and failure.at == at and re.search(failure.pattern, sql, re.I | re.S):
                failure.times -= 1
                raise failure.error

    # --- what the tests read -----------------------------------------------------------
    def executed(self) -> list[tuple[str, tuple]]:
        return [(c.sql, c.params) for c in self.calls if c.kind == "execute"]

    def commands(self) -> list[str]:
        """Statements that act (not the SELECTs that look)."""
        return [sql for sql, _ in self.executed() if not sql.lstrip().upper().startswith("SELECT")]

    def connection_strings(self) -> list[str]:
        return [c.sql for c in self.calls if c.kind == "connect"]

    # --- the server's behaviour ---------------------------------------------------------
    def run(self, sql: str, params: tuple) -> list[tuple[list[str], list[tuple]]]:
        """Result sets of one batch: [(column names, rows), ...]."""
        s = " ".join(sql.split())
        up = s.upper()
        if up.startswith("SELECT DB_ID(?)"):
            return [([""], [(7 if params[0] in self.databases else None,)])]
        if "FROM SYS.DATABASES WHERE NAME = ?" in up:
            access = self.databases.get(params[0])
            return [(["user_access_desc"], [(access,)] if access else [])]
        if "SYS.DM_EXEC_SESSIONS" in up:
            return [([""], [(self.sessions.get(params[0], 0),)])]
        if "SERVERPROPERTY('ENGINEEDITION')" in up:
            return [(["", ""], [(self.engine_edition, self.edition)])]
        if "INSTANCEDEFAULTDATAPATH" in up:
            return [(["", ""], [self.default_paths])]
        if "SERVERPROPERTY('PRODUCTVERSION')" in up:
            return [([""], [("16.0.1000.6",)])]
        if "SYS.MASTER_FILES" in up:
            return [(["physical_name"], [(p,) for p in self.physical_in_use])]
        if "SYS.TABLES" in up:
            return [([""], [(self.tables,)])]
        if up.startswith("BACKUP DATABASE"):
            if self.write_backup_file:
                Path(params[0]).write_bytes(b"TAPE" + b"\0" * 1020)
            return self._messages(3)
        if up.startswith("RESTORE VERIFYONLY"):
            return self._messages(1)
        if up.startswith("RESTORE HEADERONLY"):
            return [(["BackupName", "BackupType", "DatabaseName", "Position"],
                     [(None, 1, self.header_database, 1)])]
        if up.startswith("RESTORE FILELISTONLY"):
            return [(["LogicalName", "PhysicalName", "Type", "FileId"], list(self.file_list))]
        if up.startswith("RESTORE DATABASE"):
            name = _bracketed(s)[0]
            self.databases[name] = "MULTI_USER"
            return self._messages(4)
        if up.startswith("DBCC CHECKDB"):
            return self._messages(1)
        if up.startswith("ALTER DATABASE") and "MODIFY NAME" in up:
            old, new = _bracketed(s)[:2]
            if old not in self.databases or new in self.databases:
                raise sql_error(5030, f"The database could not be exclusively locked to perform the operation.")
            self.databases[new] = self.databases.pop(old)
            return self._messages(1)
        if up.startswith("ALTER DATABASE") and "SET SINGLE_USER" in up:
            self.databases[_bracketed(s)[0]] = "SINGLE_USER"
            self.sessions[_bracketed(s)[0]] = 0
            return self._messages(1)
        if up.startswith("ALTER DATABASE") and "SET MULTI_USER" in up:
            self.databases[_bracketed(s)[0]] = "MULTI_USER"
            return self._messages(1)
        if up.startswith("DROP DATABASE"):
            self.databases.pop(_bracketed(s)[0], None)
            return self._messages(1)
        raise sql_error(102, f"Incorrect syntax near '{s[:30]}' (the fake does not know this statement).")

    @staticmethod
    def _messages(count: int) -> list[tuple[list[str], list[tuple]]]:
        """Statements like BACKUP answer with informational messages: empty result sets."""
        return [([], [])] * count


def _bracketed(sql: str) -> list[str]:
    return [m.replace("]]", "]") for m in re.findall(r"\[((?:[^\]]|\]\])+)\]", sql)]


class FakeConnection:
    def __init__(self, fake: FakePyodbc, autocommit: bool) -> None:
        self.fake = fake
        self.autocommit = autocommit
        self.timeout = 0
        self.closed = False

    def cursor(self) -> "FakeCursor":
        return FakeCursor(self.fake)

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True
        self.fake.calls.append(Call("close"))


class FakeCursor:
    def __init__(self, fake: FakePyodbc) -> None:
        self.fake = fake
        self.sets: list[tuple[list[str], list[tuple]]] = []
        self.description = None
        self.sql = ""
        self.drained = True

    def execute(self, sql: str, *params: Any) -> "FakeCursor":
        if len(params) == 1 and isinstance(params[0], (list, tuple)):
            params = tuple(params[0])
        self.fake.calls.append(Call("execute", sql, tuple(params)))
        self.fake._maybe_fail("execute", sql, "execute")
        self.sql = sql
        self.sets = self.fake.run(sql, tuple(params))
        self._load()
        return self

    def _load(self) -> None:
        columns, self.rows = self.sets[0] if self.sets else ([], [])
        self.description = [(c, str, None, None, None, None, True) for c in columns] if columns else None
        self.drained = len(self.sets) <= 1

    def nextset(self) -> bool:
        self.fake.calls.append(Call("nextset", self.sql))
        if len(self.sets) <= 1:
            self.sets = []
            self.drained = True
            return False
        self.sets = self.sets[1:]
        # A late error (after informational messages) surfaces only here.
        self.fake._maybe_fail("nextset", self.sql, "nextset")
        self._load()
        return True

    def fetchone(self):
        if self.description is None:
            raise ProgrammingError("24000", "No results.  Previous SQL was not a query.")
        return self.rows.pop(0) if self.rows else None

    def fetchall(self):
        if self.description is None:
            raise ProgrammingError("24000", "No results.  Previous SQL was not a query.")
        rows, self.rows = self.rows, []
        return rows

    def close(self) -> None:
        pass
