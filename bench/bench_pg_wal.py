"""PostgreSQL WAL shipping against full bundles, on a realistic store database (~500 MB).

Starts its own official cluster (initdb, password authentication on 127.0.0.1), fills it with the
store schema (products, prices, a bytea label bitmap per product and bytea photos, a sales history
with its indexes: bench/store_db.py's proportions), then runs the real cycles in this process
(``run_official`` / ``run_contingency``, a folder between them, the standby this program manages):

  1. a pg_dump full bundle (WAL shipping off), then a base-backup full bundle (on), interleaved,
     and the standby's restore of the base backup;
  2. --rounds times: 0.1 % of the rows changed, an increment (official cycle, WAL bytes, its
     deflated size, bundle bytes), its apply on the standby, the recovery point when the cycles
     run back to back (change committed -> visible on the standby);
  3. 100 % of the sales rows changed: the cycle (a base backup: more WAL than a base backup).

Every step reports wall time and CPU time (this process and its children: pg_basebackup,
pg_receivewal, pg_ctl; the servers' own CPU is not in it), and the load average; each apply, its
steps (archive, wake and connect, replay, archive cleaned: the contingency's log).

    python3 bench/bench_pg_wal.py --size-mb 500 --work /work/scratch/pgwal/bench

With ``--rpo-kills N``, the recovery point instead (bench/bench_rpo.py's method): the real workers
(``contingencia service``), the official's with a one-minute incremental interval, the
contingency's polling every 5 s; a writer commits a row with its time into the official every
0.2 s; once an increment was published and applied since the official's worker started, at a
random moment (``--between``, 20-80 s later) the worker and the writer get SIGKILL. The data lost
is the time of the last row the official has less the time of the newest row on the standby once
it applied everything the folder holds; then the official's worker and the writer start again.

    python3 bench/bench_pg_wal.py --size-mb 500 --rpo-kills 5 --work /work/scratch/pgwal/rpo
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from app.cycles import run_contingency, run_official  # noqa: E402
from app.markers import MARKER_NAME, Marker  # noqa: E402
from app.paths import Home  # noqa: E402
from app.settings.model import Settings  # noqa: E402
from app.settings.store import SettingsStore  # noqa: E402
from bench_rpo import applied_marker, apply_times, newest_increment, published_cycles, start_worker, wait_for  # noqa: E402

BIN = Path("/usr/lib/postgresql/15/bin")
ACCOUNT = "postgres"
DB = "loja"
PRODUCTS = 5000
SALES_PER_MB = 3000
LABEL_BYTES = 3000


def as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", ACCOUNT, "--", *command] if os.geteuid() == 0 else command


def cluster(work: Path, port: int, password: str) -> Path:
    data = work / "official"
    pwfile = work / "pw"
    pwfile.write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(work, ACCOUNT)
        shutil.chown(pwfile, ACCOUNT)
    subprocess.run(as_owner([str(BIN / "initdb"), "-D", str(data), "-U", "postgres", f"--pwfile={pwfile}",
                             "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"]), check=True,
                   capture_output=True)
    subprocess.run(as_owner([str(BIN / "pg_ctl"), "-D", str(data), "-l", str(work / "official.log"), "-o",
                             f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={work} "
                             "-c shared_buffers=256MB -c max_wal_size=4GB", "-w", "start"]), check=True,
                   capture_output=True)
    return data


def connect(port: int, password: str, dbname: str = DB, autocommit: bool = True):
    return psycopg.connect(host="127.0.0.1", port=port, user="postgres", password=password, dbname=dbname,
                           autocommit=autocommit)


def generate(port: int, password: str, size_mb: int) -> int:
    with connect(port, password, "postgres") as conn:
        conn.execute(f"CREATE DATABASE {DB}")
    sales = size_mb * SALES_PER_MB
    with connect(port, password) as conn:
        conn.execute("""
            CREATE TABLE products (plu int PRIMARY KEY, department_id int NOT NULL, description text NOT NULL,
                                   price_cents int NOT NULL, updated timestamptz NOT NULL DEFAULT now());
            CREATE TABLE product_media (plu int PRIMARY KEY REFERENCES products, label_bitmap bytea NOT NULL,
                                        photo bytea);
            CREATE TABLE sales_history (id bigserial PRIMARY KEY, store_id int, plu int, scale text, weight_g int,
                                        total_cents int, sold_at timestamptz, barcode text, operator text,
                                        description text, unit_price_cents int, tare_g int, lot text);""")
        conn.execute("INSERT INTO products SELECT g, g %% 40, 'PRODUTO ' || g || ' ' || md5(g::text), "
                     "199 + g %% 15800 FROM generate_series(1, %s) g", (PRODUCTS,))
        conn.execute(f"""
            INSERT INTO sales_history (store_id, plu, scale, weight_g, total_cents, sold_at, barcode, operator,
                                       description, unit_price_cents, tare_g, lot)
            SELECT 1 + g %% 8, 1 + (g * 7919) %% {PRODUCTS}, 'BALANCA-' || lpad((1 + g %% 12)::text, 2, '0'),
                   50 + g %% 5000, 100 + (g * 31) %% 50000, timestamptz '2026-01-01' + (g %% 28000000) * interval '1 s',
                   '2' || lpad((g %% 100000)::text, 5, '0') || lpad(((g * 13) %% 1000000)::text, 6, '0'),
                   'Operador ' || (1 + g %% 40), 'PRODUTO ' || (1 + (g * 7919) %% {PRODUCTS}),
                   199 + g %% 15800, g %% 50, 'L2026-' || lpad((1 + g %% 11)::text, 2, '0') || '-' || (g %% 10000)
            FROM generate_series(1::bigint, %s) g""", (sales,))
        conn.execute("CREATE INDEX sales_by_product ON sales_history (plu, sold_at); "
                     "CREATE INDEX products_by_department ON products (department_id, description)")
        room = size_mb * 1_000_000 - conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        photo = max(room // PRODUCTS - LABEL_BYTES, 0)
        label = bytes(LABEL_BYTES // 2) + b"\xff" * (LABEL_BYTES // 2)
        with conn.cursor().copy("COPY product_media FROM STDIN") as copy:
            for plu in range(1, PRODUCTS + 1):
                copy.write_row((plu, label, os.urandom(photo)))
        conn.execute("VACUUM ANALYZE")
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def change(port: int, password: str, share: float) -> tuple[int, float]:
    """``share`` of the rows of each table changed (spread over the table, as a day's edits are)."""
    every = max(1, round(1 / share))
    with connect(port, password) as conn:
        sales = conn.execute("UPDATE sales_history SET total_cents = total_cents + 1 WHERE id %% %s = 0",
                             (every,)).rowcount
        rows = conn.execute("UPDATE products SET price_cents = price_cents + 1, updated = now() "
                            "WHERE plu %% %s = 0", (every,)).rowcount
        rows += conn.execute("UPDATE product_media SET label_bitmap = label_bitmap || '\\x00'::bytea "
                             "WHERE plu %% %s = 0", (every,)).rowcount
    return sales + rows, time.time()


def cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(label: str, fn, *args):
    wall, used = time.perf_counter(), cpu()
    value = fn(*args)
    wall, used = time.perf_counter() - wall, cpu() - used
    load = os.getloadavg()[0]
    print(f"  {label:<44} {wall:7.1f} s wall  {used:6.1f} s CPU  load {load:4.2f}", flush=True)
    return value, wall, used


class ApplySteps(logging.Handler):
    """The contingency's own timing of each apply's steps (app/delta/walship.py logs it), printed."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("WAL apply of"):
            print("    " + record.getMessage().split(": ", 1)[1], flush=True)


def marker(shared: Path) -> Marker:
    return Marker.parse((shared / MARKER_NAME).read_text())


def wal_bytes(work_root: Path, m: dict) -> tuple[int, int]:
    """The increment's segments as received (still in the receive folder) and deflated at level 6."""
    folder = work_root / "chain" / "wal"
    names = sorted(p.name for p in folder.iterdir() if len(p.name) == 24 and p.name >= m["first_segment"]
                   and p.name <= m["last_segment"]) if m.get("segments") else []
    raw = packed = 0
    for name in names:
        data = (folder / name).read_bytes()
        raw, packed = raw + len(data), packed + len(zlib.compress(data, 6))
    return raw, packed


def manifest_of(shared: Path, name: str) -> dict:
    import json
    import zipfile
    with zipfile.ZipFile(shared / name) as z:
        return json.loads(z.read("manifest.json"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--level", type=int, default=6)
    parser.add_argument("--work", default="/work/scratch/pgwal/bench")
    parser.add_argument("--rpo-kills", type=int, default=0, help="measure the recovery point over this many kills")
    parser.add_argument("--between", type=float, nargs=2, default=(20.0, 80.0), metavar=("MIN_S", "MAX_S"),
                        help="how long the official's worker lives after its steady state, before each kill")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    password, port, standby_port = "bench-" + secrets.token_urlsafe(8), 56432, 56433
    data = cluster(work, port, password)
    try:
        (rpo if args.rpo_kills else run)(args, work, password, port, standby_port)
    finally:
        for folder in (work / "standby" / "data", data):
            subprocess.run(as_owner([str(BIN / "pg_ctl"), "-D", str(folder), "-m", "fast", "-w", "stop"]),
                           capture_output=True)


def pair(args, work: Path, password: str, port: int, standby_port: int) -> tuple[Settings, Settings, Path]:
    """The official's and the contingency's settings, a folder between them, the standby's folder."""
    shared = work / "shared"
    shared.mkdir()
    (work / "standby").mkdir()
    if os.geteuid() == 0:
        shutil.chown(work / "standby", ACCOUNT)
    official = Settings(enabled=True, mode="official", machine_name="OFICIAL")
    contingency = Settings(enabled=True, mode="contingency", machine_name="CONT")
    for s, p in ((official, port), (contingency, standby_port)):
        s.database.engine, s.database.server, s.database.port, s.database.name = "postgres", "127.0.0.1", p, DB
        s.database.user, s.database.password = "postgres", password
    official.official.destination1.path = contingency.contingency.source.path = str(shared)
    official.official.compression = args.level
    official.official.incremental_interval_min, official.official.interval_min = 1, 1440
    contingency.database.standby_data_dir = str(work / "standby" / "data")
    contingency.database.pg_bin_dir = str(BIN)
    return official, contingency, shared


def run(args, work: Path, password: str, port: int, standby_port: int) -> None:
    logging.getLogger("app.delta.walship").addHandler(ApplySteps())
    logging.getLogger("app.delta.walship").setLevel(logging.INFO)
    print(f"generating ~{args.size_mb} MB ...", flush=True)
    size, _, _ = timed("generate", generate, port, password, args.size_mb)
    with connect(port, password) as conn:
        rows = conn.execute("SELECT (SELECT count(*) FROM sales_history) + 2 * %s", (PRODUCTS,)).fetchone()[0]
    print(f"  database {size / 1e6:.0f} MB, {rows} rows; cores {os.cpu_count()}; level {args.level}")
    official, contingency, shared = pair(args, work, password, port, standby_port)
    official.official.retention = 100
    o_home, c_home = Home.resolve(work / "o").ensure(), Home.resolve(work / "c").ensure()
    work_root = o_home.root / "work"

    print("full bundles")
    official.database.wal_shipping = False
    _, dump_wall, dump_cpu = timed("official: pg_dump full bundle", run_official, official, o_home)
    dump_size = marker(shared).size
    official.database.wal_shipping = True
    _, base_wall, base_cpu = timed("official: base backup full bundle", run_official, official, o_home)
    base = marker(shared)
    assert base.kind == "full", base
    result, restore_wall, restore_cpu = timed("contingency: standby restored from it", run_contingency,
                                               contingency, c_home)
    assert result.result == "ok", result.message
    print(f"  bundle bytes: pg_dump {dump_size / 1e6:.1f} MB, base backup {base.size / 1e6:.1f} MB")
    work_root = o_home.work_dir / "official"

    print("0.1 % of the rows changed, then an increment and its apply")
    figures = []
    for n in range(args.rounds):
        changed, committed = change(port, password, 0.001)
        _, o_wall, o_cpu = timed(f"official: increment {n + 1} ({changed} rows)", run_official, official, o_home)
        m = marker(shared)
        assert m.kind == "incremental", m
        mf = manifest_of(shared, m.bundle)
        raw, packed = wal_bytes(work_root, mf)
        result, c_wall, c_cpu = timed(f"contingency: apply {n + 1}", run_contingency, contingency, c_home)
        assert result.result == "ok", result.message
        visible = time.time() - committed
        figures.append((raw, packed, m.size, o_wall, o_cpu, c_wall, c_cpu, visible))
        print(f"    WAL {mf['segments']} segment(s) {raw / 1e6:.1f} MB, deflated {packed / 1e6:.2f} MB, bundle "
              f"{m.size / 1e6:.2f} MB ({m.size / max(packed, 1):.2f}x the deflated WAL); committed -> on the standby "
              f"{visible:.1f} s", flush=True)
    print("100 % of the sales rows changed")
    changed, committed = change(port, password, 1.0)
    _, all_wall, all_cpu = timed(f"official: cycle after {changed} rows changed", run_official, official, o_home)
    m = marker(shared)
    print(f"    bundle {m.kind}, {m.size / 1e6:.1f} MB (the base backup was {base.size / 1e6:.1f} MB)")
    result, all_c_wall, _ = timed("contingency: its restore", run_contingency, contingency, c_home)
    assert result.result == "ok", result.message
    with connect(standby_port, password) as conn, connect(port, password) as src:
        q = "SELECT sum(total_cents), count(*) FROM sales_history"
        assert conn.execute(q).fetchone() == src.execute(q).fetchone(), "the standby differs from the official"
    print("  the standby's sales_history matches the official's")
    # the full path again, interleaved: the same load for both
    official.database.wal_shipping = False
    _, dump_wall2, dump_cpu2 = timed("official: pg_dump full bundle (again)", run_official, official, o_home)
    print("\nsummary (medians of the increments)")
    med = lambda i: sorted(f[i] for f in figures)[len(figures) // 2]  # noqa: E731
    print(f"  increment: WAL {med(0) / 1e6:.1f} MB raw, {med(1) / 1e6:.2f} MB deflated, bundle {med(2) / 1e6:.2f} MB "
          f"({med(2) / max(med(1), 1):.2f}x); official {med(3):.1f} s ({med(4):.1f} s CPU); apply {med(5):.1f} s "
          f"({med(6):.1f} s CPU); committed -> standby {med(7):.1f} s back to back, worst case with a one-minute "
          f"interval {60 + med(7):.0f} s")
    print(f"  full: pg_dump bundle {dump_size / 1e6:.1f} MB in {dump_wall:.1f} s / {dump_wall2:.1f} s "
          f"({dump_cpu:.1f} / {dump_cpu2:.1f} s CPU); base backup bundle {base.size / 1e6:.1f} MB in {base_wall:.1f} s "
          f"({base_cpu:.1f} s CPU); standby restore {restore_wall:.1f} s ({restore_cpu:.1f} s CPU)")
    print(f"  100 %: {m.kind} bundle {m.size / 1e6:.1f} MB, official {all_wall:.1f} s ({all_cpu:.1f} s CPU), "
          f"contingency {all_c_wall:.1f} s; load average now {os.getloadavg()}")


WRITER = """
import sys, time, psycopg
conn = psycopg.connect(sys.argv[1], autocommit=True)
while True:
    conn.execute("INSERT INTO rpo_probe (written) VALUES (%s)", (time.time(),))
    time.sleep(0.2)
"""


def newest_row(port: int, password: str) -> float:
    with connect(port, password) as conn:
        return conn.execute("SELECT coalesce(max(written), 0) FROM rpo_probe").fetchone()[0]


def rpo(args, work: Path, password: str, port: int, standby_port: int) -> None:
    """The recovery point with the real workers: the data lost at kills of the official at random moments."""
    rng = random.Random(args.seed)
    print(f"generating ~{args.size_mb} MB ...", flush=True)
    timed("generate", generate, port, password, args.size_mb)
    with connect(port, password) as conn:
        conn.execute("CREATE TABLE rpo_probe (id bigserial PRIMARY KEY, written double precision NOT NULL)")
    official, contingency, shared = pair(args, work, password, port, standby_port)
    official.database.wal_shipping = True
    contingency.contingency.poll_interval_s = 5
    os.environ["PYTHON_KEYRING_BACKEND"] = "app.settings.secrets.FileKeyring"  # the workers' passwords
    homes = []
    for settings, name in ((official, "o"), (contingency, "c")):
        home = Home.resolve(work / name).ensure()
        os.environ["CONTINGENCIA_SECRETS_FILE"] = str(home.root / "secrets.json")
        SettingsStore(home).save(settings)
        homes.append(home)
    o_home, c_home = homes
    conninfo = f"host=127.0.0.1 port={port} user=postgres password={password} dbname={DB}"
    load_start, wall_start = os.getloadavg(), time.perf_counter()
    follower = start_worker(c_home)
    losses = []
    try:
        for kill in range(args.rpo_kills):
            before = marker(shared).sequence if (shared / MARKER_NAME).exists() else 0
            worker = start_worker(o_home)
            writer = subprocess.Popen([sys.executable, "-c", WRITER, conninfo])
            wait_for(lambda: newest_increment(o_home, after=before), 600)  # steady state: the chain goes on
            wait_for(lambda: applied_marker(c_home, shared), 300)
            time.sleep(rng.uniform(*args.between))
            for proc in (worker, writer):
                proc.send_signal(signal.SIGKILL)
            for proc in (worker, writer):
                proc.wait()
            killed_at = time.time()
            last_written = newest_row(port, password)
            wait_for(lambda: applied_marker(c_home, shared), 120)
            time.sleep(1)  # the apply recorded; its replay was waited for before
            entry = {"kill": kill + 1, "at": round(killed_at, 1),
                     "lost_s": round(last_written - newest_row(standby_port, password), 1)}
            losses.append(entry)
            print(json.dumps(entry), flush=True)
    finally:
        follower.send_signal(signal.SIGTERM)
        follower.wait(60)
    lost = [e["lost_s"] for e in losses]
    cycles = published_cycles(o_home)
    lengths = [c["published"] - c["started"] for c in cycles if "+inc_" in (c["bundle"] or "")]
    windows = [later["published"] - earlier["snapshot"] for earlier, later in zip(cycles, cycles[1:])
               if earlier["pid"] == later["pid"] and "+inc_" in (later["bundle"] or "")]  # one worker's life
    applies = apply_times(c_home)
    print(f"\n{args.rpo_kills} kills in {(time.perf_counter() - wall_start) / 60:.1f} min; load average "
          f"{load_start[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    print(f"data lost at the kills: worst {max(lost):.1f} s, median {statistics.median(lost):.1f} s "
          f"({', '.join(f'{v:.1f}' for v in lost)})")
    if windows:
        print(f"snapshot to the next publish, {len(windows)} increments: worst {max(windows):.1f} s, median "
              f"{statistics.median(windows):.1f} s (the loss a kill just before a publish would have)")
    if lengths:
        print(f"official's incremental cycle, {len(lengths)}: median {statistics.median(lengths):.1f} s, "
              f"worst {max(lengths):.1f} s")
    if applies:
        print(f"contingency apply step, {len(applies)} increments: median {statistics.median(applies):.2f} s, "
              f"worst {max(applies):.2f} s")


if __name__ == "__main__":
    main()
