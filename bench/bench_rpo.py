"""The recovery point, measured: data lost when the official dies, with the real workers.

    python3 bench/bench_rpo.py --db store500.db --work DIR [--mode interval|continuous] [--kills 5]

The realistic store database (``bench/store_db.py``) on an official whose worker (``contingencia
service``) publishes into a folder, with a one-minute incremental interval (``--mode interval``)
or continuous mode (``--mode continuous``, at most one bundle every 10 s); a writer process
commits a row with its time into the database every 0.2 s; two contingency workers follow the
folder (polling every 5 s), one with ``contingency.increment_check = pages``, one with
``quick_check``. Once the official published an increment since it started (steady state), at a random
moment (20-140 s later) it dies: its worker and the writer get SIGKILL at the same instant. The data lost is the time of the last row the official wrote
less the time of the newest row a contingency has once it applied everything the folder holds;
then the official starts again (its worker, then the writer) for the next kill. Reported: the
loss at each kill, worst and median; from the official's journal, for every cycle, the time from
the previous published snapshot (its backup step's start) to its publish (the worst case the
schedule allows, whenever the official had died), and the cycles' lengths; from the
contingencies' journals, each increment's apply step, by check. Wall time, CPU time of the
processes measured (the workers, from /proc), and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.journal import Journal, StateKey  # noqa: E402
from app.markers import MARKER_NAME, Marker  # noqa: E402
from app.paths import Home  # noqa: E402
from app.settings.model import Settings  # noqa: E402
from app.settings.store import SettingsStore  # noqa: E402

WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
while True:
    conn.execute("INSERT INTO rpo_probe(written) VALUES (?)", (time.time(),))
    time.sleep(0.2)
"""
CHECKS = ("pages", "quick_check")


def environment(home: Home) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CONTINGENCIA_SECRETS_FILE=str(home.root / "secrets.json"))
    env.pop("CONTINGENCIA_HOME", None)
    return env


def start_worker(home: Home) -> subprocess.Popen:
    log = open(home.root / "worker.out", "ab")
    return subprocess.Popen([sys.executable, "-m", "app.cli", "--home", str(home.root), "service"],
                            env=environment(home), stdout=log, stderr=log)


def cpu_s(proc: subprocess.Popen) -> float:
    """User + system CPU of a running process, from /proc."""
    try:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def newest_row(db: Path) -> float:
    conn = sqlite3.connect(db, timeout=60)  # read-write: a writer killed mid-commit leaves a hot journal
    try:
        return conn.execute("SELECT max(written) FROM rpo_probe").fetchone()[0] or 0.0
    finally:
        conn.close()


def wait_for(predicate, timeout: float, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise SystemExit("condition not reached in time")


def setup(db: Path, work: Path, mode: str) -> tuple[Home, list[Home], Path]:
    if work.exists():
        shutil.rmtree(work)
    shared = work / "shared"
    shared.mkdir(parents=True)
    official_home = Home.resolve(work / "official").ensure()
    live = official_home.root / "store.db"
    shutil.copyfile(db, live)
    conn = sqlite3.connect(live)
    conn.execute("CREATE TABLE rpo_probe (id INTEGER PRIMARY KEY, written REAL NOT NULL)")
    conn.close()
    official = Settings(enabled=True, mode="official", machine_name="OFICIAL")
    official.database.path = str(live)
    official.official.destination1.path = str(shared)
    official.official.interval_min = 1440
    official.official.incremental_interval_min = 1 if mode == "interval" else 0
    official.official.continuous = mode == "continuous"
    SettingsStore(official_home).save(official)
    contingencies = []
    for check in CHECKS:
        home = Home.resolve(work / f"contingency-{check}").ensure()
        settings = Settings(enabled=True, mode="contingency", machine_name=f"CONT-{check}")
        settings.database.path = str(home.root / "store.db")
        settings.contingency.source.path = str(shared)
        settings.contingency.poll_interval_s = 5
        settings.contingency.increment_check = check
        SettingsStore(home).save(settings)
        contingencies.append(home)
    return official_home, contingencies, shared


def marker_sequence(shared: Path) -> int:
    try:
        return Marker.parse((shared / MARKER_NAME).read_text()).sequence
    except FileNotFoundError:
        return 0


def newest_increment(home: Home, after: int) -> bool:
    """An incremental bundle with a sequence above ``after`` was published (this worker's life)."""
    run = Journal(home.journal_file).last_run("backup", ("ok",))
    return run is not None and (run.sequence or 0) > after and "+inc_" in (run.bundle or "")


def applied_marker(home: Home, shared: Path) -> bool:
    """The contingency's live copy is what the folder's marker names."""
    marker = Marker.parse((shared / MARKER_NAME).read_text())
    restored = Journal(home.journal_file).get_state(StateKey.CHAIN_APPLIED) or {}
    return restored.get("bundle") == marker.bundle


def published_cycles(home: Home) -> list[dict]:
    """Every published backup cycle, oldest first: its snapshot (backup step start) and its end."""
    journal = Journal(home.journal_file)
    found = []
    for run in reversed(journal.runs(100000, "backup")):
        if run.result not in ("ok", "partial") or run.finished is None:
            continue
        backup = next((s for s in journal.steps(run.id) if s["name"] == "backup"), None)
        found.append({"run": run.id, "pid": run.pid, "snapshot": backup["started"] if backup else run.started,
                      "started": run.started, "published": run.finished, "bundle": run.bundle})
    return found


def apply_times(home: Home) -> list[float]:
    journal = Journal(home.journal_file)
    times = []
    for run in journal.runs(100000, "restore"):
        times += [s["finished"] - s["started"] for s in journal.steps(run.id)
                  if s["name"] == "apply" and s["finished"] and s["result"] == "ok"]
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--mode", choices=("interval", "continuous"), default="interval")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--between", type=float, nargs=2, default=(20.0, 140.0), metavar=("MIN_S", "MAX_S"),
                        help="how long the official lives before each kill, at random between the two")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    official_home, contingencies, shared = setup(args.db, args.work, args.mode)
    live = official_home.root / "store.db"
    load_start, wall_start = os.getloadavg(), time.perf_counter()
    cpu = {"official": 0.0, **{c: 0.0 for c in CHECKS}}
    followers = [start_worker(home) for home in contingencies]
    losses: list[dict] = []
    try:
        for kill in range(args.kills):
            before = marker_sequence(shared)
            official = start_worker(official_home)
            writer = subprocess.Popen([sys.executable, "-c", WRITER, str(live)])
            # steady state: an increment published since the start (the start's own cycle may be full)
            wait_for(lambda: newest_increment(official_home, after=before), 900)
            wait_for(lambda: all(applied_marker(h, shared) for h in contingencies), 600)
            time.sleep(rng.uniform(*args.between))
            cpu["official"] += cpu_s(official)
            for proc in (official, writer):
                proc.send_signal(signal.SIGKILL)
            for proc in (official, writer):
                proc.wait()
            killed_at = time.time()
            last_written = newest_row(live)
            wait_for(lambda: all(applied_marker(h, shared) for h in contingencies), 120)
            entry = {"kill": kill + 1, "at": killed_at}
            for check, home in zip(CHECKS, contingencies):
                entry[check] = last_written - newest_row(home.root / "store.db")
            losses.append(entry)
            print(json.dumps(entry), flush=True)
    finally:
        for check, proc in zip(CHECKS, followers):
            cpu[check] = cpu_s(proc)
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
    report(args, official_home, contingencies, losses, cpu, load_start, time.perf_counter() - wall_start)


def report(args, official_home: Home, contingencies: list[Home], losses: list[dict], cpu: dict,
           load_start: tuple, wall: float) -> None:
    cycles = published_cycles(official_home)
    windows = [later["published"] - earlier["snapshot"] for earlier, later in zip(cycles, cycles[1:])
               if earlier["pid"] == later["pid"] and "+inc_" in (later["bundle"] or "")]  # one worker's life
    lengths = [c["published"] - c["started"] for c in cycles if "+inc_" in (c["bundle"] or "")]
    print(f"\nmode {args.mode}, {args.kills} kills, {wall / 60:.1f} min; load average "
          f"{load_start[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    for check in CHECKS:
        lost = [entry[check] for entry in losses]
        print(f"data lost at the kills ({check} contingency): worst {max(lost):.1f} s, median "
              f"{statistics.median(lost):.1f} s ({', '.join(f'{v:.1f}' for v in lost)})")
    if windows:
        print(f"snapshot to the next publish, {len(windows)} increments: worst {max(windows):.1f} s, median "
              f"{statistics.median(windows):.1f} s")
    if lengths:
        print(f"official's incremental cycle: median {statistics.median(lengths):.1f} s, worst {max(lengths):.1f} s; "
              f"official worker CPU {cpu['official']:.0f} s")
    for check, home in zip(CHECKS, contingencies):
        times = apply_times(home)
        if times:
            print(f"contingency apply ({check}), {len(times)} increments: median {statistics.median(times):.2f} s, "
                  f"worst {max(times):.2f} s; worker CPU {cpu[check]:.0f} s")


if __name__ == "__main__":
    main()
