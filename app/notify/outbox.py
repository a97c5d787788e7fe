"""The messages that wait in the journal until the SMTP server takes them, and the last outcome.

Bounded: a server down for days must not grow the journal without end.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ..clock import iso_from_timestamp
from ..journal import Journal, StateKey
from ..phrases import phrase_of, to_data

log = logging.getLogger(__name__)

OUTBOX_KEY = StateKey.NOTIFY_OUTBOX
STATUS_KEY = StateKey.NOTIFY_STATUS
#: a message the server would not take is retried at most this often, this many times
RETRY_INTERVAL_S = 60
MAX_ATTEMPTS = 20
OUTBOX_LIMIT = 50


@dataclass
class Outgoing:
    """A message ready to send; a plain dict in the journal's outbox while it waits."""

    subject: str
    body: str
    created: float
    message_id: str = ""
    attempts: int = 0

    def as_state(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> "Outgoing":
        return cls(**{k: data[k] for k in ("subject", "body", "created", "message_id", "attempts") if k in data})


    @classmethod
    def new(cls, subject: str, body: str, now: float) -> "Outgoing":
        return cls(subject, body, now, new_message_id())


def new_message_id() -> str:
    # A fixed domain: make_msgid's default asks DNS for this host's name, which can hang.
    # Short enough that the header is never folded.
    from email.utils import make_msgid  # only when a message is made: every command imports this module
    return make_msgid(domain="contingencia.invalid")


def waiting(journal: Journal) -> list[Outgoing]:
    return [Outgoing.from_state(d) for d in journal.get_state(OUTBOX_KEY, []) or []]


def keep_waiting(journal: Journal, items: list[Outgoing]) -> None:
    """What is still undelivered, less what was tried too often, back into the outbox."""
    keep = [i for i in items if i.attempts < MAX_ATTEMPTS][-OUTBOX_LIMIT:]
    for item in (i for i in items if i not in keep):
        log.error("e-mail given up after %d attempts: %s", item.attempts, item.subject)
    if keep:
        journal.set_state(OUTBOX_KEY, [i.as_state() for i in keep])
    elif journal.get_state(OUTBOX_KEY) is not None:
        journal.delete_state(OUTBOX_KEY)


def record_delivery(journal: Journal, account: str, failure: Exception | None, now: float, pending: int) -> None:
    """The last delivery's outcome, for the status line, the tray and the window: a failure in
    English (``error``) and as its phrase (``error_phrase``), which the window translates."""
    journal.set_state(STATUS_KEY, {"ok": failure is None, "at": iso_from_timestamp(now),
                                   "error": "" if failure is None else str(failure),
                                   "error_phrase": None if failure is None else to_data(phrase_of(failure)),
                                   "pending": pending, "account": account})
