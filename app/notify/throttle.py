"""What an event sends: one message when a problem starts, reminders, one when it clears.

The problems announced so far (problem key -> kind, since, last sent, count) are the journal's
"notify.problems", so a restarted worker neither repeats a message nor forgets a recovery.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..events import Event
from ..journal import StateKey

SUCCESS_KINDS = ("backup_ok", "restore_ok")
PLAIN_KINDS = ("worker_started", "worker_stopped", "promotion_done")
PROBLEMS_KEY = StateKey.NOTIFY_PROBLEMS


@dataclass
class Notice:
    """A decision to write one message about one event."""

    variant: str  # start | reminder | recovered | plain
    event: Event
    kind: str  # the kind named in the subject (the failure's kind for a recovery)
    since: float | None = None
    count: int = 0


def decide(event: Event, problems: dict[str, dict], ticked: set[str], reminder_s: float,
           now: float) -> list[Notice]:
    """What ``event`` should send, updating ``problems`` (problem key -> what was announced).

    Problems are tracked even when their kind is not ticked, so the start time is
    right if the kind is ticked later or a ticked kind follows for the same problem.
    """
    if event.kind in PLAIN_KINDS:
        return [Notice("plain", event, event.kind)] if event.kind in ticked else []
    if event.ok:
        return _on_ok(event, problems, ticked)
    return _on_problem(event, problems, ticked, reminder_s, now)


def _problem_key(event: Event) -> str:
    return event.problem or event.kind


def _on_problem(event: Event, problems: dict[str, dict], ticked: set[str], reminder_s: float,
                now: float) -> list[Notice]:
    entry = problems.setdefault(_problem_key(event), {"kind": event.kind, "since": now,
                                                      "last_sent": None, "count": 0})
    entry["count"] += 1
    if event.kind not in ticked:
        return []
    if entry["last_sent"] is None:
        entry.update(kind=event.kind, last_sent=now)
        return [Notice("start", event, event.kind, entry["since"], entry["count"])]
    if reminder_s > 0 and now - entry["last_sent"] >= reminder_s:
        entry["last_sent"] = now
        return [Notice("reminder", event, event.kind, entry["since"], entry["count"])]
    return []


def _on_ok(event: Event, problems: dict[str, dict], ticked: set[str]) -> list[Notice]:
    entry = problems.pop(_problem_key(event), None)
    if entry and entry["last_sent"] is not None:
        # The start was announced, so the end is too, whether or not successes are ticked.
        return [Notice("recovered", event, entry["kind"], entry["since"], entry["count"])]
    if event.kind in SUCCESS_KINDS and event.kind in ticked:
        return [Notice("plain", event, event.kind)]
    return []  # e.g. "destination reachable" with no outage before: nothing to say

