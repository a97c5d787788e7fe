"""One cycle of this program in its own process against a fake SQL Server kept in a file, so a kill
test can SIGKILL the process at a fault point and read what the server was left with.

    python -m tests.fakes.sqlserver_cycle <server state file> <home> official|contingency
"""

from __future__ import annotations

import sys
from pathlib import Path

from app import cycles
from app.engines import sqlserver
from app.paths import Home
from app.settings.store import SettingsStore
from tests.fakes.fake_pyodbc import FakePyodbc


def main(state: str, root: str, mode: str) -> int:
    fake = FakePyodbc.load(Path(state))
    fake.persist_to = Path(state)
    sqlserver._pyodbc = lambda: fake
    home = Home.resolve(root)
    run = cycles.run_official if mode == "official" else cycles.run_contingency
    result = run(SettingsStore(home).load(), home)
    print(result.result, result.message)
    return 0 if result.result == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
