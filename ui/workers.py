"""Work off the GUI thread: a cycle ("Executar agora") and the status poll (one-off calls use
``ui.operations.BackgroundOp``). The main thread only receives signals, so it never waits on I/O.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from app import status
from app.errors import ContingencyError, LockBusyError
from app.journal import Journal, RunRecord
from app.paths import Home
from app.runs import run_once
from app.settings.model import Settings
from app.settings.store import SettingsStore

log = logging.getLogger(__name__)

FAILURES_SHOWN_AFTER = 3  # consecutive failed polls before the status shows the error
PROGRESS_EVERY_S = 0.05  # at most 20 progress signals a second: the GUI thread stays free


class CycleThread(QThread):
    """One backup or restore cycle, as ``runs.run_once`` composes it, off the GUI thread."""

    progress = Signal(str, int, int)          # step, done bytes, total bytes
    finished_cycle = Signal(str, str, int)    # result, message, run id

    def __init__(self, settings: Settings, home: Home, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.home = home
        self.cancel = threading.Event()
        self._last_emit = 0.0
        self._last_step = ""

    def _on_progress(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        complete = total and done >= total
        if step == self._last_step and not complete and now - self._last_emit < PROGRESS_EVERY_S:
            return
        self._last_emit, self._last_step = now, step
        self.progress.emit(step, int(done), int(total))

    def run(self) -> None:
        try:
            # the e-mails of the cycle leave in this thread, before it ends
            result = run_once(self.settings, self.home, trigger="gui", on_progress=self._on_progress,
                              cancel=self.cancel, lock_wait_s=0)
            self.finished_cycle.emit(result.result, result.message, result.run_id)
        except LockBusyError as exc:
            self.finished_cycle.emit("busy", str(exc), 0)
        except ContingencyError as exc:
            self.finished_cycle.emit("failed", str(exc), 0)
        except Exception as exc:  # a bug must not kill the GUI; the log keeps the traceback
            log.exception("cycle started from the GUI failed")
            self.finished_cycle.emit("failed", f"Unexpected error: {exc!r} (see the log).", 0)


@dataclass
class Snapshot:
    """What one poll read: the status dictionary and the last runs."""

    status: dict[str, Any]
    runs: list[RunRecord] = field(default_factory=list)
    error: str = ""
    settings: Settings | None = None  # the saved settings the status was computed with
    generation: int = -1  # the store's generation of those settings


class StatusPoller(QObject):
    """Reads the journal every second on a pool thread and emits what it found.

    A poll still running when the timer fires again is not doubled up, so a slow
    disk can only make the display late, never make the GUI wait.
    """

    polled = Signal(object)  # Snapshot (emitted from the pool thread, delivered queued)
    updated = Signal(object)  # Snapshot, on the GUI thread

    def __init__(self, home: Home, settings: Settings, interval_ms: int = 1000,
                 history_size: int = 50, parent: QObject | None = None, store: SettingsStore | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.store = store or SettingsStore(home)
        self.settings = settings
        self.generation = self.store.generation()
        self.history_size = history_size
        self.last: Snapshot | None = None
        self._journal: Journal | None = None
        self._journal_lock = threading.Lock()
        self._busy = False
        self.failures = 0
        # A Python thread, not a QThreadPool of Python QRunnables: the pool deletes a finished
        # runnable on the C++ side while Python may still hold it, a known source of crashes.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="status-poll")
        self.stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.polled.connect(self._deliver)

    def journal(self) -> Journal:
        with self._journal_lock:
            if self._journal is None:
                self._journal = Journal(self.home.journal_file)
            return self._journal

    def start(self) -> None:
        self.timer.start()
        self.poll()

    def stop(self) -> None:
        """Stop polling and wait for a poll under way: nothing emits after the window is gone."""
        self.stopped = True
        self.timer.stop()
        self.executor.shutdown(wait=True)

    def poll(self) -> None:
        if self._busy or self.stopped:
            return
        self._busy = True
        self.executor.submit(self._read)

    def _read(self) -> None:
        """On the poll thread: read the journal; the snapshot reaches the GUI thread queued."""
        try:
            self._follow_saved_settings()
            journal = self.journal()
            settings, generation = self.settings, self.generation
            snapshot = Snapshot(status.collect(settings, self.home, journal), journal.runs(self.history_size),
                                settings=settings, generation=generation)
        except Exception as exc:  # a damaged or locked journal is shown, never raised into Qt
            log.warning("status poll failed: %s", exc)
            snapshot = Snapshot({"state": "error", "summary": f"Status unavailable: {exc}"}, [], str(exc))
        self.polled.emit(snapshot)

    def _follow_saved_settings(self) -> None:
        """Settings saved by anyone (the window, the Assistente, the command line) are shown at once."""
        generation = self.store.generation()
        if generation != self.generation:
            self.settings = self.store.load(with_secrets=False)
            self.generation = generation

    def _deliver(self, snapshot: Snapshot) -> None:
        self._busy = False
        if snapshot.error:
            self.failures += 1
            if self.failures < FAILURES_SHOWN_AFTER:
                return  # a passing hiccup (a locked journal being created) must not flash the tray red
        else:
            self.failures = 0
        self.last = snapshot
        self.updated.emit(snapshot)
