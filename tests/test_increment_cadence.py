"""The incremental interval is the recovery-point objective: the next increment starts early by the
expected cycle, so that from the last published snapshot to the next publish is within the
interval; a cycle longer than the interval is reported, not skipped. A clock of our own: no sleep."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.cycles import run_official
from app.journal import Journal
from app.runtime.schedule import LEAD_MARGIN, MIN_GAP_S, Cycle, expected_cycle_s, next_increment_at, overrun, recent_cycles
from app.runtime.service import CYCLE_JOB, Service
from app.settings.store import SettingsStore

from .pair import make_pair

INTERVAL_S = 60.0


def simulate(lengths: list[float], fence_s: float = 0.2) -> tuple[list[float], list[Cycle]]:
    """Cycles run back to back at the times ``next_increment_at`` gives, each of the given length
    (its snapshot ``fence_s`` after its start); the worst data loss after each publish: the time
    from the previous published snapshot to this publish."""
    clock, cycles, losses = 0.0, [], []
    for length in lengths:
        start = next_increment_at(INTERVAL_S, cycles, clock)
        if cycles:
            losses.append(start + length - (cycles[0].started + fence_s))
        cycles.insert(0, Cycle(start, start + length, True, incremental=bool(cycles)))
        clock = start + length
    return losses, cycles


def test_steady_cycles_publish_within_the_interval_of_the_last_snapshot():
    losses, cycles = simulate([12.0] + [3.0, 3.6, 2.8, 3.1, 2.9] * 4, fence_s=0.0)  # a full bundle, then increments
    assert max(losses) <= INTERVAL_S
    assert losses[0] <= INTERVAL_S - 12.0, "after a full bundle its length is the safe guess"
    assert min(losses[1:]) >= INTERVAL_S - 2.0, "not more cycles than the objective needs"
    starts = [c.started for c in reversed(cycles)]
    assert all(later - earlier < INTERVAL_S for earlier, later in zip(starts, starts[1:]))


def test_a_slower_cycle_counts_at_once_and_an_old_one_is_forgotten():
    cycles = [Cycle(t, t + 3.0, True, True) for t in (300.0, 240.0, 180.0, 120.0)]
    assert expected_cycle_s(cycles) == 3.0
    slow = [Cycle(357.0, 367.0, True, True)] + cycles
    assert expected_cycle_s(slow) == 10.0
    assert next_increment_at(INTERVAL_S, slow, 367.0) == 357.0 + INTERVAL_S - LEAD_MARGIN * 10.0
    later = [Cycle(t, t + 3.0, True, True) for t in (600.0, 540.0, 480.0)] + slow
    assert expected_cycle_s(later) == 3.0


def test_never_sooner_than_the_gap_after_the_last_cycle_and_a_long_cycle_is_reported():
    long = [Cycle(100.0, 100.0 + 75.0, True, True), Cycle(40.0, 43.0, True, True)]
    assert next_increment_at(INTERVAL_S, long, 175.0) == 175.0 + MIN_GAP_S
    said = overrun(INTERVAL_S, long)
    assert said is not None and "75" in str(said) and "60" in str(said)
    assert overrun(INTERVAL_S, long[1:]) is None
    half = [Cycle(100.0, 140.0, True, True)]  # 40 s of 60: started 20 s after the last end would be too soon
    assert next_increment_at(INTERVAL_S, half, 140.0) == 140.0 + MIN_GAP_S


def test_a_failed_cycle_counts_for_the_gap_not_as_the_last_snapshot():
    cycles = [Cycle(100.0, 101.0, False, False), Cycle(30.0, 33.0, True, True)]
    assert next_increment_at(INTERVAL_S, cycles, 101.0) == 101.0 + MIN_GAP_S  # 30 + 60 - 3.75 is past
    assert next_increment_at(INTERVAL_S, [], 7.0) == 7.0


@pytest.fixture
def chained(tmp_path):
    p = make_pair(tmp_path, products=300, sales=2000)
    p.official.official.incremental_interval_min = 1
    p.official.official.interval_min = 1440
    p.save()
    return p


def test_the_worker_plans_the_next_increment_from_the_journal(chained):
    from app.demo.data import change_prices
    assert run_official(chained.official, chained.official_home).ok  # full
    change_prices(chained.official_db, percent=3)
    assert run_official(chained.official, chained.official_home).ok  # an increment
    journal = Journal(chained.official_home.journal_file)
    cycles = recent_cycles(journal)
    assert [c.incremental for c in cycles[:2]] == [True, False]
    service = Service(chained.official_home)
    service._load_settings()
    service.scheduler.start(paused=True)
    try:
        service._schedule()
        now = cycles[0].finished + 1.0
        service._plan_next_increment(now)
        planned = service.scheduler.get_job(CYCLE_JOB).next_run_time
        expected = max(cycles[0].started + INTERVAL_S - LEAD_MARGIN * cycles[0].length_s,
                       cycles[0].finished + MIN_GAP_S)
        assert planned == datetime.fromtimestamp(expected, timezone.utc)
        assert service.increments["interval_s"] == INTERVAL_S and service.increments["overrun"] is None
        late = cycles[0].finished + 600.0  # the next one is due at once ...
        service._plan_next_increment(late)
        assert service.scheduler.get_job(CYCLE_JOB).next_run_time == datetime.fromtimestamp(late, timezone.utc)
        with journal.run("backup", "cli"):  # ... unless a cycle is under way: not a cycle skipped in a loop
            service._plan_next_increment(late)
        assert service.scheduler.get_job(CYCLE_JOB).next_run_time == datetime.fromtimestamp(late + MIN_GAP_S,
                                                                                             timezone.utc)
        chained.official.official.incremental_interval_min = 0
        SettingsStore(chained.official_home).save(chained.official)
        service._follow_saved_settings()
        assert service.increments == {}
    finally:
        service.scheduler.shutdown(wait=False)
        service.notifier.close(1)


def change_jobs(service) -> list:
    from app.runtime.service import CHANGE_JOB
    return [job for job in service.scheduler.get_jobs() if job.args == (CHANGE_JOB,)]


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_continuous_mode_cycles_after_a_commit_and_never_on_an_idle_database(tmp_path, journal_mode):
    import sqlite3

    from app.cycles import run_contingency
    from app.demo.data import change_prices, fingerprint
    from app.runtime.service import CHANGE_JOB
    p = make_pair(tmp_path, products=300, sales=2000)
    conn = sqlite3.connect(p.official_db)
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    conn.close()
    p.official.official.continuous, p.official.official.continuous_gap_s = True, 10
    p.official.official.interval_min = 1440
    p.save()
    service = Service(p.official_home)
    service._load_settings()
    service.scheduler.start(paused=True)
    try:
        service._schedule()
        assert "continuous" in service.increments and service.increments["gap_s"] == 10
        service._watch_changes()  # a new watch: what changed while no one watched goes out at once
        assert change_jobs(service)
        [service.scheduler.remove_job(job.id) for job in change_jobs(service)]
        service._cycle(CHANGE_JOB)  # as the scheduler runs it
        service._last_start -= 60
        service._watch_changes()
        assert not change_jobs(service), "an idle database: no cycle"
        change_prices(p.official_db, percent=3)
        service._last_start += 55  # 5 s after the last start, the gap is 10 s
        service._watch_changes()
        assert not change_jobs(service), "at most one every continuous_gap_s"
        service._last_start -= 10
        service._watch_changes()
        assert change_jobs(service)
        [service.scheduler.remove_job(job.id) for job in change_jobs(service)]
        service._cycle(CHANGE_JOB)
        runs = Journal(p.official_home.journal_file).runs(5, "backup")
        assert [r.trigger for r in runs] == [CHANGE_JOB, CHANGE_JOB] and "+inc_" in runs[0].bundle
        assert run_contingency(p.contingency, p.contingency_home).ok
        assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
    finally:
        service.scheduler.shutdown(wait=False)
        service.notifier.close(1)
        if service.watch is not None:
            service.watch.close()


def test_continuous_mode_is_refused_for_another_engine():
    from app.settings.model import Settings, validate
    settings = Settings(enabled=True, mode="official")
    settings.database.engine, settings.database.server, settings.database.name = "postgres", "127.0.0.1", "mgv7"
    settings.official.destination1.path = "/srv/x"
    settings.official.continuous = True
    problems = [p for p in validate(settings) if p.key == "official.continuous"]
    assert problems and "SQLite only" in problems[0].allowed


def test_config_set_turns_continuous_mode_on_for_sqlite_and_refuses_it_for_postgres(tmp_path):
    from .pair import cli
    p = make_pair(tmp_path)
    done = cli(p.official_home, "config", "set", "official.continuous", "true")
    assert done.returncode == 0, done.stderr
    assert cli(p.official_home, "config", "set", "official.continuous_gap_s", "30").returncode == 0
    saved = SettingsStore(p.official_home).load().official
    assert (saved.continuous, saved.continuous_gap_s) == (True, 30)
    refused = cli(p.official_home, "config", "set", "database.engine", "postgres")
    assert refused.returncode != 0 and "continuous incremental bundles are built for SQLite only" in \
        refused.stdout + refused.stderr
    assert SettingsStore(p.official_home).load().database.engine == "sqlite"


def test_continuous_mode_goes_on_cycle_after_cycle_with_the_real_scheduler(tmp_path):
    """The scheduler runs the cycles: a change seen while the last cycle is still ending is not
    lost (a job of the same id still counted as running would be skipped, and none asked again)."""
    import time

    from app.demo.data import change_prices
    p = make_pair(tmp_path, products=300, sales=2000)
    p.official.official.continuous, p.official.official.continuous_gap_s = True, 1
    p.official.official.interval_min = 1440
    p.save()
    service = Service(p.official_home)
    service._load_settings()
    service.scheduler.start()
    journal = Journal(p.official_home.journal_file)
    original, hooked = service._heartbeat, []

    def heartbeat(force: bool = False) -> None:
        """A tick that lands as the first cycle ends, after a commit made during it."""
        if force and not hooked:
            hooked.append(True)
            change_prices(p.official_db, percent=2)
            service._last_start -= 5
            service._watch_changes()
        original(force)

    service._heartbeat = heartbeat
    try:
        service._schedule()
        for round_ in range(3):
            deadline = time.monotonic() + 30
            while len([r for r in journal.runs(10, "backup") if r.result == "ok"]) <= round_:
                assert time.monotonic() < deadline, f"no cycle for change {round_}"
                service._watch_changes()  # as the tick does, every second here every 0.05 s
                time.sleep(0.05)
            change_prices(p.official_db, percent=2)
        runs = [r for r in journal.runs(10, "backup") if r.result == "ok"]
        assert len(runs) >= 3 and all("+inc_" in r.bundle for r in runs[:-1])
    finally:
        service.scheduler.shutdown(wait=True)
        service.notifier.close(1)
        service.watch.close()
