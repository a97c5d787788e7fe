"""APScheduler triggers built from the settings (F6).

Official: a fixed interval in minutes, or up to three times of day (local time); with
incremental bundles on, also every ``incremental_interval_min`` minutes between them (the cycle
itself decides which bundle is full: app/delta/chain.py).
Contingency: a poll every ``poll_interval_s`` seconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from tzlocal import get_localzone

from ..settings.model import OfficialSettings, Settings


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


def describe(settings: Settings) -> str:
    if settings.mode == "contingency":
        return f"checks for a new backup every {settings.contingency.poll_interval_s} s"
    o = settings.official
    full = "backup at " + ", ".join(o.times) if o.by_times else f"backup every {o.interval_min} min"
    return full + (f", incremental every {o.incremental_interval_min} min" if o.incremental_interval_min else "")
