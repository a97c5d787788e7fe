"""Times as the product writes and shows them: ISO 8601 in UTC, and durations in words."""

from __future__ import annotations

from datetime import datetime, timezone

ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(ISO_FORMAT)


def iso_from_timestamp(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, timezone.utc).strftime(ISO_FORMAT)


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, ISO_FORMAT).replace(tzinfo=timezone.utc)


def format_duration(seconds: float, *, exact: bool = False) -> str:
    """ "2 h 14 min", "5 min": the same in English and Portuguese. ``exact`` keeps the seconds
    under an hour ("42 s", "5 min 03 s") and counts days from 48 hours on ("3 d 4 h")."""
    minutes, secs = divmod(int(max(seconds, 0)), 60)
    hours, minutes = divmod(minutes, 60)
    if exact and not hours:
        return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
    if exact and hours >= 48:
        days, hours = divmod(hours, 24)
        return f"{days} d {hours} h"
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def format_age(seconds: float | None) -> str:
    """A data age for a message or the command line: "unknown" when there is none."""
    return "unknown" if seconds is None else format_duration(seconds)
