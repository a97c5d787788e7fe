"""Official and contingency on the realistic store database, side by side with the plain scripts.

    python3 bench/bench_core.py [--size-mb 500] [--level 6] [--repeat 2] [--keep DIR]
    python3 bench/bench_core.py --side contingency --keep DIR [--size-mb 4000] [--repeat 3]
    python3 bench/bench_core.py --side official [--size-mb 500] [--repeat 3]

Everything runs in one process tree, interleaved (ours, plain, plain with checks, again):

- official: ``contingencia backup-now`` against the plain script a technician would write
  (``sqlite3 db ".backup copy"``, ``zip -6``, ``cp`` to the shared folder) and against the
  plain script with the same checks (``PRAGMA integrity_check`` on the copy, ``sha256sum``);
- contingency: ``contingencia restore-now`` (steady state: ``quick_check``; and with the full
  check that runs once a day) against ``cp`` + ``unzip`` + ``mv`` and against the same with
  ``sha256sum -c`` and ``PRAGMA integrity_check`` before the ``mv``;
- sizes: our bundle against ``zip -6`` and ``zstd -3``;
- peak memory (maximum resident set) of each of our commands;
- marker-to-swap: a running ``contingencia service`` polling every second, from the moment the
  official's marker is written to the moment the live file is replaced;
- ``contingencia status``: wall and CPU time.

The database is bench/store_db.py's (products, prices, label bitmaps and photos as blobs,
sales history with its index). Our commands are the real command line in subprocesses, as a
technician runs them (their start-up is included), from bytecode as an installed program
runs (the bytecode is written once before the timings).

``--side contingency`` measures only ``restore-now`` against ``cp`` + ``unzip`` + ``mv``,
interleaved, ``--repeat`` times: each side's bundle is made once (untimed) and, with ``--keep``,
kept for the next run of the script (at 4 GB the backups take minutes). ``--side official``
measures only ``backup-now`` against the plain script and the plain script with the checks,
interleaved, ``--repeat`` times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from app.paths import Home  # noqa: E402
from app.settings.model import Settings  # noqa: E402
from app.settings.store import SettingsStore  # noqa: E402
from store_db import generate, index_share  # noqa: E402

ENV = dict(os.environ, PYTHONPATH=str(ROOT), PYTHON_KEYRING_BACKEND="app.settings.secrets.FileKeyring")
ENV.pop("PYTHONDONTWRITEBYTECODE", None)  # ours runs from bytecode, as an installed program does


def run(*cmd: str, env: dict | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident MB) of one command and what it waited for."""
    global last_private_mb
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), env=env or ENV, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = PrivateMemory(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        last_private_mb = sampler.stop()
        if proc.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed: {errors.read()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


class PrivateMemory:
    """The highest private (anonymous) resident memory of a process, sampled every 10 ms.

    The resident set also counts the pages of files the process maps: SQLite's checks map the
    database file, whose pages are the system's file cache (shared, reclaimable), so the two are
    reported apart."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb = pid, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        status = Path(f"/proc/{self.pid}/status")
        while not self.done.wait(0.01):
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("RssAnon:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            except (OSError, ValueError):
                return

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak_kb // 1024


last_private_mb = 0


def sh(script: str) -> tuple[float, float, int]:
    return run("bash", "-euc", script)


def cli(home: Home | Path, *args: str) -> list[str]:
    root = home.root if isinstance(home, Home) else home
    return [sys.executable, "-m", "launcher.console", "--home", str(root), *args]


class Ours:
    """An official and a contingency home with a shared folder between them."""

    def __init__(self, root: Path, db: Path, level: int) -> None:
        self.shared = root / "ours-shared"
        self.shared.mkdir(exist_ok=True)
        self.official = Home.resolve(root / "ours-official").ensure()
        self.contingency = Home.resolve(root / "ours-contingency").ensure()
        self.live = root / "ours-live.db"
        official = Settings(enabled=True, mode="official", machine_name="OFICIAL")
        official.database.path = str(db)
        official.official.destination1.path = str(self.shared)
        official.official.compression = level
        official.official.work_folder = str(root / "ours-work")
        contingency = Settings(enabled=True, mode="contingency", machine_name="CONTINGENCIA")
        contingency.database.path = str(self.live)
        contingency.contingency.source.path = str(self.shared)
        contingency.contingency.poll_interval_s = 1
        self.contingency_settings = contingency
        SettingsStore(self.official).save(official)
        SettingsStore(self.contingency).save(contingency)

    def backup(self) -> tuple[float, float, int]:
        return run(*cli(self.official, "backup-now"))

    def restore(self, *, full_check: bool) -> tuple[float, float, int]:
        """A restore of the newest bundle: forget the last one so that it is restored again."""
        from app.journal import Journal, StateKey
        journal = Journal(self.contingency.journal_file)
        journal.delete_state(StateKey.LAST_RESTORED)
        if full_check:
            journal.delete_state(StateKey.LAST_FULL_CHECK)
        else:
            journal.set_state(StateKey.LAST_FULL_CHECK, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        return run(*cli(self.contingency, "restore-now"))

    def bundle_size(self) -> int:
        return max(self.shared.glob("*.zip"), key=lambda p: p.stat().st_mtime).stat().st_size


class Plain:
    """The plain scripts, with and without the checks."""

    def __init__(self, root: Path, db: Path, level: int) -> None:
        self.root, self.db, self.level = root, db, level
        self.work, self.shared, self.incoming = root / "plain-work", root / "plain-shared", root / "plain-incoming"
        for folder in (self.work, self.shared, self.incoming):
            folder.mkdir(exist_ok=True)
        self.live = root / "plain-live.db"

    def _clean(self) -> None:
        for folder in (self.work, self.incoming):
            for f in folder.iterdir():
                f.unlink()

    def backup(self, *, checks: bool) -> tuple[float, float, int]:
        self._clean()
        w, s = self.work, self.shared
        check = (f"test \"$(sqlite3 {w}/store.db 'PRAGMA integrity_check')\" = ok; " if checks else "")
        digest = f"(cd {w} && sha256sum store.zip > store.zip.sha256); cp {w}/store.zip.sha256 {s}/; " if checks else ""
        return sh(f"sqlite3 {self.db} '.backup {w}/store.db'; {check}"
                  f"zip -{self.level} -j -q {w}/store.zip {w}/store.db; {digest}cp {w}/store.zip {s}/store.zip")

    def restore(self, *, checks: bool) -> tuple[float, float, int]:
        self._clean()
        i, s = self.incoming, self.shared
        verify = f"cp {s}/store.zip.sha256 {i}/; (cd {i} && sha256sum -c --quiet store.zip.sha256); " if checks else ""
        check = f"test \"$(sqlite3 {i}/store.db 'PRAGMA integrity_check')\" = ok; " if checks else ""
        return sh(f"cp {s}/store.zip {i}/store.zip; {verify}unzip -q -o {i}/store.zip -d {i}; {check}"
                  f"mv {i}/store.db {self.live}")


def marker_to_swap(ours: Ours) -> tuple[float, float]:
    """Seconds from the marker written to the live file replaced, by a running service; and the
    duration of the backup that wrote it."""
    service = subprocess.Popen(cli(ours.contingency, "service"), env=ENV, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)  # started and idle: the bundle already there is restored or known
        before = ours.live.stat().st_ino if ours.live.exists() else None
        backup_wall, _, _ = ours.backup()
        marker = ours.shared / "BACKUPOK.TXT"
        written = marker.stat().st_mtime
        deadline = time.time() + 600
        while time.time() < deadline:
            if ours.live.exists() and ours.live.stat().st_ino != before:
                return time.time() - written, backup_wall
            time.sleep(0.02)
        raise SystemExit("the service did not restore the new bundle within 10 minutes")
    finally:
        service.terminate()
        service.wait(timeout=60)


def sizes(root: Path, db: Path) -> tuple[int, int]:
    zipped, zstd = root / "size.zip", root / "size.zst"
    subprocess.run(["zip", "-6", "-j", "-q", str(zipped), str(db)], check=True)
    subprocess.run(["zstd", "-3", "-q", "-f", str(db), "-o", str(zstd)], check=True)
    result = zipped.stat().st_size, zstd.stat().st_size
    zipped.unlink()
    zstd.unlink()
    return result


def status_time(home: Path) -> tuple[float, float]:
    runs = [run(*cli(home, "status")) for _ in range(5)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def breakdown(home: Home, kind: str) -> str:
    """Where the time of our last runs of ``kind`` went, from the journal's steps (a step that
    ran inside another, as the bundling inside the backup while its check runs, is apart)."""
    from app.journal import Journal
    journal = Journal(home.journal_file)
    lines = []
    for record in journal.runs(50, kind):
        if record.result != "ok":
            continue
        steps = journal.steps(record.id)
        parts = [f"{s['name']} {s['finished'] - s['started']:.1f} s" for s in steps if s["finished"]]
        lines.append(f"  run {record.id} ({record.finished - record.started:.1f} s in the cycle): " + ", ".join(parts))
    return "\n".join(reversed(lines))


def table(rows: list[tuple[str, list, list]]) -> None:
    print(f"| | ours | plain | ours / plain |\n| --- | ---: | ---: | ---: |")
    for label, ours, plain in rows:
        a, b = statistics.median(ours), statistics.median(plain)
        print(f"| {label} | {a:.1f} s | {b:.1f} s | **{a / b:.2f}** |")


def contingency_side(ours: Ours, plain: Plain, repeat: int) -> None:
    """``restore-now`` against ``cp`` + ``unzip`` + ``mv``, interleaved; the bundles made once."""
    if not (ours.shared / "BACKUPOK.TXT").exists():
        wall, _, _ = ours.backup()
        print(f"our bundle made in {wall:.0f} s (untimed)")
    if not (plain.shared / "store.zip").exists():
        wall, _, _ = plain.backup(checks=False)
        print(f"the plain zip made in {wall:.0f} s (untimed)")
    side_by_side([("`restore-now` (quick_check)", lambda: ours.restore(full_check=False)),
                  ("`cp` + `unzip` + `mv`", lambda: plain.restore(checks=False))],
                 repeat, ours.contingency, "restore")


def official_side(ours: Ours, plain: Plain, repeat: int) -> None:
    """``backup-now`` against the plain script, and the plain script with the same checks, interleaved."""
    side_by_side([("`backup-now`", ours.backup),
                  ("`.backup` + `zip -6` + `cp`", lambda: plain.backup(checks=False)),
                  ("the same + `integrity_check` + `sha256sum`", lambda: plain.backup(checks=True))],
                 repeat, ours.official, "backup")


def side_by_side(sides: list[tuple[str, Callable[[], tuple[float, float, int]]]], repeat: int,
                 home: Home, kind: str) -> None:
    """Each of ``sides`` in turn, ``repeat`` times (ours first): every run with the load average
    before it, then the medians, ours against each of the others in wall and CPU time, and our steps."""
    rows: dict[str, list[tuple[float, float, int, int]]] = {label: [] for label, _ in sides}
    for i in range(repeat):
        for label, measure in sides:
            load = os.getloadavg()[0]
            wall, cpu, peak = measure()
            rows[label].append((wall, cpu, peak, last_private_mb))
            print(f"run {i + 1}, load {load:.1f}: {label} {wall:.2f} s wall, {cpu:.2f} s CPU, "
                  f"peak {peak} MB resident / {last_private_mb} MB private", flush=True)
    print(f"\nmedian of {repeat} interleaved runs, load average after: {os.getloadavg()[0]:.1f}\n")
    print("| | wall | CPU | peak resident / private |\n| --- | ---: | ---: | ---: |")
    for label, r in rows.items():
        print(f"| {label} | {statistics.median(x[0] for x in r):.2f} s | {statistics.median(x[1] for x in r):.2f} s "
              f"| {max(x[2] for x in r)} / {max(x[3] for x in r)} MB |")
    ours = rows[sides[0][0]]
    for label, r in list(rows.items())[1:]:
        ratios = [o[0] / p[0] for o, p in zip(ours, r)]
        print(f"\nours / {label}, each pair: {', '.join(f'{x:.2f}' for x in ratios)}; median wall "
              f"**{statistics.median(x[0] for x in ours) / statistics.median(x[0] for x in r):.2f}**, "
              f"CPU {statistics.median(x[1] for x in ours) / statistics.median(x[1] for x in r):.2f}")
    print(f"our steps:\n{breakdown(home, kind)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--level", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", default=None, help="work in this folder and keep it (the database is reused)")
    parser.add_argument("--ours-only", action="store_true",
                        help="only our backup and restore, for their time and peak memory on a large database")
    parser.add_argument("--side", choices=("both", "contingency", "official"), default="both",
                        help="contingency: only restore-now against cp + unzip + mv, each bundle made once; "
                             "official: only backup-now against the plain scripts")
    args = parser.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="bench-core-"))
    root.mkdir(parents=True, exist_ok=True)
    kept = {"store.db"} | ({"ours-shared", "plain-shared"} if args.side == "contingency" else set())
    for leftover in root.iterdir():
        if leftover.name not in kept:
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    try:
        db = root / "store.db"
        if not db.exists():
            started = time.perf_counter()
            generate(db, args.size_mb)
            print(f"generated in {time.perf_counter() - started:.0f} s")
        conn = sqlite3.connect(db)
        sales = conn.execute("SELECT count(*) FROM sales_history").fetchone()[0]
        conn.close()
        print(f"database: {db.stat().st_size / 1e6:.0f} MB, {sales / 1e6:.1f} M sales rows, indexes "
              f"{index_share(db):.0%} of the bytes; compression level {args.level}; {os.cpu_count()} cores; "
              f"load average before: {os.getloadavg()[0]:.1f}")
        ours, plain = Ours(root, db, args.level), Plain(root, db, args.level)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "app"), str(ROOT / "launcher")],
                       env=ENV, check=True, stdout=subprocess.DEVNULL)  # the bytecode, written once, untimed
        if args.side == "contingency":
            return contingency_side(ours, plain, args.repeat)
        if args.side == "official":
            return official_side(ours, plain, args.repeat)
        if args.ours_only:
            for label, measure in (("backup-now (integrity_check)", ours.backup),
                                   ("restore-now (quick_check)", lambda: ours.restore(full_check=False))):
                wall, cpu, peak = measure()
                print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU, peak memory {peak} MB resident "
                      f"(with the mapped database file's pages), {last_private_mb} MB private")
            return
        t = {k: [] for k in ("ob", "pb", "pbc", "or", "orf", "pr", "prc")}
        cpu_s = {k: [] for k in t}  # CPU time: under load, what each side costs the machine

        memory = {"backup": [0, 0], "restore": [0, 0], "restore, full check": [0, 0]}

        def timed(key: str, measure) -> int:
            wall, cpu, peak = measure()
            t[key].append(wall)
            cpu_s[key].append(cpu)
            return peak

        def ours_run(key: str, what: str, measure) -> None:
            peak = timed(key, measure)
            memory[what] = [max(memory[what][0], peak), max(memory[what][1], last_private_mb)]
        for _ in range(args.repeat):
            ours_run("ob", "backup", ours.backup)
            timed("pb", lambda: plain.backup(checks=False))
            timed("pbc", lambda: plain.backup(checks=True))
            ours_run("or", "restore", lambda: ours.restore(full_check=False))
            ours_run("orf", "restore, full check", lambda: ours.restore(full_check=True))
            timed("pr", lambda: plain.restore(checks=False))
            timed("prc", lambda: plain.restore(checks=True))
        latency, _ = marker_to_swap(ours)
        zip_size, zstd_size = sizes(root, db)
        status_wall, status_cpu = status_time(ours.contingency)
        print(f"\nmedian of {args.repeat} interleaved runs, load average after: {os.getloadavg()[0]:.1f}\n")
        table([
            ("official: `backup-now` vs `.backup` + `zip -6` + `cp`", t["ob"], t["pb"]),
            ("official vs the plain script with the checks (+ `integrity_check`, `sha256sum`)", t["ob"], t["pbc"]),
            ("contingency: `restore-now` (quick_check) vs `cp` + `unzip` + `mv`", t["or"], t["pr"]),
            ("contingency, daily full check (integrity_check) vs `cp` + `unzip` + `mv`", t["orf"], t["pr"]),
            ("contingency vs the plain script with the checks (`sha256sum -c`, `integrity_check`)", t["or"], t["prc"]),
            ("contingency, full check, vs the plain script with the checks", t["orf"], t["prc"]),
            ("marker written → live file swapped (service, poll 1 s) vs the plain restore", [latency], t["pr"]),
        ])
        bundle = ours.bundle_size()
        print(f"\n| size | MB | ours / it |\n| --- | ---: | ---: |\n| our bundle | {bundle / 1e6:.1f} | |")
        print(f"| `zip -6` | {zip_size / 1e6:.1f} | {bundle / zip_size:.2f} |")
        print(f"| `zstd -3` | {zstd_size / 1e6:.1f} | {bundle / zstd_size:.2f} |")
        print("\npeak memory, resident set (with the mapped database file's pages) / private: "
              + ", ".join(f"{k} {v[0]} / {v[1]} MB" for k, v in memory.items()))
        print("CPU time (user + system, median): " + ", ".join(
            f"{name} {statistics.median(cpu_s[key]):.1f} s" for key, name in (
                ("ob", "backup-now"), ("pb", "plain official"), ("pbc", "plain official with the checks"),
                ("or", "restore-now"), ("orf", "restore-now with the full check"), ("pr", "plain restore"),
                ("prc", "plain restore with the checks"))))
        print(f"`contingencia status`: {status_wall:.2f} s wall, {status_cpu:.2f} s CPU (best of 5)")
        print(f"\nour steps, official:\n{breakdown(ours.official, 'backup')}")
        print(f"our steps, contingency (the last one by the service):\n{breakdown(ours.contingency, 'restore')}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
