"""PostgreSQL: our engine + bundle against the plain scripts people write by hand.

Generates a database of about --size-gb GB with generate_series, then, in the same run:

  ours, official:     engine.backup (pg_dump -Fc -Z0)  + bundle.create (zip, level L)
  ours, contingency:  bundle.verify + bundle.extract   + engine.restore (staging, check, swap)
  plain, official:    pg_dump -Fc | zip -L
  plain, contingency: unzip -p | pg_restore into a fresh database

and prints the times, sizes and ratios. All bench databases are dropped at the end
(unless --keep).

    python3 bench/bench_postgres.py --size-gb 1.0 --level 6
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from app.engines import get_engine  # noqa: E402
from app.settings.model import DatabaseSettings  # noqa: E402

try:
    from app import bundle  # noqa: E402
except ImportError:  # the bundle module may not exist yet: time the engine alone
    bundle = None

PREFIX = "bench_pg"
SOURCE, LIVE, PLAIN = f"{PREFIX}_official", f"{PREFIX}_live", f"{PREFIX}_plain"
# item rows are ~150 bytes on disk with their index; sales rows ~80
ITEM_SHARE = 0.6


def admin(args):
    return psycopg.connect(host=args.host, port=args.port, user=args.user, dbname="postgres", autocommit=True)


def drop_all(args) -> None:
    with admin(args) as conn:
        for (name,) in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                    (PREFIX + "%",)).fetchall():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def generate(args) -> int:
    """The official database: store items and a sales history, sized from --size-gb."""
    target = int(args.size_gb * 1024 ** 3)
    items = int(target * ITEM_SHARE / 150)
    sales = int(target * (1 - ITEM_SHARE) / 80)
    with admin(args) as conn:
        conn.execute(f'CREATE DATABASE "{SOURCE}"')
    with psycopg.connect(host=args.host, port=args.port, user=args.user, dbname=SOURCE, autocommit=True) as conn:
        conn.execute("""
            CREATE TABLE item (
                id bigint PRIMARY KEY, store int NOT NULL, plu int NOT NULL, label text NOT NULL,
                price numeric(10, 2) NOT NULL, updated timestamptz NOT NULL)""")
        conn.execute("""
            INSERT INTO item
            SELECT g, g %% 50, g %% 100000, 'ITEM ' || md5(g::text) || ' ' || (g %% 977),
                   (g %% 10000) / 100.0, now() - (g %% 86400) * interval '1 second'
            FROM generate_series(1, %s) g""", (items,))
        conn.execute("""
            CREATE TABLE sale (id bigint, item_id bigint, qty int, total numeric(12, 2), at timestamptz)""")
        conn.execute("""
            INSERT INTO sale
            SELECT g, g %% %s + 1, g %% 7 + 1, (g %% 5000) / 10.0, now() - (g %% 604800) * interval '1 second'
            FROM generate_series(1, %s) g""", (items, sales))
        conn.execute("CREATE INDEX sale_item ON sale (item_id)")
        conn.execute("VACUUM ANALYZE")
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def timed(label: str, results: dict, fn, *a, **kw):
    started = time.perf_counter()
    value = fn(*a, **kw)
    results[label] = time.perf_counter() - started
    print(f"  {label:<34} {results[label]:8.1f} s", flush=True)
    return value


def shell(command: str, args) -> None:
    env = dict(os.environ, PGHOST=args.host, PGPORT=str(args.port), PGUSER=args.user)
    subprocess.run(["bash", "-o", "pipefail", "-c", command], check=True, env=env)


def ours(args, work: Path, results: dict) -> dict:
    settings = dict(engine="postgres", server=args.host, port=args.port, user=args.user)
    official = get_engine(DatabaseSettings(name=SOURCE, **settings))
    contingency = get_engine(DatabaseSettings(name=LIVE, busy_policy="wait", busy_timeout_s=5, **settings))
    out, recv = work / "ours-out", work / "ours-recv"
    out.mkdir()
    recv.mkdir()
    files = timed("ours: engine.backup", results, official.backup, out)
    sizes = {"dump": files[0].stat().st_size}
    if bundle is not None:
        info = timed("ours: bundle.create", results, bundle.create, files, out, database=SOURCE,
                     engine="postgres", sequence=1, epoch=1, level=args.level, source_host=socket.gethostname())
        sizes["bundle"] = info.size
        files[0].unlink()  # the contingency side sees only the bundle

        def unpack():
            manifest = bundle.verify(info.path, info.size, info.sha256)
            return bundle.extract(info.path, manifest, recv)

        restored_files = timed("ours: bundle.verify + extract", results, unpack)
    else:
        restored_files = files
    # the contingency already has a live copy: the restore includes the swap
    with admin(args) as conn:
        conn.execute(f'CREATE DATABASE "{LIVE}"')
    timed("ours: engine.restore (with swap)", results, contingency.restore, restored_files, recv)
    return sizes


def plain(args, work: Path, results: dict) -> dict:
    archive = work / "plain.zip"
    timed("plain: pg_dump -Fc | zip", results, shell,
          f"pg_dump -Fc {SOURCE} | zip -q -{args.level} {archive} -", args)
    with admin(args) as conn:
        conn.execute(f'CREATE DATABASE "{PLAIN}"')
    timed("plain: unzip -p | pg_restore", results, shell,
          f"unzip -p {archive} | pg_restore --no-owner --exit-on-error -d {PLAIN}", args)
    return {"zip": archive.stat().st_size}


def check_same(args) -> None:
    counts = []
    for name in (SOURCE, LIVE, PLAIN):
        with psycopg.connect(host=args.host, port=args.port, user=args.user, dbname=name) as conn:
            counts.append(conn.execute("SELECT (SELECT count(*) FROM item), (SELECT count(*) FROM sale)").fetchone())
    if len(set(counts)) != 1:
        raise SystemExit(f"restored row counts differ: {counts}")
    print(f"  row counts match in all three databases: item={counts[0][0]}, sale={counts[0][1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-gb", type=float, default=1.0)
    parser.add_argument("--level", type=int, default=6, help="zip level for both sides (official.compression)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--work", default="", help="scratch folder (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    args = parser.parse_args()
    # the engine logs how long each restore step took (pg_restore, check, swap, drop)
    logging.basicConfig(level=logging.WARNING, format="    %(message)s", stream=sys.stdout)
    logging.getLogger("app.engines.postgres").setLevel(logging.INFO)
    for tool in ("pg_dump", "pg_restore", "zip", "unzip"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed for the comparison")
    work = Path(tempfile.mkdtemp(prefix="bench-pg-", dir=args.work or None))
    results: dict[str, float] = {}
    drop_all(args)
    try:
        print(f"generating ~{args.size_gb} GB ...", flush=True)
        size = timed("generate", results, generate, args)
        print(f"  database size {size / 1024 ** 2:.0f} MiB; cores {os.cpu_count()}; zip level {args.level}; "
              f"bundle module {'present' if bundle else 'absent (engine timed alone)'}")
        sizes = ours(args, work, results)
        sizes.update(plain(args, work, results))
        check_same(args)
    finally:
        if not args.keep:
            drop_all(args)
        shutil.rmtree(work, ignore_errors=True)
    report(results, sizes)


def report(results: dict, sizes: dict) -> None:
    ours_official = results["ours: engine.backup"] + results.get("ours: bundle.create", 0)
    ours_contingency = results.get("ours: bundle.verify + extract", 0) + results["ours: engine.restore (with swap)"]
    plain_official, plain_contingency = results["plain: pg_dump -Fc | zip"], results["plain: unzip -p | pg_restore"]
    print("\nsummary")
    print(f"  official    ours {ours_official:7.1f} s   plain {plain_official:7.1f} s   "
          f"ours/plain {ours_official / plain_official:5.2f}")
    print(f"  contingency ours {ours_contingency:7.1f} s   plain {plain_contingency:7.1f} s   "
          f"ours/plain {ours_contingency / plain_contingency:5.2f}")
    for name, value in sizes.items():
        print(f"  size {name:<7} {value / 1024 ** 2:8.1f} MiB")
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"  peak RSS: this process {self_kb / 1024:.0f} MiB, largest child {children_kb / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
