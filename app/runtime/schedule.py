"""APScheduler triggers built from the settings (F6), and when the next increment starts.

Official: a fixed interval in minutes, or up to three times of day (local time); with
incremental bundles on, also every ``incremental_interval_min`` minutes between them (the cycle
itself decides which bundle is full: app/delta/chain.py).
Contingency: a poll every ``poll_interval_s`` seconds.

The incremental interval is the recovery-point objective: what the official loses when it dies
is what was committed after the snapshot (the start of the backup step) of the last increment
published, until the next one is published. So the next increment starts the expected length of
a cycle before the interval is over (``next_increment_at``), not one interval after the last
one was due; the worker sets that time after every cycle (app/runtime/service.py).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from tzlocal import get_localzone

from ..journal import Journal, RunRecord
from ..phrases import Phrase
from ..settings.model import OfficialSettings, Settings

#: the least time between the end of one cycle and the start of the next (the store's own writes
#: get the disk between two copies)
MIN_GAP_S = 5.0
#: how many recent increments predict the next one's length
RECENT_CYCLES = 5
#: the next cycle may be this much longer than the expected one and still publish in time
LEAD_MARGIN = 1.25


def official_trigger(official: OfficialSettings) -> BaseTrigger:
    if official.by_times:
        triggers = [CronTrigger(hour=hour, minute=minute, timezone=get_localzone())
                    for hour, minute in official.times_of_day]
        return triggers[0] if len(triggers) == 1 else OrTrigger(triggers)
    return IntervalTrigger(minutes=official.interval_min)


def trigger_for(settings: Settings) -> BaseTrigger:
    if settings.mode == "official":
        o = settings.official
        if o.incremental_interval_min:
            return OrTrigger([official_trigger(o), IntervalTrigger(minutes=o.incremental_interval_min)])
        return official_trigger(o)
    return IntervalTrigger(seconds=settings.contingency.poll_interval_s)


def next_backup_time(official: OfficialSettings, after: datetime) -> datetime | None:
    """When the official's next backup is due (written into the marker for the silence check)."""
    from ..delta.chain import next_full_time
    full = next_full_time(official, after)
    if not official.incremental_interval_min:
        return full
    increment = after + timedelta(minutes=official.incremental_interval_min)
    return increment if full is None else min(full, increment)


def continuous_on(settings: Settings) -> bool:
    """Continuous incremental bundles: the official's worker watches its SQLite database."""
    return (settings.enabled and settings.mode == "official" and settings.official.continuous
            and settings.database.engine == "sqlite" and bool(settings.database.path))


def describe(settings: Settings) -> str:
    if settings.mode == "contingency":
        return f"checks for a new backup every {settings.contingency.poll_interval_s} s"
    o = settings.official
    full = "backup at " + ", ".join(o.times) if o.by_times else f"backup every {o.interval_min} min"
    full += f", incremental every {o.incremental_interval_min} min" if o.incremental_interval_min else ""
    return full + (f", continuous incremental (at most one every {o.continuous_gap_s} s)"
                   if continuous_on(settings) else "")


@dataclass(frozen=True)
class Cycle:
    """One backup cycle as the journal has it: its start (before its snapshot), its end (after its
    marker), whether it published, and whether its bundle was an increment."""

    started: float
    finished: float
    published: bool
    incremental: bool

    @property
    def length_s(self) -> float:
        return self.finished - self.started

    @classmethod
    def of(cls, run: RunRecord) -> "Cycle":
        from ..bundle import is_incremental_name  # the bundle module is not needed to build triggers
        return cls(run.started, run.finished or run.started, run.result in ("ok", "partial"),
                   bool(run.bundle) and is_incremental_name(run.bundle))


def recent_cycles(journal: Journal, limit: int = 20) -> list[Cycle]:
    """The last finished backup cycles, newest first."""
    return [Cycle.of(run) for run in journal.runs(limit, "backup") if run.finished is not None]


def expected_cycle_s(cycles: list[Cycle]) -> float:
    """How long the next increment is expected to take, start to marker: the larger of the median
    of the last few increments and the newest one (a slowdown counts at once, one slow cycle long
    ago does not); with no increment yet, the last published cycle (a full bundle, longer: the
    safe side); 0 with none at all."""
    increments = [c.length_s for c in cycles if c.published and c.incremental][:RECENT_CYCLES]
    if increments:
        return max(statistics.median(increments), increments[0])
    published = [c.length_s for c in cycles if c.published]
    return published[0] if published else 0.0


def next_increment_at(interval_s: float, cycles: list[Cycle], now: float) -> float:
    """When the next increment starts so that it is published within ``interval_s`` of the last
    published snapshot: that snapshot's cycle start plus the interval, less the expected cycle
    (and a quarter of it: cycles vary); never sooner than ``MIN_GAP_S`` after the last cycle ended; at once when nothing was ever
    published (or the time is past)."""
    published = next((c for c in cycles if c.published), None)
    if published is None:
        return now
    target = published.started + interval_s - LEAD_MARGIN * expected_cycle_s(cycles)
    return max(target, cycles[0].finished + MIN_GAP_S, now)


def overrun(interval_s: float, cycles: list[Cycle]) -> Phrase | None:
    """What to tell the operator when the last published cycle took longer than the interval: the
    recovery point is then that cycle, not the interval."""
    last = next((c for c in cycles if c.published), None)
    if last is None or not last.incremental or last.length_s <= interval_s:
        return None
    return Phrase("An incremental cycle took %1 s, longer than the interval of %2 s: the data lost if this "
                  "server fails can be %1 s, not the interval. Make the interval longer or the cycle shorter.",
                  (f"{last.length_s:.0f}", f"{interval_s:.0f}"))
