"""The headless worker (F3): the configured mode's cycle on schedule.

One worker per home (a lock file); one cycle at a time across processes (the cycle
lock in ``cycles``). Saved settings reach it without a restart (the store's
generation counter), the GUI asks it to "run now" through a file in the control
folder, SIGTERM/SIGINT stop it cleanly, and no failed cycle stops it.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from ..acks import WATCH_EVERY_S, refresh as refresh_acks, watches_acks
from ..atomic import write_atomic
from ..clock import iso, parse_iso, utc_now
from ..delta.chain import next_full_time
from ..errors import ContingencyError, LockBusyError
from ..events import Event, emit
from ..journal import Journal, StateKey
from .locks import FileLock
from ..notify.notifier import Notifier
from ..paths import Home
from ..phrases import Phrase, said, to_data
from ..runs import run_cycle
from .schedule import MIN_GAP_S, continuous_on, describe, next_increment_at, overrun, recent_cycles, trigger_for
from .watch import ChangeWatch
from ..settings.model import Settings, time_of_day
from ..settings.store import SettingsStore

log = logging.getLogger(__name__)
CYCLE_JOB = "cycle"
CATCH_UP_JOB = "catch-up"
CHANGE_JOB = "change"
SUMMARY_JOB = "daily-summary"
RETRY_JOB = "notify-retry"
PAIR_JOB = "pair-watch"
RUN_NOW_FILE = "run-now"
TICK_S = 1.0
HEARTBEAT_S = 5.0
MISFIRE_GRACE_S = 3600


class Service:
    def __init__(self, home: Home) -> None:
        self.home = home.ensure()
        self.store = SettingsStore(home)
        self.journal = Journal(home.journal_file)
        self.stop_event = threading.Event()
        self.cancel = threading.Event()
        self.settings: Settings = Settings()
        self.generation = -1
        self.sinks: list = []
        self.notifier: Notifier | None = None
        self.scheduler = BackgroundScheduler(job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_S})
        self._last_beat = 0.0
        self._reload_lock = threading.Lock()  # the tick and a starting cycle may both notice a save
        self.increments: dict[str, Any] = {}  # what the heartbeat says of the increments' cadence
        self.watch: ChangeWatch | None = None  # continuous mode: the live database's data_version
        self._cycled_version: int | None = None  # the version the last cycle started from
        self._last_start = float("-inf")  # monotonic time of the last cycle's start
        self._change_pending = threading.Event()  # a cycle for a change is asked for and not yet started
        self._running = 0  # cycles under way in this worker (the tick asks for none meanwhile)
        self._running_lock = threading.Lock()

    # --- life cycle -------------------------------------------------------------------
    def run_forever(self) -> int:
        lock = FileLock(self.home.service_lock_file, f"The worker of {self.home.root}").acquire(0)
        try:
            self._install_signals()
            self.journal.close_interrupted()
            self._load_settings()
            self.scheduler.start()
            self._schedule(catch_up=True)
            self.scheduler.add_job(self._tick, "interval", seconds=TICK_S, id="tick")
            self._emit("worker_started", True, said(Phrase("Worker started (%1).", (describe(self.settings),))))
            log.info("worker started in %s (pid %s)", self.home.root, os.getpid())
            while not self.stop_event.wait(0.5):
                pass
            return 0
        finally:
            self._shutdown()
            lock.release()

    def stop(self, *_: Any) -> None:
        self.stop_event.set()

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for name in ("SIGTERM", "SIGINT", "SIGBREAK"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self.stop)

    def _shutdown(self) -> None:
        log.info("worker stopping")
        self.cancel.set()  # a running cycle stops at its next progress report
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.watch is not None:
            self.watch.close()
        self._emit("worker_stopped", True, said(Phrase("Worker stopped.")))
        if self.notifier is not None:
            self.notifier.close(20)
        self.journal.set_state(StateKey.WORKER, {"pid": None, "stopped": time.time()})

    # --- settings and schedule -----------------------------------------------------------
    def _load_settings(self) -> None:
        generation = self.store.generation()
        self.settings = self.store.load()
        self.generation = generation  # only once loaded: a failed load is tried again at the next tick
        if self.notifier is None:
            self.notifier = Notifier(self.settings, self.home, self.journal)
            self.sinks = [self.notifier]
        else:
            self.notifier.update_settings(self.settings)

    def _schedule(self, *, catch_up: bool = False) -> None:
        for job_id in (CYCLE_JOB, CATCH_UP_JOB, SUMMARY_JOB, RETRY_JOB, PAIR_JOB):
            if self.scheduler.get_job(job_id):
                self.scheduler.remove_job(job_id)
        self._schedule_notifications()
        self._follow_watch()
        if not self.settings.enabled:
            log.info("contingency mode is off: no cycle scheduled")
            return
        now = {"next_run_time": datetime.now(timezone.utc)} if self.settings.mode == "contingency" else {}
        self.scheduler.add_job(self._cycle, trigger_for(self.settings), id=CYCLE_JOB, args=("schedule",), **now)
        if self.settings.mode == "official" and catch_up and self._backup_missed():
            # a one-off run of its own: only it is labelled catch-up, the recurring job stays "schedule"
            self.scheduler.add_job(self._cycle, id=CATCH_UP_JOB, args=("catch-up",))
        self._plan_next_increment()
        if watches_acks(self.settings):
            self.scheduler.add_job(self._watch_pair, "interval", seconds=WATCH_EVERY_S, id=PAIR_JOB,
                                   next_run_time=datetime.now(timezone.utc))
        log.info("scheduled: %s", describe(self.settings))

    def _schedule_notifications(self) -> None:
        """Undelivered e-mails are retried; the optional daily summary goes out at its time."""
        self.scheduler.add_job(self.notifier.retry_pending, "interval", minutes=5, id=RETRY_JOB)
        n = self.settings.notify
        if n.daily_summary and n.account:
            hour, minute = time_of_day(n.summary_time)
            self.scheduler.add_job(self.notifier.send_daily_summary, CronTrigger(hour=hour, minute=minute),
                                   id=SUMMARY_JOB)

    def _backup_missed(self) -> bool:
        """A scheduled backup that should have run while the worker was down is made up at start."""
        last = self.journal.last_run("backup", ("ok", "partial"))
        if last is None:
            return True
        trigger = trigger_for(self.settings)
        last_time = datetime.fromtimestamp(last.started, timezone.utc)
        due = trigger.get_next_fire_time(None, last_time + timedelta(seconds=1))
        return due is not None and due <= datetime.now(due.tzinfo)

    # --- the jobs ------------------------------------------------------------------------
    def _tick(self) -> None:
        try:
            self._follow_saved_settings()
            self._watch_changes()
            run_now = self.home.control_dir / RUN_NOW_FILE
            if run_now.exists():
                run_now.unlink(missing_ok=True)
                self._run_now()
            self._heartbeat()
        except Exception:  # the tick must survive anything
            log.exception("worker tick failed")

    def _follow_saved_settings(self) -> None:
        with self._reload_lock:
            if self.store.generation() != self.generation:
                log.info("settings changed: reloading")
                self._load_settings()
                self._schedule()

    def _current_settings(self) -> Settings:
        """The settings as saved now (asked by a cycle once it holds the lock): a promotion saved a
        moment ago is followed before the next tick would have noticed it."""
        self._follow_saved_settings()
        return self.settings

    def _run_now(self) -> None:
        job = self.scheduler.get_job(CYCLE_JOB)
        if job is None:
            log.info("run-now ignored: no cycle scheduled (contingency mode is off)")
            return
        self.scheduler.add_job(self._cycle, args=("gui",), id="run-now", replace_existing=True)

    def _heartbeat(self, force: bool = False) -> None:
        if not force and time.monotonic() - self._last_beat < HEARTBEAT_S:
            return
        self._last_beat = time.monotonic()
        job = self.scheduler.get_job(CYCLE_JOB)
        next_run = iso(job.next_run_time) if job and job.next_run_time else None
        notify = self.journal.get_state(StateKey.NOTIFY_STATUS)
        self.journal.set_state(StateKey.WORKER, {
            "pid": os.getpid(), "heartbeat": time.time(), "next_run": next_run,
            "mode": self.settings.mode, "enabled": self.settings.enabled, "increments": self.increments,
            "notify_error": notify.get("error") if notify and not notify.get("ok", True) else None})

    def _cycle(self, trigger: str) -> None:
        if self.cancel.is_set():
            return
        with self._running_lock:
            self._running += 1
        try:
            self._note_start()
            result = run_cycle(self.settings, self.home, journal=self.journal, trigger=trigger, sinks=self.sinks,
                               cancel=self.cancel, current_settings=self._current_settings)
            log.info("cycle (%s): %s - %s", trigger, result.result, result.message)
            if result.result == "failed":
                self._cycled_version = None  # continuous mode: what changed is still to publish
        except LockBusyError as exc:
            self._cycled_version = None
            log.info("cycle skipped: %s", exc)
        except ContingencyError as exc:
            log.error("cycle failed: %s", exc)
        except Exception:
            log.exception("cycle failed unexpectedly; the worker goes on")
        finally:
            if not self.cancel.is_set():  # stopping: the scheduler waits for this job and holds the
                self._plan_next_increment()  # lock that the heartbeat's get_job needs (a deadlock)
                self._heartbeat(force=True)
            with self._running_lock:
                self._running -= 1

    # --- continuous mode ----------------------------------------------------------------
    def _follow_watch(self) -> None:
        """A watch of the live database while continuous mode is on; a new one (a first cycle at
        once: what changed while no one watched) when it is turned on or the database moves."""
        path = Path(self.settings.database.path) if continuous_on(self.settings) else None
        if self.watch is not None and self.watch.path != path:
            self.watch.close()
            self.watch = None
        if path is not None and self.watch is None:
            self.watch, self._cycled_version = ChangeWatch(path), None

    def _watch_changes(self) -> None:
        """Continuous mode: a cycle soon after a committed change, at most one every
        ``official.continuous_gap_s`` (start to start), one at a time; an idle database, none."""
        if self.watch is None or self._change_pending.is_set() or self._running:
            return
        if time.monotonic() - self._last_start < self.settings.official.continuous_gap_s:
            return
        version = self.watch.version()
        if version is None or version == self._cycled_version:
            return
        self._change_pending.set()  # a job of its own each time: one of the same id still ending would skip it
        self.scheduler.add_job(self._cycle, args=(CHANGE_JOB,), name=CHANGE_JOB)

    def _note_start(self) -> None:
        """The version a cycle starts from, read before its snapshot: a commit after this read is
        seen as a change by the next tick, one before it is in this cycle's copy."""
        self._last_start = time.monotonic()
        self._change_pending.clear()  # any cycle takes what changed before this moment
        if self.watch is not None:
            self._cycled_version = self.watch.version()

    def _plan_next_increment(self, now: float | None = None) -> None:
        """The incremental interval is the recovery point: the next cycle starts early enough to be
        published within the interval of the last published snapshot (``schedule.next_increment_at``),
        or when the schedule's full bundle is due, whichever comes first. A cycle longer than the
        interval is said in the log and the heartbeat (status, the window), never skipped silently."""
        o = self.settings.official
        job = self.scheduler.get_job(CYCLE_JOB)
        continuous = {"continuous": True, "gap_s": o.continuous_gap_s} if self.watch is not None else {}
        if self.settings.mode != "official" or not o.incremental_interval_min or job is None:
            self.increments = continuous
            return
        now = time.time() if now is None else now
        interval_s = o.incremental_interval_min * 60
        cycles = recent_cycles(self.journal)
        at = min(next_increment_at(interval_s, cycles, now), self._next_full_at(now))
        if self.scheduler.get_job(CATCH_UP_JOB) is not None or self.journal.running() is not None:
            at = max(at, now + MIN_GAP_S)  # a cycle under way (made up at start, another process's) plans at its end
        late = overrun(interval_s, cycles)
        if late is not None:
            log.warning("%s", late)
        self.increments = {**continuous, "interval_s": interval_s, "next": iso(datetime.fromtimestamp(at, timezone.utc)),
                           "overrun": to_data(late) if late else None}
        job.modify(next_run_time=datetime.fromtimestamp(at, timezone.utc))

    def _next_full_at(self, now: float) -> float:
        """When the schedule's next full bundle is due after the chain's full bundle (no chain: the
        next bundle is full anyway, at the increment's time)."""
        chain = self.journal.get_state(StateKey.OFFICIAL_CHAIN) or {}
        if not chain.get("full_created"):
            return float("inf")
        due = next_full_time(self.settings.official, parse_iso(chain["full_created"]))
        return now if due is None else max(due.timestamp(), now)

    def _watch_pair(self) -> None:
        """The contingencies' acknowledgements between cycles: a restore shows within a minute."""
        try:
            refresh_acks(self.settings, self.journal, self.sinks)
        except Exception:  # the job must survive anything a folder holds
            log.exception("reading the contingencies' acknowledgements failed")

    def _emit(self, kind: str, ok: bool, summary: str) -> None:
        emit(self.sinks, Event(kind, "worker", ok, summary, machine=self.settings.machine_name,
                               mode=self.settings.mode))


def request_run_now(home: Home, trigger: str = "gui") -> Path:
    """Ask a running worker to start a cycle now (the GUI and the tray); it polls this file."""
    target = home.control_dir / RUN_NOW_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = {"requested": iso(utc_now()), "by": trigger, "pid": os.getpid()}
    write_atomic(target, json.dumps(payload).encode("utf-8"))
    return target
