"""SQLite page deltas against full bundles, on the realistic store database.

    python3 bench/bench_delta.py [--size-mb 500] [--keep DIR] [--db GENERATED.db] [--file-copies] [--cycles]
    python3 bench/bench_delta.py --db GENERATED.db --snapshot-cycles 2 [--writer-pause 0.5]
    python3 bench/bench_delta.py --db GENERATED.db --official-steps 2     # the official's increment alone (4 GB)

The official's backup step makes a copy (the base), 0.1 % of the rows of the prices, the sales
history and the product photos change (random rows), it makes the next copy (the target); then
the same with every row of those tables changed. For each: the changed pages, the delta's size raw and deflated the
way a bundle deflates (level 6: isal 2; level 8: zlib 6), the time to compute it on the official
from the two copies, the time to apply it on the contingency (base -> verified staging copy),
against the full bundle (the target copy deflated the same way). The database comes from
``bench/store_db.py`` when it is there, else from ``bench_core``'s generator.

Then what the pipeline does with it: the incremental bundle as published (its bytes against the
changed pages alone, deflated), the patch in place on a copy of the base (``apply.apply_in_place``:
journal of the old pages, pages written, fsync) with and without its ``quick_check``, and, with
``--cycles``, whole cycles through ``run_official`` / ``run_contingency`` over a folder (full, then
incremental), from which the recovery point at a one-minute interval follows. ``--file-copies``
makes the two copies by copying the file and changing the second one in place instead of the
backup step (for 4 GB, where the backup step's integrity_check alone takes minutes).
"""

from __future__ import annotations

import argparse
import copy
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

from app import bundle as bundles  # noqa: E402
from app.bundle import deflate_for  # noqa: E402
from app.delta import apply as in_place  # noqa: E402
from app.delta import page_hashes  # noqa: E402
from app.delta.sqlite_pages import _records, apply, compute, read_header  # noqa: E402
from app.engines.sqlite import run_check  # noqa: E402
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


def next_copy(root: Path, name: str, engine, base: Path, db: Path, where: str, file_copies: bool):
    """The target copy after the change: by the backup step, or (``file_copies``) a copy of the
    base changed in place (a consistent file too: closed, in rollback-journal mode)."""
    work = root / f"work-{name}"
    work.mkdir()
    if not file_copies:
        rows = change(db, where)
        [target] = engine.backup(work)
        return rows, target
    target = work / "store.sqlite"
    shutil.copyfile(base, target)
    return change(target, where), target


def changed_pages_deflated(delta: Path, level: int) -> int:
    """The changed pages alone (no page numbers, no header), deflated as a bundle deflates."""
    header = read_header(delta)
    pages = delta.with_name(delta.name + ".pages")
    with open(pages, "wb") as out:
        for _, page, _ in _records(delta, header):
            out.write(page)
    try:
        return deflated_size(pages, level)
    finally:
        pages.unlink()


def incremental_bundle_size(delta: Path, root: Path, level: int) -> int:
    out = root / "bundle-out"
    out.mkdir(exist_ok=True)
    made = bundles.create([delta], out, database="store", engine="sqlite", sequence=2, epoch=1, level=level,
                          source_host="bench", chain={"kind": "incremental", "chain": 1, "base_sequence": 1})
    size = made.size
    made.path.unlink()
    return size


def patch_in_place(delta: Path, base: Path, root: Path, quick: bool) -> dict:
    """Patch a copy of the base in place as the contingency does; the patch's and the check's time."""
    live = root / "contingency-live" / "store.db"
    live.parent.mkdir(exist_ok=True)
    shutil.copyfile(base, live)
    header = read_header(delta)
    expected = in_place.identity_of(live, header.base_sha256)
    contingency = get_engine(DatabaseSettings(engine="sqlite", path=str(live)))
    _, patch_s, patch_cpu = timed_cpu(lambda: in_place.apply_in_place(
        delta, live, expected, thorough=False, quick=False, lock=contingency.lock_live,
        on_checked=lambda *_: None))
    check_s = 0.0
    if quick:
        conn = sqlite3.connect(live)
        (_, verdict), check_s = timed(run_check, conn, live, False)
        conn.close()
        assert verdict == "ok", verdict
    return {"patch_s": patch_s, "patch_cpu": patch_cpu, "check_s": check_s, "live": live}


def scenario(root: Path, name: str, engine, base: Path, db: Path, where: str, file_copies: bool = False) -> dict:
    rows, target = next_copy(root, name, engine, base, db, where, file_copies)
    delta = root / f"{name}.delta"
    header, compute_s, compute_cpu = timed_cpu(compute, base, target, delta)
    kept = page_hashes.write(base, root / f"{name}.base.pages")
    by_hashes = root / f"{name}.by-hashes.delta"
    hashed, hashes_s, hashes_cpu = timed_cpu(page_hashes.compute, base, kept, target, by_hashes,
                                             root / f"{name}.target.pages")
    same_delta = hashed == header and filecmp.cmp(delta, by_hashes, shallow=False)
    by_hashes.unlink()
    contingency = root / f"contingency-{name}"
    contingency.mkdir()
    local_base = contingency / "store.db"
    shutil.copyfile(base, local_base)
    staging = contingency / "store.db.staging"
    _, apply_s, apply_cpu = timed_cpu(apply, delta, local_base, staging)
    identical = filecmp.cmp(staging, target, shallow=False)
    shutil.rmtree(contingency)
    patched = patch_in_place(delta, base, root, quick=True)
    patched_identical = filecmp.cmp(patched.pop("live"), target, shallow=False)
    result = {"name": name, "rows": rows, "changed": header.changed, "pages": header.target_pages,
              "page_size": header.page_size, "raw": delta.stat().st_size, "compute_s": compute_s,
              "compute_cpu": compute_cpu, "hashes_s": hashes_s, "hashes_cpu": hashes_cpu, "same_delta": same_delta,
              "hashes_size": (root / f"{name}.target.pages").stat().st_size, "apply_s": apply_s, "apply_cpu": apply_cpu, "identical": identical,
              "db": target.stat().st_size, "patched_identical": patched_identical, **patched,
              "shipped_6": incremental_bundle_size(delta, root, 6), "pages_6": changed_pages_deflated(delta, 6)}
    for level in LEVELS:
        result[f"delta_{level}"] = deflated_size(delta, level)
        result[f"full_{level}"] = deflated_size(target, level)
    delta.unlink()
    return result | {"target": target}


def show(r: dict) -> None:
    mb = 1e6
    print(f"\n{r['name']}: {r['rows']:,} rows changed; {r['changed']:,} of {r['pages']:,} pages "
          f"({100 * r['changed'] / r['pages']:.2f} %), page size {r['page_size']}; result byte-identical: "
          f"{r['identical']}")
    print(f"  delta raw {r['raw'] / mb:.1f} MB; compute on the official {r['compute_s']:.2f} s "
          f"(CPU {r['compute_cpu']:.2f} s); apply on the contingency {r['apply_s']:.2f} s (CPU {r['apply_cpu']:.2f} s)")
    print(f"  compute from the kept page hashes (new copy read once, kept copy at the changed pages) "
          f"{r['hashes_s']:.2f} s (CPU {r['hashes_cpu']:.2f} s); the same delta: {r['same_delta']}; "
          f"page hashes {r['hashes_size'] / 1e6:.2f} MB")
    for level in LEVELS:
        method, _ = deflate_for(level)
        d, f = r[f"delta_{level}"], r[f"full_{level}"]
        print(f"  level {level} ({method}): delta {d / mb:.2f} MB, full bundle {f / mb:.1f} MB, {f / d:.1f}x less")
    print(f"  incremental bundle as published (level 6) {r['shipped_6'] / mb:.2f} MB; the changed pages alone "
          f"deflated {r['pages_6'] / mb:.2f} MB: {r['shipped_6'] / r['pages_6']:.2f}x")
    print(f"  patch in place (journal of the old pages, pages written, fsync) {r['patch_s']:.2f} s "
          f"(CPU {r['patch_cpu']:.2f} s), then quick_check {r['check_s']:.2f} s; byte-identical: "
          f"{r['patched_identical']}")


def steps_of(home) -> str:
    """The last run's steps and their wall times, from the journal."""
    from app.journal import Journal
    journal = Journal(home.journal_file)
    steps = journal.steps(journal.runs()[0].id)
    return ", ".join(f"{s['name']} {(s['finished'] or s['started']) - s['started']:.1f} s" for s in steps)


def cycles(root: Path, db: Path) -> None:
    """Whole cycles through the pipeline over a folder: full, then incremental, then every row."""
    from app.cycles import run_contingency, run_official
    from app.markers import MARKER_NAME, Marker
    from app.paths import Home
    from app.settings.model import Settings
    shared = root / "shared"
    shared.mkdir()
    official = Settings(enabled=True, mode="official", machine_name="OFICIAL")
    official.database.path = str(db)
    official.official.destination1.path = str(shared)
    official.official.interval_min, official.official.incremental_interval_min = 1440, 1
    contingency = Settings(enabled=True, mode="contingency", machine_name="CONTINGENCIA")
    contingency.database.path = str(root / "contingency-live" / "cycles.db")
    contingency.contingency.source.path = str(shared)
    homes = [Home.resolve(root / name).ensure() for name in ("official-home", "contingency-home")]
    print("\nwhole cycles (folder destination, level 6):")
    timings = {}

    def cycle(label: str, settings=None) -> None:
        for mode, run, home, config in (("official", run_official, homes[0], official),
                                        ("contingency", run_contingency, homes[1], settings or contingency)):
            (result, wall, cpu) = timed_cpu(run, config, home)
            assert result.result == "ok", result.message
            marker = Marker.parse((shared / MARKER_NAME).read_text())
            timings[(label, mode)] = wall
            if mode == "official":
                print("   ", steps_of(home))
            print(f"  {label}, {mode}: {wall:.1f} s (CPU {cpu:.1f} s); {marker.kind} bundle "
                  f"{marker.size / 1e6:.2f} MB; {result.message[-90:]}")

    cycle("first (full)")
    change(db, SMALL_CHANGE)
    cycle("0.1 % of rows (quick_check)")
    change(db, SMALL_CHANGE)
    pages = copy.deepcopy(contingency)
    pages.contingency.increment_check = "pages"
    cycle("0.1 % of rows (pages check)", pages)
    change(db, "1")
    cycle("every row")
    publish = timings[("0.1 % of rows (quick_check)", "official")]
    print(f"  recovery point at a one-minute interval: at most 60 s + {publish:.1f} s (the incremental cycle "
          f"from its backup to its marker) = {60 + publish:.0f} s, {30 + publish:.0f} s on average")


WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=120, isolation_level=None)
conn.execute("CREATE TABLE IF NOT EXISTS bench_writer (id INTEGER PRIMARY KEY, at REAL)")
log = open(sys.argv[2], "a", buffering=1)
while True:
    start = time.time()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO bench_writer (at) VALUES (?)", (start,))
    conn.execute("COMMIT")
    log.write(f"{start} {time.time() - start}\\n")
    time.sleep(float(sys.argv[3]))
"""


def longest_block(log: Path, start: float, end: float) -> float:
    """The longest commit of the writer that started between ``start`` and ``end``."""
    waits = [float(w) for at, w in (line.split() for line in log.read_text().splitlines()) if start <= float(at) <= end]
    return max(waits, default=0.0)


def snapshot_cycles(root: Path, db: Path, rounds: int, pause_s: float) -> None:
    """The official's incremental cycle from a snapshot of the live database (now) against the
    same cycle from the backup API's copy (before: the snapshot refused), interleaved, with a
    writer committing a row every ``pause_s`` seconds in another process: the wall and CPU time,
    the writer's longest commit during the cycle, the bundle, and the contingency's apply with
    ``increment_check = pages``."""
    import subprocess
    from app.cycles import run_contingency, run_official
    from app.delta import chain, snapshot
    from app.markers import MARKER_NAME, Marker
    from app.paths import Home
    from app.phrases import Phrase
    from app.settings.model import Settings
    shared = root / "shared"
    shared.mkdir()
    official = Settings(enabled=True, mode="official", machine_name="OFICIAL")
    official.database.path = str(db)
    official.database.busy_timeout_s = 120
    official.official.destination1.path = str(shared)
    official.official.interval_min, official.official.incremental_interval_min = 1440, 1
    contingency = Settings(enabled=True, mode="contingency", machine_name="CONTINGENCIA")
    contingency.database.path = str(root / "contingency-live" / "cycles.db")
    contingency.contingency.source.path = str(shared)
    contingency.contingency.increment_check = "pages"
    homes = [Home.resolve(root / name).ensure() for name in ("official-home", "contingency-home")]
    real_from_live = chain.from_live

    def refused(*args, **kwargs):
        raise snapshot.NoSnapshot(Phrase("the database cannot be read now: %1", ("benchmark: before",)))

    def cycle(label: str, how: str = "", check: str = "quick_check") -> None:
        chain.from_live = refused if how == "copy" else real_from_live
        official.official.increment_check = check
        load = os.getloadavg()[0]
        start = time.time()
        result, wall, cpu = timed_cpu(run_official, official, homes[0])
        assert result.result == "ok", result.message
        blocked = longest_block(log, start, time.time())
        marker = Marker.parse((shared / MARKER_NAME).read_text())
        print(f"  {label}: official {wall:.1f} s (CPU {cpu:.1f} s), load {load:.1f}; writer's longest commit "
              f"{blocked:.2f} s; {marker.kind} bundle {marker.size / 1e6:.2f} MB; {steps_of(homes[0])}")
        result, wall, cpu = timed_cpu(run_contingency, contingency, homes[1])
        assert result.result == "ok", result.message
        print(f"    contingency (increment_check = pages) {wall:.1f} s (CPU {cpu:.1f} s); {result.message[-80:]}")

    log = root / "writer.log"
    log.touch()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(log), str(pause_s)])
    try:
        print(f"\nincremental cycles, a writer committing a row every {pause_s} s "
              f"(journal mode {sqlite3.connect(db).execute('PRAGMA journal_mode').fetchone()[0]}):")
        cycle("first (full, backup API)", "copy")
        for _ in range(rounds):
            for label, how, check in (("before: backup API copy", "copy", "quick_check"),
                                      ("snapshot, official quick_check", "", "quick_check"),
                                      ("snapshot, official pages", "", "pages")):
                change(db, SMALL_CHANGE)
                cycle(f"0.1 % of rows, {label}", how, check)
    finally:
        writer.kill()
        chain.from_live = real_from_live


def official_steps(root: Path, db: Path, rounds: int, pause_s: float) -> None:
    """The official's increment alone, without the publish and the contingency (at 4 GB the
    first full cycle's integrity_check takes a quarter of an hour here): from a snapshot of the
    live database (the delta's pass, the kept copy patched in place, then ``quick_check`` of it or
    no check) against the backup API's copy (copy, the pass over it, its ``quick_check``),
    interleaved, a writer committing a row every ``pause_s`` seconds meanwhile. The kept copy at
    the start is a copy of the file (quiet: no writer yet)."""
    import subprocess
    from app.delta import chain
    from app.engines.sqlite import BackgroundCheck
    from app.journal import Journal, StateKey
    from app.paths import Home
    home = Home.resolve(root / "official-home").ensure()
    journal = Journal(home.journal_file)
    work_root = root / "official-work"
    folder = chain.chain_dir(work_root)
    folder.mkdir(parents=True)
    sqlite3.connect(db).execute("SELECT count(*) FROM sqlite_master").fetchone()  # a hot journal played back
    _, wall = timed(shutil.copyfile, db, folder / chain.BASE_FILE)
    kept = page_hashes.write(folder / chain.BASE_FILE, folder / chain.HASHES_FILE)
    print(f"\nthe official's increment at {db.stat().st_size / 1e6:.0f} MB (kept copy by a file copy {wall:.0f} s), "
          f"a writer committing a row every {pause_s} s:")

    def record(sha256: str) -> None:
        journal.set_state(StateKey.OFFICIAL_CHAIN, {"chain": 1, "sequence": 1, "bundle": "b", "size": 1,
                                                    "sha256": "0" * 64, "result_sha256": sha256})

    def check(path: Path) -> float:
        start = time.perf_counter()
        verdict = BackgroundCheck(path, thorough=False)
        verdict.wait()
        assert verdict.verdict == "ok", verdict.verdict
        return time.perf_counter() - start

    def from_copy(work: Path) -> str:
        engine = get_engine(DatabaseSettings(engine="sqlite", path=str(db), busy_timeout_s=120))
        copy_at = work / "store.sqlite"
        start = time.perf_counter()
        engine._copy(copy_at, None)
        copied = time.perf_counter() - start
        header = page_hashes.compute(folder / chain.BASE_FILE, page_hashes.read(folder / chain.HASHES_FILE),
                                     copy_at, work / "store.delta", work / "store.pages", share=chain.FULL_INSTEAD_SHARE)
        passed = time.perf_counter() - start - copied
        checked = check(copy_at)
        os.replace(copy_at, folder / chain.BASE_FILE)
        os.replace(work / "store.pages", folder / chain.HASHES_FILE)
        record(header.target_sha256)
        return (f"copy {copied:.1f} s, pass {passed:.1f} s, quick_check {checked:.1f} s; "
                f"{header.changed:,} pages, delta {(work / 'store.delta').stat().st_size / 1e6:.1f} MB")

    def from_snapshot(work: Path, quick: bool) -> str:
        start = time.perf_counter()
        nxt = chain.from_live(journal, db, "store", work, work_root, busy_timeout_s=120)
        passed = time.perf_counter() - start
        chain.patch_kept(nxt, work_root)
        patched = time.perf_counter() - start - passed
        checked = check(folder / chain.BASE_FILE) if quick else 0.0
        record(nxt.fields["result_sha256"])
        return (f"pass {passed:.1f} s, patch {patched:.1f} s, quick_check {checked:.1f} s; "
                f"{nxt.fields['changed_pages']:,} pages, delta {nxt.files[0].stat().st_size / 1e6:.1f} MB")

    record(kept.copy_sha256)
    log = root / "writer.log"
    log.write_text("")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(log), str(pause_s)])
    try:
        for turn in range(rounds):
            for label, make in (("before: backup API copy", from_copy),
                                ("snapshot, official quick_check", lambda w: from_snapshot(w, True)),
                                ("snapshot, official pages", lambda w: from_snapshot(w, False))):
                change(db, SMALL_CHANGE)
                work = root / f"work-{turn}-{label[:6]}"
                work.mkdir()
                load, start = os.getloadavg()[0], time.time()
                said, wall, cpu = timed_cpu(make, work)
                print(f"  {label}: {wall:.1f} s (CPU {cpu:.1f} s), load {load:.1f}; writer's longest commit "
                      f"{longest_block(log, start, time.time()):.2f} s; {said}")
                shutil.rmtree(work)
    finally:
        writer.kill()
        writer.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--keep", default=None, help="work in this folder and keep it")
    parser.add_argument("--db", default=None, help="start from a copy of this generated database")
    parser.add_argument("--file-copies", action="store_true",
                        help="make the copies by copying the file, not by the backup step (4 GB)")
    parser.add_argument("--cycles", action="store_true", help="also run whole cycles through the pipeline")
    parser.add_argument("--snapshot-cycles", type=int, default=0, metavar="ROUNDS",
                        help="only whole incremental cycles: the snapshot against the backup API's copy, "
                             "interleaved, ROUNDS times, with a writer at work (any size, 4 GB too)")
    parser.add_argument("--official-steps", type=int, default=0, metavar="ROUNDS",
                        help="only the official's increment (no publish, no contingency): the snapshot against "
                             "the backup API's copy, interleaved, ROUNDS times, with a writer at work")
    parser.add_argument("--writer-pause", type=float, default=0.5, help="seconds between the writer's commits")
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
        if args.official_steps:
            official_steps(root, db, args.official_steps, args.writer_pause)
            print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
            return
        if args.snapshot_cycles:
            snapshot_cycles(root, db, args.snapshot_cycles, args.writer_pause)
            print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
            return
        engine = get_engine(DatabaseSettings(engine="sqlite", path=str(db)))
        (root / "work-base").mkdir()
        if args.file_copies:
            base = root / "work-base" / "store.sqlite"
            shutil.copyfile(db, base)
        else:
            [base] = engine.backup(root / "work-base")
        small = scenario(root, "0.1 % of rows", engine, base, db, SMALL_CHANGE, args.file_copies)
        show(small)
        if not args.file_copies:
            full = scenario(root, "every row", engine, small["target"], db, "1")
            show(full)
        if args.cycles:
            for leftover in root.glob("work-*"):
                shutil.rmtree(leftover, ignore_errors=True)
            cycles(root, db)
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
