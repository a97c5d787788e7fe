"""The status poll: the journal read every second off the GUI thread (through
``ui.operations.BackgroundOp``, like every other piece of work), so the main thread never waits on I/O.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app import status
from app.journal import Journal, RunRecord
from app.paths import Home
from app.settings.model import Settings
from app.settings.store import SettingsStore

from .operations import BackgroundOp

log = logging.getLogger(__name__)

FAILURES_SHOWN_AFTER = 3  # consecutive failed polls before the status shows the error


@dataclass
class Snapshot:
    """What one poll read: the status dictionary and the last runs."""

    status: dict[str, Any]
    runs: list[RunRecord] = field(default_factory=list)
    error: str = ""
    settings: Settings | None = None  # the saved settings the status was computed with
    generation: int = -1  # the store's generation of those settings


class StatusPoller(QObject):
    """Reads the journal every second off the GUI thread and emits what it found.

    A poll still running when the timer fires again is not doubled up, so a slow
    disk can only make the display late, never make the GUI wait.
    """

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
        self._op: BackgroundOp | None = None
        self.failures = 0
        self.stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

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
        if self._op is not None:
            self._op.wait()

    def poll(self) -> None:
        if self._busy or self.stopped:
            return
        self._busy = True
        if self._op is not None:
            self._op.deleteLater()  # finished: one operation a poll, never kept
        self._op = BackgroundOp(self, self._read).success(self._deliver).run()

    def _read(self) -> Snapshot:
        """Off the GUI thread: read the journal; the snapshot reaches the GUI thread queued."""
        try:
            self._follow_saved_settings()
            journal = self.journal()
            settings, generation = self.settings, self.generation
            snapshot = Snapshot(status.collect(settings, self.home, journal), journal.runs(self.history_size),
                                settings=settings, generation=generation)
        except Exception as exc:  # a damaged or locked journal is shown, never raised into Qt
            log.warning("status poll failed: %s", exc)
            snapshot = Snapshot({"state": "error", "summary": f"Status unavailable: {exc}"}, [], str(exc))
        return snapshot

    def _follow_saved_settings(self) -> None:
        """Settings saved by anyone (the window, the Assistente, the command line) are shown at once."""
        generation = self.store.generation()
        if generation != self.generation:
            self.settings = self.store.load(with_secrets=False)
            self.generation = generation

    def _deliver(self, snapshot: Snapshot) -> None:
        self._busy = False
        if self.stopped:
            return  # nothing reaches a window that is gone
        if snapshot.error:
            self.failures += 1
            if self.failures < FAILURES_SHOWN_AFTER:
                return  # a passing hiccup (a locked journal being created) must not flash the tray red
        else:
            self.failures = 0
        self.last = snapshot
        self.updated.emit(snapshot)
