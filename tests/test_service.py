"""The worker as a real process: schedule, reload, run-now, lock, signals, and SIGKILL at the worst moments."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from app.markers import MARKER_NAME, Marker
from app.faults import FAULT_ENV
from app.demo.data import add_sales, change_prices, fingerprint
from app.journal import Journal
from app.runtime.service import request_run_now
from app.settings.store import SettingsStore

from .pair import cli, cli_command, make_pair, mount_tmpfs, umount

pytestmark = pytest.mark.slow


def start_worker(home, env: dict | None = None) -> subprocess.Popen:
    command, full_env = cli_command(home, "service", env=env)
    return subprocess.Popen(command, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(predicate, timeout: float = 30.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("condition not reached in time")


def stop(proc: subprocess.Popen) -> tuple[int, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return proc.returncode, err


def runs(home, kind=None):
    return Journal(home.journal_file).runs(100, kind)


def grow(db: Path, rows: int) -> None:
    """Make the database big enough that a throttled copy takes a few seconds."""
    import random
    conn = sqlite3.connect(db)
    with conn:
        add_sales(conn, rows, stores=4, products=300, rng=random.Random(1))
        conn.execute("CREATE TABLE IF NOT EXISTS blobs (b BLOB)")
        conn.executemany("INSERT INTO blobs VALUES (?)", ((os.urandom(4096),) for _ in range(600)))
    conn.close()


def test_worker_makes_up_a_missed_backup_runs_now_and_stops_cleanly(tmp_path):
    p = make_pair(tmp_path)
    worker = start_worker(p.official_home)
    try:
        first = wait_for(lambda: [r for r in runs(p.official_home, "backup") if r.result == "ok"])
        assert first[0].trigger == "catch-up"  # never backed up: made up at start, and recorded as such
        request_run_now(p.official_home)
        wait_for(lambda: len([r for r in runs(p.official_home, "backup") if r.result == "ok"]) >= 2)
        status = cli(p.official_home, "status", "--json")
        assert '"running": true' in status.stdout
    finally:
        code, err = stop(worker)
    assert code == 0, err
    assert Journal(p.official_home.journal_file).get_state("worker")["pid"] is None


def test_saved_settings_reach_a_running_worker(tmp_path):
    p = make_pair(tmp_path)
    from app.cycles import run_official
    assert run_official(p.official, p.official_home).ok
    p.contingency.enabled = False
    p.contingency.contingency.poll_interval_s = 1
    SettingsStore(p.contingency_home).save(p.contingency)
    worker = start_worker(p.contingency_home)
    try:
        time.sleep(2)
        assert runs(p.contingency_home) == []  # switched off: nothing runs
        p.contingency.enabled = True
        SettingsStore(p.contingency_home).save(p.contingency)
        wait_for(lambda: [r for r in runs(p.contingency_home) if r.result == "ok"])
        assert fingerprint(p.official_db) == fingerprint(p.contingency_db)
    finally:
        code, err = stop(worker)
    assert code == 0, err


def test_two_workers_on_one_home_are_refused(tmp_path):
    p = make_pair(tmp_path)
    first = start_worker(p.official_home)
    try:
        wait_for(lambda: Journal(p.official_home.journal_file).get_state("worker"))
        second = start_worker(p.official_home)
        code, err = stop(second) if second.wait(30) is None else (second.returncode, second.stderr.read())
        assert code == 4 and "worker" in err and "busy" in err
    finally:
        stop(first)


def test_backup_now_waits_for_or_reports_a_running_cycle(tmp_path):
    p = make_pair(tmp_path)
    from app.runtime.locks import FileLock
    lock = FileLock(p.official_home.lock_file, "test").acquire()
    try:
        result = cli(p.official_home, "backup-now", "--wait", "1")
    finally:
        lock.release()
    assert result.returncode == 4 and "busy" in result.stderr
    assert cli(p.official_home, "backup-now").returncode == 0
    wrong = cli(p.official_home, "restore-now")
    assert wrong.returncode == 2 and "official mode" in wrong.stderr


def kill_during(home, args: list[str], step: str, env: dict) -> None:
    """Start a real cycle, SIGKILL it once ``step`` has copied some bytes."""
    command, full_env = cli_command(home, *args, env=env)
    proc = subprocess.Popen(command, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def midway():
            run = Journal(home.journal_file).running()
            return run and run.step == step and run.done_bytes > 0
        wait_for(midway, timeout=60, every=0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)


def killed_at(home, args: list[str], point: str) -> None:
    """Run a real cycle that SIGKILLs itself at the fault point ``point`` (app/faults.py)."""
    command, full_env = cli_command(home, *args, env={FAULT_ENV: point})
    done = subprocess.run(command, env=full_env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, f"not killed at {point}: {done.returncode} {done.stderr[-500:]}"


def test_sigkill_during_publish_then_next_cycle_recovers(tmp_path):
    p = make_pair(tmp_path)
    grow(p.official_db, 20000)
    p.official.official.destination1.bandwidth_kbps = 2048  # slow enough to be caught midway
    p.save()
    # another disk, as a share usually is: the bundle is copied there (on the same disk it is linked)
    assert mount_tmpfs(p.shared, "size=64m"), "this test mounts a tmpfs (tests run as root)"
    try:
        _kill_during_publish_then_recover(p)
    finally:
        umount(p.shared)


def _kill_during_publish_then_recover(p) -> None:
    kill_during(p.official_home, ["backup-now"], "publish destination 1", {})
    names = [f.name for f in p.shared.iterdir()]
    assert MARKER_NAME not in names and not [n for n in names if n.endswith(".zip")]  # nothing under a final name
    assert [n for n in names if n.endswith(".part")]  # only the temporary copy was left
    assert cli(p.official_home, "backup-now").returncode == 0
    names = [f.name for f in p.shared.iterdir()]
    assert not [n for n in names if n.endswith(".part")]
    interrupted = [r for r in runs(p.official_home) if r.result == "interrupted"]
    assert interrupted and "publish destination 1" in interrupted[0].error
    assert cli(p.contingency_home, "restore-now").returncode == 0
    assert fingerprint(p.official_db) == fingerprint(p.contingency_db)


def test_sigkill_while_the_check_runs_after_the_bundle_is_made_publishes_nothing(tmp_path):
    """The bundle is complete in the work folder but the integrity check has no verdict yet:
    killed there, nothing reaches the shared folder, and the next backup publishes."""
    p = make_pair(tmp_path)
    killed_at(p.official_home, ["backup-now"], "sqlite.check-wait")
    assert not list(p.shared.iterdir())
    assert cli(p.official_home, "backup-now").returncode == 0
    assert [r.result for r in runs(p.official_home, "backup")][:2] == ["ok", "interrupted"]
    assert not list(Path(p.official.official.work_folder or p.official_home.work_dir / "official").glob("run-*"))
    assert cli(p.contingency_home, "restore-now").returncode == 0
    assert fingerprint(p.official_db) == fingerprint(p.contingency_db)


def restored_then_newer(tmp_path):
    """A pair whose contingency restored one bundle, with a newer one published; and the
    fingerprint of what the contingency holds."""
    p = make_pair(tmp_path)
    grow(p.official_db, 20000)
    assert cli(p.official_home, "backup-now").returncode == 0
    assert cli(p.contingency_home, "restore-now").returncode == 0
    before = fingerprint(p.contingency_db)
    change_prices(p.official_db, percent=30)
    assert cli(p.official_home, "backup-now").returncode == 0
    return p, before


def test_sigkill_while_extracting_in_place_leaves_the_live_database_and_the_source_intact(tmp_path):
    """The bundle is read where it is, in the shared folder: killed midway, the live database
    is the old one, the folder is as the official left it, and the next run restores."""
    p, before = restored_then_newer(tmp_path)
    published = {f.name: f.read_bytes() for f in p.shared.iterdir()}
    killed_at(p.contingency_home, ["restore-now"], "bundle.extracting")
    assert fingerprint(p.contingency_db) == before
    assert {f.name: f.read_bytes() for f in p.shared.iterdir()} == published
    assert cli(p.contingency_home, "restore-now").returncode == 0
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
    assert not list(p.contingency_db.parent.glob("*.staging*"))
    assert [r.result for r in runs(p.contingency_home)][:2] == ["ok", "interrupted"]


@pytest.mark.parametrize("point, live_after", [("sqlite.staging-copy", "old"), ("sqlite.swap-locked", "old"),
                                               ("sqlite.swap-renamed", "new")])
def test_sigkill_during_restore_leaves_the_live_database_intact(tmp_path, point, live_after):
    """Killed while the staging copy is written, with the live database locked for the swap,
    and right after the rename: the live database is the old or the new copy, whole, and
    the next run restores and leaves no staging file."""
    p, before = restored_then_newer(tmp_path)
    # a temporary folder on another disk: the staging copy is a copy, not a rename
    other_disk = Path(tempfile.mkdtemp(dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    if other_disk.stat().st_dev == p.contingency_db.parent.stat().st_dev:
        pytest.skip("no second filesystem for the temporary folder")
    p.contingency.contingency.temp_folder = str(other_disk)
    SettingsStore(p.contingency_home).save(p.contingency)
    killed_at(p.contingency_home, ["restore-now"], point)
    conn = sqlite3.connect(p.contingency_db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    expected = before if live_after == "old" else fingerprint(p.official_db)
    assert fingerprint(p.contingency_db) == expected  # one whole copy answers, never a mix
    assert_recorded_live(p, live_after)
    assert cli(p.contingency_home, "restore-now").returncode == 0
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
    assert not list(p.contingency_db.parent.glob("*.staging*"))
    results = [r.result for r in runs(p.contingency_home, "restore")]
    # the repairing cycle's failed poll, then the restore; none once the swap's rename was recorded
    assert results[:3] == (["ok", "failed", "interrupted"] if live_after == "old" else ["failed", "interrupted", "ok"])
    shutil.rmtree(other_disk, ignore_errors=True)


def assert_recorded_live(p, live_after: str) -> None:
    """A cycle that only repairs (its source out of reach) records the bundle whose data is live:
    status's live bundle and data age are the new one's once its swap renamed it in."""
    marker = Marker.parse((p.shared / MARKER_NAME).read_text())
    previous = json.loads(cli(p.contingency_home, "status", "--json").stdout)["last_verified_restore"]
    away = p.shared.rename(p.shared.with_name("away"))
    try:
        assert cli(p.contingency_home, "restore-now").returncode != 0
    finally:
        away.rename(p.shared)
    status = json.loads(cli(p.contingency_home, "status", "--json").stdout)
    live = status["last_verified_restore"]
    if live_after == "old":
        assert live["bundle"] == previous["bundle"] != marker.bundle
    else:
        assert (live["bundle"], live["created"]) == (marker.bundle, marker.created), live
        assert live["observed_at"] > previous["observed_at"], (live, previous)  # the data age: from the new one


def test_sigterm_during_a_restore_stops_the_worker(tmp_path):
    """The cycle is cancelled at its next progress report and the worker exits (it used to hang:
    its last heartbeat asked the scheduler for the next run while the scheduler waited for it)."""
    p = make_pair(tmp_path)
    grow(p.official_db, 20000)
    assert cli(p.official_home, "backup-now").returncode == 0
    p.contingency.contingency.source.bandwidth_kbps = 512  # slow enough to be caught midway
    p.save()
    worker = start_worker(p.contingency_home)
    try:
        def downloading():
            run = Journal(p.contingency_home.journal_file).running()
            return run and run.step == "download" and run.done_bytes > 0
        wait_for(downloading, timeout=60, every=0.05)
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
            pytest.fail("the worker did not stop within 30 s of SIGTERM")
    assert [r.result for r in runs(p.contingency_home, "restore")][0] == "cancelled"
