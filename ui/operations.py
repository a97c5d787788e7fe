"""Core work off the GUI thread, one helper for every call (after Anki's ``QueryOp``):

    BackgroundOp(parent, lambda: cycles.check_connections(settings, home)) \\
        .success(show_results).failure(show_error).run()

The function runs on a Python worker thread; ``success`` receives its return value and
``failure`` its exception, both on the GUI thread (a queued signal), after every progress report.

``with_progress=True`` gives the function a ``report`` keyword: a callable it may call from its
thread as often as it likes; the ``progress`` callback runs on the GUI thread with the latest
arguments. Reports are coalesced: at most one waits in the GUI's event queue and the callback
runs at most every ``PROGRESS_EVERY_S``, so a fast loop can neither flood the queue nor keep the
GUI thread busy; the newest report always arrives, and the last one before the result.
``cancellable=True`` gives the function a ``cancel`` keyword, a ``threading.Event`` that
``cancel()`` sets: the function decides where it can stop safely.

The parent keeps the operation alive until it ends; ``wait`` lets a closing window finish it.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.05  # at most 20 progress callbacks a second: the GUI thread stays free


class BackgroundOp(QObject):
    _finished = Signal(bool, object)   # ok, the result or the exception
    _progressed = Signal()             # a report waits in ``_latest``

    def __init__(self, parent: QObject, function: Callable[..., Any], *, with_progress: bool = False,
                 cancellable: bool = False) -> None:
        super().__init__(parent)
        self.function = function
        self.with_progress = with_progress
        self.cancellable = cancellable
        self.cancel_requested = threading.Event()
        self._on_success: Callable[[Any], None] = lambda _result: None
        self._on_failure: Callable[[BaseException], None] = lambda exc: log.error("background operation: %s", exc)
        self._on_progress: Callable[..., None] = lambda *_args: None
        self._thread: threading.Thread | None = None
        self._latest: tuple | None = None
        self._latest_lock = threading.Lock()
        self._last_progress = 0.0  # when the progress callback last ran (monotonic)
        self._progress_timer_armed = False
        self._finished.connect(self._deliver)
        self._progressed.connect(self._deliver_progress)

    def success(self, callback: Callable[[Any], None]) -> "BackgroundOp":
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> "BackgroundOp":
        self._on_failure = callback
        return self

    def progress(self, callback: Callable[..., None]) -> "BackgroundOp":
        self._on_progress = callback
        return self

    def run(self) -> "BackgroundOp":
        self._thread = threading.Thread(target=self._work, name="background-op", daemon=True)
        self._thread.start()
        return self

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def cancel(self) -> None:
        """Ask the function to stop (it sees ``cancel`` set); it ends when it reaches a safe point."""
        self.cancel_requested.set()

    def wait(self, timeout_s: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout_s)
        return not self.running()

    # --- the worker thread ------------------------------------------------------------------
    def _work(self) -> None:
        options: dict[str, Any] = {}
        if self.with_progress:
            options["report"] = self._report
        if self.cancellable:
            options["cancel"] = self.cancel_requested
        try:
            result = self.function(**options)
        except Exception as exc:  # delivered to the failure callback, never raised into Qt
            log.debug("background operation failed", exc_info=True)
            self._finished.emit(False, exc)
        else:
            self._finished.emit(True, result)

    def _report(self, *args: Any) -> None:
        with self._latest_lock:
            waiting = self._latest is not None
            self._latest = args
        if not waiting:
            self._progressed.emit()

    # --- the GUI thread -----------------------------------------------------------------------
    def _deliver_progress(self) -> None:
        """The newest report, unless one was shown less than ``PROGRESS_EVERY_S`` ago: then it is
        shown when that time is up (it stays the one waiting, so the worker queues no other)."""
        wait_ms = int((self._last_progress + PROGRESS_EVERY_S - time.monotonic()) * 1000)
        if wait_ms > 0:
            if not self._progress_timer_armed:
                self._progress_timer_armed = True
                QTimer.singleShot(wait_ms, self, self._progress_time_up)
            return
        self._show_latest_progress()

    def _progress_time_up(self) -> None:
        self._progress_timer_armed = False
        self._deliver_progress()

    def _show_latest_progress(self) -> None:
        with self._latest_lock:
            args, self._latest = self._latest, None
        if args is not None:
            self._last_progress = time.monotonic()
            self._on_progress(*args)

    def _deliver(self, ok: bool, value: Any) -> None:
        self._show_latest_progress()  # the last report before the result, however recent the previous
        (self._on_success if ok else self._on_failure)(value)
