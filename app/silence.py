"""When the official's next backup is due, and when its silence raises the alert (B3).

Counted on this machine's clock from when it first saw the last marker, never from the
official's clock alone. The contingency's cycle and ``status`` both ask; kept apart from the
cycle so that ``status`` does not load the pipelines to answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .clock import parse_iso
from .journal import Journal, StateKey
from .settings.model import Settings

if TYPE_CHECKING:
    from .markers import Marker


def seen_at(journal: Journal, marker: "Marker") -> datetime:
    """When this machine first saw ``marker`` (its creation time if it never recorded it)."""
    seen = journal.get_state(StateKey.MARKER_SEEN) or {}
    return parse_iso(seen["at"]) if seen.get("sha256") == marker.sha256 else marker.created_at


def expected_by(settings: Settings, marker: "Marker", seen: datetime | None = None) -> datetime:
    """When the official's next backup is due after ``marker`` (no grace), on this machine's clock:
    the wait the official announced (a duration on its own clock) counted from ``seen``."""
    c = settings.contingency
    base = seen or marker.created_at
    if c.silent_after_min:
        return base + timedelta(minutes=c.silent_after_min)
    if marker.next_expected:
        return base + max(parse_iso(marker.next_expected) - marker.created_at, timedelta(0))
    if marker.interval_min:
        return base + timedelta(minutes=marker.interval_min)
    return base + timedelta(hours=24)


def silence_deadline(settings: Settings, marker: "Marker", seen: datetime | None = None) -> datetime:
    """When the official must have published again, grace included."""
    return expected_by(settings, marker, seen) + timedelta(minutes=settings.contingency.silent_grace_min)
