"""The e-mail event sink: ``notifier(event)`` returns at once; one daemon thread sends.

A slow or dead mail server never holds a cycle. The thread decides (``throttle``), writes
(``compose``), sends (``smtp``) and keeps what could not be delivered yet (``outbox``).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from ..clock import iso_from_timestamp
from ..errors import NotifyError
from ..events import Event
from ..journal import Journal, StateKey
from ..paths import Home
from ..settings.model import EmailAccount, Settings
from . import outbox
from .compose import notice_message, summary_message
from .outbox import Outgoing
from .throttle import PROBLEMS_KEY, decide

if TYPE_CHECKING:
    import ssl

log = logging.getLogger(__name__)

SUMMARY_KEY = StateKey.NOTIFY_SUMMARY


class Notifier:
    """The e-mail event sink: ``notifier(event)`` returns at once; one thread sends.

    ``clock`` (seconds, like time.time) decides reminders and durations; tests
    inject one. ``ssl_context`` replaces the system's trusted CAs (tests).
    """

    def __init__(self, settings: Settings, home: Home, journal: Journal, *,
                 clock: Callable[[], float] = time.time, ssl_context: ssl.SSLContext | None = None,
                 queue_size: int = 1000) -> None:
        self.settings = settings
        self.home = home
        self.journal = journal
        self.clock = clock
        self.ssl_context = ssl_context
        self._queue: queue.Queue = queue.Queue(maxsize=queue_size)
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()

    # --- what callers use -----------------------------------------------------------
    def __call__(self, event: Event) -> None:
        self._submit(("event", event))

    def update_settings(self, settings: Settings) -> None:
        """Use new settings from the next event on (the worker reloads without a restart)."""
        self.settings = settings

    def send_daily_summary(self, now: float | datetime | None = None) -> bool:
        """Queue the daily summary (if enabled and not sent yet that day); True when queued."""
        if not self.settings.notify.daily_summary:
            return False
        stamp = now.timestamp() if isinstance(now, datetime) else (self.clock() if now is None else float(now))
        self._submit(("summary", stamp))
        return True

    def retry_pending(self) -> None:
        """Try the messages that could not be delivered yet (the service may call this now and then)."""
        self._submit(("retry", None))

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until everything queued so far is handled; False if ``timeout`` ran out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True

    def close(self, timeout: float | None = 30.0) -> bool:
        """Flush, then stop the thread (service shutdown)."""
        done = self.flush(timeout)
        if self._thread is not None and self._thread.is_alive():
            try:
                self._queue.put_nowait(("stop", None))
            except queue.Full:
                pass
        return done

    # --- the thread -----------------------------------------------------------------
    def _submit(self, job: tuple[str, Any]) -> None:
        try:
            self._queue.put_nowait(job)
        except queue.Full:  # never block a cycle; a full queue means the thread is stuck
            log.error("notification queue full; %s dropped", job[0])
            return
        self._ensure_thread()

    def _ensure_thread(self) -> None:
        with self._thread_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="notifier", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            kind, payload = self._queue.get()
            try:
                if kind == "stop":
                    return
                self._handle(kind, payload)
            except Exception:  # the thread must survive anything one job does
                log.exception("notification job %s failed", kind)
            finally:
                self._queue.task_done()

    def _handle(self, kind: str, payload: Any) -> None:
        if kind == "event":
            self._deliver(self._messages_for(payload))
        elif kind == "summary":
            self._deliver(self._summary_messages(payload))
        else:
            self._deliver([], force=True)

    # --- deciding ---------------------------------------------------------------------
    def _account(self) -> EmailAccount | None:
        name = self.settings.notify.account
        return self.settings.account(name) if name else None

    def _messages_for(self, event: Event) -> list[Outgoing]:
        now = self.clock()
        notify = self.settings.notify
        # Without an account nothing counts as announced, so nothing is "recovered" either.
        ticked = set(notify.events) if self._account() else set()
        problems = self.journal.get_state(PROBLEMS_KEY, {}) or {}
        before = repr(problems)
        notices = decide(event, problems, ticked, notify.reminder_min * 60, now)
        if repr(problems) != before:
            self.journal.set_state(PROBLEMS_KEY, problems)
        return [notice_message(n, self.settings, self.journal, now) for n in notices]

    def _summary_messages(self, now: float) -> list[Outgoing]:
        day = datetime.fromtimestamp(now).strftime("%Y-%m-%d")
        if not self._account() or (self.journal.get_state(SUMMARY_KEY) or {}).get("date") == day:
            return []
        self.journal.set_state(SUMMARY_KEY, {"date": day, "at": iso_from_timestamp(now)})
        return [summary_message(self.journal, self.settings, now)]

    # --- delivering -----------------------------------------------------------------
    def _deliver(self, new: list[Outgoing], *, force: bool = False) -> None:
        """Send the waiting messages, oldest first, then the new ones; keep what failed."""
        waiting = outbox.waiting(self.journal)
        now = self.clock()
        last_try = float(self.journal.get_state(StateKey.NOTIFY_LAST_ATTEMPT, 0) or 0)
        if not new and not (waiting and (force or now - last_try >= outbox.RETRY_INTERVAL_S)):
            return
        account = self._account()
        if account is None:  # waiting messages stay for when an account is chosen again
            return
        pending = waiting + new
        self.journal.set_state(StateKey.NOTIFY_LAST_ATTEMPT, now)
        left = self._send_in_order(account, pending, now)
        outbox.keep_waiting(self.journal, left)

    def _send_in_order(self, account: EmailAccount, pending: list[Outgoing], now: float) -> list[Outgoing]:
        from .smtp import send_message, to_email  # smtplib, ssl and email only when there is mail to send
        for index, item in enumerate(pending):
            try:
                answer = send_message(account, to_email(item, account), ssl_context=self.ssl_context)
            except NotifyError as exc:
                item.attempts += 1
                self._record(exc, now, len(pending) - index)
                log.warning("e-mail not sent (%s): %s", item.subject, exc)
                # The server is likely down for all of them: keep the rest for the next try.
                return pending[index:]
            log.info("e-mail sent (%s): %s", item.subject, answer)
            self._record(None, now, len(pending) - index - 1)
        return []

    def _record(self, failure: NotifyError | None, now: float, pending: int) -> None:
        outbox.record_delivery(self.journal, self.settings.notify.account, failure, now, pending)
