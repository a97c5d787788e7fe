"""Official + contingency cycle on a generated store database, against the plain-tool script.

    python3 bench/bench_core.py [--size-mb 500] [--level 6] [--keep DIR]

The plain script is what a technician would write: on the official
``sqlite3 db ".backup copy"``, ``zip -6``, ``cp`` to the shared folder; on the
contingency ``cp``, ``unzip``, ``mv`` over the live file. Ours also checks the
backup (quick_check), hashes everything, verifies every member and runs
``PRAGMA integrity_check`` before the swap: the plain script does none of that.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.cycles import run_contingency, run_official  # noqa: E402
from app.demo_data import build_store_db  # noqa: E402
from app.journal import Journal  # noqa: E402
from app.paths import Home  # noqa: E402
from app.settings.model import Settings  # noqa: E402


def generate(path: Path, size_mb: int) -> None:
    """A store database grown with sales history until it reaches ``size_mb``."""
    build_store_db(path, stores=8, products=5000, sales=0)
    conn = sqlite3.connect(path)
    target = size_mb * 1024 * 1024
    batch = 500_000
    while path.stat().st_size < target:
        with conn:
            conn.execute(f"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {batch})
                INSERT INTO sales_history(store_id, plu, scale, weight_g, total_cents, sold_at)
                SELECT 1 + abs(random()) % 8, 1 + abs(random()) % 5000,
                       'BALANCA-' || printf('%02d', 1 + abs(random()) % 12),
                       50 + abs(random()) % 5000, 100 + abs(random()) % 50000,
                       '2026-11-' || printf('%02d', 1 + abs(random()) % 28) || 'T' ||
                       printf('%02d:%02d:%02d', abs(random()) % 24, abs(random()) % 60, abs(random()) % 60)
                FROM n""")
    conn.close()


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def sh(*cmd: str) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def ours(root: Path, db: Path, level: int) -> tuple[float, float, int]:
    shared = root / "ours-shared"
    shared.mkdir()
    official = Settings(enabled=True, mode="official")
    official.database.path = str(db)
    official.official.destination1.path = str(shared)
    official.official.compression = level
    contingency = Settings(enabled=True, mode="contingency")
    contingency.database.path = str(root / "ours-live.db")
    contingency.contingency.source.path = str(shared)
    oh, ch = Home.resolve(root / "ours-official").ensure(), Home.resolve(root / "ours-contingency").ensure()
    results = []
    backup = timed(lambda: results.append(run_official(official, oh)))
    restore = timed(lambda: results.append(run_contingency(contingency, ch)))
    assert all(r.result == "ok" for r in results), [r.message for r in results]
    for home, result in ((oh, results[0]), (ch, results[1])):
        steps = Journal(home.journal_file).steps(result.run_id)
        print("  ours, " + ", ".join(f"{s['name']} {s['finished'] - s['started']:.1f}s" for s in steps))
    size = next(shared.glob("*.zip")).stat().st_size
    return backup, restore, size


def plain(root: Path, db: Path, level: int) -> tuple[float, float, int]:
    work, shared, incoming = root / "plain-work", root / "plain-shared", root / "plain-incoming"
    for folder in (work, shared, incoming):
        folder.mkdir()

    def backup() -> None:
        sh("sqlite3", str(db), f".backup {work / 'store.db'}")
        sh("zip", f"-{level}", "-j", "-q", str(work / "store.zip"), str(work / "store.db"))
        sh("cp", str(work / "store.zip"), str(shared / "store.zip"))

    def restore() -> None:
        sh("cp", str(shared / "store.zip"), str(incoming / "store.zip"))
        sh("unzip", "-q", "-o", str(incoming / "store.zip"), "-d", str(incoming))
        sh("mv", str(incoming / "store.db"), str(root / "plain-live.db"))

    return timed(backup), timed(restore), (shared / "store.zip").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--level", type=int, default=6)
    parser.add_argument("--keep", default=None, help="work in this folder and keep it")
    args = parser.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="bench-core-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        db = root / "store.db"
        gen = timed(generate, db, args.size_mb)
        size_mb = db.stat().st_size / 1e6
        print(f"database: {size_mb:.0f} MB (generated in {gen:.0f} s), compression level {args.level}, "
              f"{os.cpu_count()} cores")
        p_backup, p_restore, p_size = plain(root, db, args.level)
        o_backup, o_restore, o_size = ours(root, db, args.level)
        print(f"{'':28}{'ours':>10}{'plain':>10}{'ours/plain':>12}")
        for label, a, b in (("official (backup+zip+copy)", o_backup, p_backup),
                            ("contingency (copy+unzip+swap)", o_restore, p_restore),
                            ("whole cycle", o_backup + o_restore, p_backup + p_restore)):
            print(f"{label:28}{a:9.1f}s{b:9.1f}s{a / b:12.2f}")
        print(f"{'bundle size':28}{o_size / 1e6:9.0f}M{p_size / 1e6:9.0f}M{o_size / p_size:12.2f}")
        print(f"throughput of our official side: {size_mb / o_backup:.0f} MB/s of database")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
