"""``contingencia demo``: the whole official -> contingency -> promotion cycle on SQLite.

Two instances side by side (two homes) and a shared folder between them, with a
realistic store database; no server needed. Exits 0 only if the contingency
database then matches the official's (and, after the promotion, the stores point
at the new host).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from importlib import resources
from pathlib import Path

from ..cycles import run_contingency, run_official
from .data import build_store_db, change_prices, fingerprint
from ..paths import Home
from ..settings.model import Settings
from ..settings.store import SettingsStore

OLD_HOST = "OFICIAL"
NEW_HOST = "CONTINGENCIA"
#: where the demo store keeps its hosts and paths (an application profile, docs/promotion.md)
PROFILE = resources.files(__name__) / "store.toml"


def _say(text: str) -> None:
    print(text, flush=True)


def _configure(root: Path) -> tuple[Home, Settings, Home, Settings, Path]:
    shared = root / "Pasta Compartilhada"
    shared.mkdir(parents=True, exist_ok=True)
    official_home = Home.resolve(root / "official").ensure()
    contingency_home = Home.resolve(root / "contingency").ensure()
    official_db = build_store_db(official_home.root / "data" / "mgv7.db", stores=4, products=1500,
                                 sales=20000, official_host=OLD_HOST)
    official = Settings(enabled=True, mode="official", machine_name=OLD_HOST)
    official.database.path = str(official_db)
    official.official.destination1.path = str(shared)
    official.official.interval_min = 15
    contingency = Settings(enabled=True, mode="contingency", machine_name=NEW_HOST)
    contingency.database.path = str(contingency_home.root / "data" / "mgv7.db")
    contingency.contingency.source.path = str(shared)
    SettingsStore(official_home).save(official)
    SettingsStore(contingency_home).save(contingency)
    return official_home, official, contingency_home, contingency, shared


def _timed(label: str, func, *args):
    start = time.perf_counter()
    result = func(*args)
    elapsed = time.perf_counter() - start
    _say(f"  {label:<34} {result.result:<8} {elapsed:6.2f} s  {result.message}")
    return result, elapsed


def run_demo(root: Path | None = None, *, keep: bool = False) -> int:
    made_temp = root is None
    root = Path(root or tempfile.mkdtemp(prefix="contingencia-demo-"))
    started = time.perf_counter()
    try:
        return _run(root)
    finally:
        _say(f"\nDemo finished in {time.perf_counter() - started:.1f} s.")
        if made_temp and not keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            _say(f"Demo files kept in {root}")


def _run(root: Path) -> int:
    _say("Contingência demo: official -> contingency -> promotion, on SQLite.\n")
    official_home, official, contingency_home, contingency, shared = _configure(root)
    _say(f"Official store database:   {official.database.path}")
    _say(f"Shared folder:             {shared}")
    _say(f"Contingency database:      {contingency.database.path}\n")

    _say("Round 1: first backup and restore")
    backup, _ = _timed("backup (official)", run_official, official, official_home)
    restore, _ = _timed("restore (contingency)", run_contingency, contingency, contingency_home)
    if not (backup.ok and restore.ok):
        return 1

    changed = change_prices(Path(official.database.path), percent=7, store_id=1)
    _say(f"\nOn the official: {changed} prices of LOJA01 raised by 7%.")
    _say("Round 2: the change travels")
    backup, _ = _timed("backup (official)", run_official, official, official_home)
    restore, _ = _timed("restore (contingency)", run_contingency, contingency, contingency_home)
    again, _ = _timed("check again (nothing new)", run_contingency, contingency, contingency_home)
    if not (backup.ok and restore.ok and again.result == "nothing"):
        return 1

    same = fingerprint(Path(official.database.path)) == fingerprint(Path(contingency.database.path))
    _say(f"\nContingency database matches the official's: {'yes' if same else 'NO'}")
    if not same:
        return 1
    return _promote(official_home, contingency_home, contingency)


def _promote(official_home: Home, contingency_home: Home, contingency: Settings) -> int:
    try:
        from ..promotion.run import run_promotion
    except ImportError:
        _say("\nPromotion: not available in this build.")
        return 0
    _say(f"\nThe official server {OLD_HOST} is dead. Promoting {NEW_HOST}...")
    dead_at = time.perf_counter()
    with resources.as_file(PROFILE) as profile:
        result = run_promotion(SettingsStore(contingency_home).load(), contingency_home, new_host=NEW_HOST,
                               path_maps=[(f"\\\\{OLD_HOST}\\MGV7", "D:\\MGV7")], profile_path=profile)
    elapsed = time.perf_counter() - dead_at
    _say(result.plan.render())
    for step in result.steps:
        _say(f"  [{'ok' if step.ok else 'FAILED'}] {step.name}: {step.message}")
    hosts = _store_hosts(Path(contingency.database.path))
    pointed = hosts == {NEW_HOST}
    _say(f"\nStores point at {', '.join(sorted(hosts))}: {'yes' if pointed else 'NO'}")
    _say(f"From 'the official is dead' to 'stores point at the new host': {elapsed:.2f} s")
    old_official = run_official(SettingsStore(official_home).load(), official_home)
    _say(f"The old official, started again: {old_official.result} - {old_official.message}")
    return 0 if pointed and old_official.result == "failed" else 1


def _store_hosts(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT comm_control_host, web_manager_host, remote_load_host FROM stores").fetchall()
    finally:
        conn.close()
    return {host for row in rows for host in row}
