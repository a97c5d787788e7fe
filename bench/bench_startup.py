"""Start-up of the quick commands: ``status``, ``config show`` and ``--help``, against ``python3 -c pass``.

    python3 bench/bench_startup.py [--repeat 5]

A contingency home that has restored one backup of a small SQLite database from an official
home (so ``status`` reads a real journal, marker and all) is timed with ``/usr/bin/time``:
wall and CPU (user + system) of each command, the best of ``--repeat`` runs, next to the bare
interpreter's start in the same run. Also printed: whether the command imported PySide6, and
how many modules it imported (``python -X importtime``).

The project's modules run from bytecode, as an installed wheel or the frozen build has them: an
untimed first run of each command writes ``__pycache__`` (``PYTHONDONTWRITEBYTECODE`` is dropped,
or every run would compile the sources again, a third of ``status``'s time).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.paths import Home  # noqa: E402
from app.settings.model import Settings  # noqa: E402
from app.settings.store import SettingsStore  # noqa: E402

ENV = dict(os.environ, PYTHONPATH=str(ROOT), PYTHON_KEYRING_BACKEND="app.settings.secrets.FileKeyring")
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
COMMANDS = {"status": ("status",), "config show": ("config", "show"), "--help": ("--help",)}


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one command."""
    with tempfile.NamedTemporaryFile(prefix="bench-time-") as stats:
        subprocess.run(["/usr/bin/time", "-o", stats.name, "-f", "%e %U %S", *cmd], env=ENV, check=True,
                       stdout=subprocess.DEVNULL)
        wall, user, system = Path(stats.name).read_text().split()[-3:]
    return float(wall), float(user) + float(system)


def best(cmd: list[str], repeat: int) -> tuple[float, float]:
    timed(cmd)  # compiles what the command imports
    runs = [timed(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def imported(cmd: list[str]) -> tuple[int, bool]:
    """How many modules the command imports, and whether PySide6 is one of them."""
    done = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], env=ENV, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    names = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    return len(names) - 1, any(name.startswith("PySide6") for name in names)


def restored_home(root: Path) -> Home:
    """A contingency home that has restored one backup from an official home."""
    db, shared = root / "store.db", root / "shared"
    shared.mkdir()
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, price REAL)")
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)",
                               ((f"product {n}", n / 10) for n in range(1000)))
    official, contingency = Home.resolve(root / "official").ensure(), Home.resolve(root / "contingency").ensure()
    settings = Settings(enabled=True, mode="official", machine_name="OFFICIAL")
    settings.database.path = str(db)
    settings.official.destination1.path = str(shared)
    settings.official.work_folder = str(root / "work")
    SettingsStore(official).save(settings)
    settings = Settings(enabled=True, mode="contingency", machine_name="CONTINGENCIA")
    settings.database.path = str(root / "live.db")
    settings.contingency.source.path = str(shared)
    SettingsStore(contingency).save(settings)
    for home, command in ((official, "backup-now"), (contingency, "restore-now")):
        subprocess.run(cli(home, command), env=ENV, check=True, stdout=subprocess.DEVNULL)
    return contingency


def cli(home: Home, *args: str) -> list[str]:
    return [sys.executable, "-m", "launcher.console", "--home", str(home.root), *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        home = restored_home(Path(folder))
        wall, cpu = best([sys.executable, "-c", "pass"], args.repeat)
        print(f"load average {os.getloadavg()[0]:.1f}; best of {args.repeat}\n")
        print("| command | wall | CPU | modules | PySide6 |\n| --- | ---: | ---: | ---: | --- |")
        print(f"| `python3 -c pass` | {wall:.2f} s | {cpu:.2f} s | | |")
        for label, command in COMMANDS.items():
            wall, cpu = best(cli(home, *command), args.repeat)
            modules, qt = imported(cli(home, *command))
            print(f"| `contingencia {label}` | {wall:.2f} s | {cpu:.2f} s | {modules} | {'yes' if qt else 'no'} |")


if __name__ == "__main__":
    main()
