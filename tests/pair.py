"""An official and a contingency instance side by side, with a shared folder between them."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.demo.data import build_store_db
from app.paths import Home
from app.settings.model import Settings
from app.settings.store import SettingsStore

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Pair:
    root: Path
    shared: Path
    official_home: Home
    official: Settings
    contingency_home: Home
    contingency: Settings

    @property
    def official_db(self) -> Path:
        return Path(self.official.database.path)

    @property
    def contingency_db(self) -> Path:
        return Path(self.contingency.database.path)

    def save(self) -> None:
        SettingsStore(self.official_home).save(self.official)
        SettingsStore(self.contingency_home).save(self.contingency)


def make_pair(root: Path, *, products: int = 300, sales: int = 500) -> Pair:
    shared = root / "shared folder"
    shared.mkdir(parents=True)
    official_home = Home.resolve(root / "official").ensure()
    contingency_home = Home.resolve(root / "contingency").ensure()
    db = build_store_db(official_home.root / "mgv7.db", products=products, sales=sales)
    official = Settings(enabled=True, mode="official", machine_name="LOJA-OFICIAL")
    official.database.path = str(db)
    official.official.destination1.path = str(shared)
    contingency = Settings(enabled=True, mode="contingency", machine_name="LOJA-CONT")
    contingency.database.path = str(contingency_home.root / "mgv7.db")
    contingency.contingency.source.path = str(shared)
    pair = Pair(root, shared, official_home, official, contingency_home, contingency)
    pair.save()
    return pair


@pytest.fixture
def pair(tmp_path) -> Pair:
    return make_pair(tmp_path)


def cli_command(home: Home | Path, *args: str, env: dict | None = None) -> tuple[list[str], dict]:
    """The real command line for one home, and the environment to run it in."""
    root = home.root if isinstance(home, Home) else home
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), CONTINGENCIA_SECRETS_FILE=str(Path(root) / "secrets.json"))
    full_env.pop("CONTINGENCIA_HOME", None)
    full_env.update(env or {})
    return [sys.executable, "-m", "app.cli", "--home", str(root), *args], full_env


def cli(home: Home | Path, *args: str, env: dict | None = None, timeout: float = 120,
        stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess."""
    command, full_env = cli_command(home, *args, env=env)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=full_env, input=stdin)


def mount_tmpfs(path: Path, options: str) -> bool:
    """A real read-only or tiny folder (tests run as root, which ignores permission bits)."""
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                            capture_output=True)
    return result.returncode == 0


def umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)
