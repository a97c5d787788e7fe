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


def format_duration(seconds: float) -> str:
    """ "2 h 14 min", "5 min": the same in English and Portuguese."""
    hours, minutes = divmod(int(max(seconds, 0) // 60), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
