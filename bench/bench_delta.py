"""SQLite page deltas against full bundles, on the realistic store database.

    python3 bench/bench_delta.py [--size-mb 500] [--keep DIR] [--db GENERATED.db]

The official's backup step makes a copy (the base), 0.1 % of the rows of the prices, the sales
history and the product photos change (random rows), it makes the next copy (the target); then
the same with every row of those tables changed. For each: the changed pages, the delta's size raw and deflated the
way a bundle deflates (level 6: isal 2; level 8: zlib 6), the time to compute it on the official
from the two copies, the time to apply it on the contingency (base -> verified staging copy),
against the full bundle (the target copy deflated the same way). The database comes from
``bench/store_db.py`` when it is there, else from ``bench_core``'s generator.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app.bundle import deflate_for  # noqa: E402
from app.delta.sqlite_pages import apply, compute  # noqa: E402
from app.engines import get_engine  # noqa: E402
from app.settings.model import DatabaseSettings  # noqa: E402

LEVELS = (6, 8)
SMALL_CHANGE = "abs(random()) % 1000 = 0"
#: what a change does to a row of each table (a new price, a corrected weight, a new photo)
CHANGES = (("prices", "price_cents = price_cents + 1"), ("sales_history", "weight_g = weight_g + 1"),
           ("product_media", "photo = randomblob(length(photo))"))


def generator():
    try:
        from store_db import generate  # the realistic store database, when it is there
        return "bench/store_db.py", generate
    except ImportError:
        from bench_core import generate
        return "bench/bench_core.py (store_db.py not present)", generate


def deflated_size(path: Path, level: int) -> int:
    _, make = deflate_for(level)
    compressor, size = make(), 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            size += len(compressor.compress(block))
    return size + len(compressor.flush())


def change(db: Path, where: str) -> int:
    conn = sqlite3.connect(db)
    with conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        rows = sum(conn.execute(f"UPDATE {table} SET {assignment} WHERE {where}").rowcount
                   for table, assignment in CHANGES if table in tables)
    conn.close()
    return rows


def timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def timed_cpu(func, *args):
    """The result, the wall time and this process's CPU time (the machine may be shared)."""
    cpu = time.process_time()
    result, wall = timed(func, *args)
    return result, wall, time.process_time() - cpu


def scenario(root: Path, name: str, engine, base: Path, db: Path, where: str) -> dict:
    rows = change(db, where)
    work = root / f"work-{name}"
    work.mkdir()
    [target] = engine.backup(work)
    delta = root / f"{name}.delta"
    header, compute_s, compute_cpu = timed_cpu(compute, base, target, delta)
    contingency = root / f"contingency-{name}"
    contingency.mkdir()
    local_base = contingency / "store.db"
    shutil.copyfile(base, local_base)
    staging = contingency / "store.db.staging"
    _, apply_s, apply_cpu = timed_cpu(apply, delta, local_base, staging)
    identical = filecmp.cmp(staging, target, shallow=False)
    result = {"name": name, "rows": rows, "changed": header.changed, "pages": header.target_pages,
              "page_size": header.page_size, "raw": delta.stat().st_size, "compute_s": compute_s,
              "compute_cpu": compute_cpu, "apply_s": apply_s, "apply_cpu": apply_cpu, "identical": identical, "db": target.stat().st_size}
    for level in LEVELS:
        result[f"delta_{level}"] = deflated_size(delta, level)
        result[f"full_{level}"] = deflated_size(target, level)
    shutil.rmtree(contingency)
    delta.unlink()
    return result | {"target": target}


def show(r: dict) -> None:
    mb = 1e6
    print(f"\n{r['name']}: {r['rows']:,} rows changed; {r['changed']:,} of {r['pages']:,} pages "
          f"({100 * r['changed'] / r['pages']:.2f} %), page size {r['page_size']}; result byte-identical: "
          f"{r['identical']}")
    print(f"  delta raw {r['raw'] / mb:.1f} MB; compute on the official {r['compute_s']:.2f} s "
          f"(CPU {r['compute_cpu']:.2f} s); apply on the contingency {r['apply_s']:.2f} s (CPU {r['apply_cpu']:.2f} s)")
    for level in LEVELS:
        method, _ = deflate_for(level)
        d, f = r[f"delta_{level}"], r[f"full_{level}"]
        print(f"  level {level} ({method}): delta {d / mb:.2f} MB, full bundle {f / mb:.1f} MB, {f / d:.1f}x less")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--keep", default=None, help="work in this folder and keep it")
    parser.add_argument("--db", default=None, help="start from a copy of this generated database")
    args = parser.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="bench-delta-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        source, generate = generator()
        db = root / "store.db"
        if args.db:
            source, generate = f"a copy of {args.db}", lambda out, _size: shutil.copyfile(args.db, out)
        _, gen_s = timed(generate, db, args.size_mb)
        print(f"database {db.stat().st_size / 1e6:.0f} MB from {source} ({gen_s:.0f} s); "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        engine = get_engine(DatabaseSettings(engine="sqlite", path=str(db)))
        (root / "work-base").mkdir()
        [base] = engine.backup(root / "work-base")
        small = scenario(root, "0.1 % of rows", engine, base, db, SMALL_CHANGE)
        show(small)
        full = scenario(root, "every row", engine, small["target"], db, "1")
        show(full)
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
