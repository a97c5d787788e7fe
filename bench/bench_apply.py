"""The contingency's apply of one increment in place, at any size (4 GB: the goal is 2 s).

    python3 bench/bench_apply.py --db store4000.db --work DIR [--rounds 3] [--steps] [--check] [--code CHECKOUT]

Two copies of the database in DIR: the live one, and a target with 0.1 % of the rows of the
prices, the sales history and the product photos changed (as bench_delta's); the delta from the
live copy to the target and the one back. Each round patches the live copy forward and then back
(``apply.apply_in_place`` with ``increment_check = pages``: journal of the old pages, fsync, pages
written, fsync), with the live file's pages in the system's cache (warm) and evicted first
(``posix_fadvise(DONTNEED)`` on that file alone: cold, as after a night of other work), and
reports wall and CPU time; ``--steps`` prints each patch's steps (the delta's check, the journal,
the pages with their fsync, the commit); ``--check`` adds one ``quick_check`` of the patched file. The live
copy ends byte-identical to the target after a forward patch (checked once). ``--code`` imports
``app`` from another checkout (an older version, run in turn with this one on the same files).
"""

from __future__ import annotations

import argparse
import filecmp
import functools
import os
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

if "--code" in sys.argv:
    sys.path.insert(0, sys.argv[sys.argv.index("--code") + 1])
else:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app.delta import apply as in_place  # noqa: E402
from app.delta.sqlite_pages import compute, read_header  # noqa: E402
from app.engines import get_engine  # noqa: E402
from app.engines.sqlite import run_check  # noqa: E402
from app.settings.model import DatabaseSettings  # noqa: E402
from bench_delta import SMALL_CHANGE, change  # noqa: E402


#: the apply's steps, in order, and the seconds each took in the last patch (``--steps``)
STEPS = ("check_records", "_check_live", "_prefetch", "_write_journal", "_write_pages", "commit")
step_times: dict[str, float] = {}


def time_steps() -> None:
    """Each step of ``apply_in_place`` timed (wrapped in the module, the code itself unchanged)."""
    for name in STEPS:
        def timed(*args, _step=getattr(in_place, name), _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _step(*args, **kwargs)
            finally:
                step_times[_name] = step_times.get(_name, 0.0) + time.perf_counter() - start
        setattr(in_place, name, functools.wraps(getattr(in_place, name))(timed))


def evict(path: Path) -> None:
    """The file's pages out of the system's cache (this file only: other work keeps its cache)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def patch(delta: Path, live: Path, cold: bool) -> tuple[float, float]:
    header = read_header(delta)
    expected = in_place.identity_of(live, header.base_sha256)
    engine = get_engine(DatabaseSettings(engine="sqlite", path=str(live)))
    if cold:
        evict(live)
    step_times.clear()
    cpu, start = time.process_time(), time.perf_counter()
    in_place.apply_in_place(delta, live, expected, thorough=False, quick=False, lock=engine.lock_live,
                            on_checked=lambda *_: None)
    return time.perf_counter() - start, time.process_time() - cpu


def prepare(db: Path, work: Path) -> tuple[Path, Path, Path, int]:
    work.mkdir(parents=True, exist_ok=True)
    live, target = work / "live.db", work / "target.db"
    forward, back = work / "forward.delta", work / "back.delta"
    if not (live.exists() and target.exists() and forward.exists() and back.exists()):
        shutil.copyfile(db, live)
        shutil.copyfile(db, target)
        change(target, SMALL_CHANGE)
        compute(live, target, forward)
        compute(target, live, back)
    return live, forward, back, read_header(forward).changed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--steps", action="store_true", help="print each patch's steps")
    parser.add_argument("--code", type=Path, help="the checkout whose app is measured")
    args = parser.parse_args()
    if args.steps:
        time_steps()
    live, forward, back, changed = prepare(args.db, args.work)
    size_mb = live.stat().st_size / 1e6
    print(f"{in_place.__file__}: {size_mb:.0f} MB, {changed} pages changed ({changed * read_header(forward).page_size / 1e6:.1f} MB); "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    times: dict[str, list[tuple[float, float]]] = {"warm": [], "cold": []}
    for round_ in range(args.rounds):
        for kind in ("warm", "cold"):
            times[kind].append(patch(forward, live, kind == "cold"))
            if args.steps:
                wall, _ = times[kind][-1]
                print(f"  {kind} patch {wall:.2f} s: " + ", ".join(f"{name.strip('_')} {step_times.get(name, 0):.2f}"
                                                              for name in STEPS))
            if round_ == 0 and kind == "warm":
                assert filecmp.cmp(live, args.work / "target.db", shallow=False), "the patched copy is the target"
            patch(back, live, kind == "cold")
    for kind, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"patch in place, {kind}: median {statistics.median(walls):.2f} s (CPU {statistics.median(cpus):.2f} s), "
              f"runs {', '.join(f'{w:.2f}' for w in walls)} s")
    if args.check:
        conn = sqlite3.connect(live)
        start = time.perf_counter()
        _, verdict = run_check(conn, live, False)
        conn.close()
        print(f"quick_check: {time.perf_counter() - start:.1f} s ({verdict})")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
