"""What the cycles tell the world: events for notifications, status and the tray.

A cycle emits an ``Event``; sinks (the e-mail notifier, a log) receive it. A sink
must never break a cycle: ``emit`` catches and logs whatever a sink raises.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

log = logging.getLogger(__name__)


@dataclass
class Event:
    """One thing that happened.

    ``kind`` is one of ``settings.model.EVENT_KINDS``. ``problem`` names the condition
    the event starts or clears ("backup", "destination1", "restore", "official_silent"),
    so a notifier can send one message when it starts, reminders while it lasts and
    one when it clears. ``ok`` is True for a success or a recovery.
    """

    kind: str
    problem: str
    ok: bool
    summary: str
    detail: str = ""
    machine: str = ""
    mode: str = ""
    at: float = field(default_factory=time.time)
    facts: dict[str, Any] = field(default_factory=dict)


Sink = Callable[[Event], None]


def emit(sinks: Iterable[Sink] | None, event: Event) -> None:
    log.info("event %s (%s): %s", event.kind, "ok" if event.ok else "problem", event.summary)
    for sink in sinks or ():
        try:
            sink(event)
        except Exception:  # a notifier failure must never break a cycle
            log.exception("event sink %r failed for %s", sink, event.kind)
