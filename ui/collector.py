"""Python's cyclic garbage collection on the GUI thread only, from a timer (as Anki's ``aqt`` does).

CPython's automatic collection runs on whichever thread happens to allocate past its threshold.
A collection on a worker thread (a ``BackgroundOp``'s) that frees a cycle holding a Qt wrapper
destroys that QObject from the wrong thread, and Qt's objects belong to the GUI thread: the
process can die with SIGSEGV (the window tests did, once, while a worker imported paramiko). So
the GUI process turns automatic collection off and collects here, on the GUI thread:

- what exists when the collector starts (the modules, their classes and what the imports made:
  about 40 000 objects) is frozen (``gc.freeze``): it lives as long as the process, and no
  collection walks it again;
- every ``CHECK_MS`` the young generations (0 and 1) whose counts passed CPython's own thresholds
  are collected, as often as CPython would have collected them (a fraction of a millisecond);
- the oldest generation, the full collection, only every ``FULL_EVERY_S`` (about 6 ms of CPU with
  the settings window open; without the freeze 60 ms: figures in the README's *The window*).

Reference counting still frees at once, on any thread, everything that is not in a cycle: only
cycles wait for the timer, which also fires when the window is idle.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication

CHECK_MS = 500
FULL_EVERY_S = 300.0


class MainThreadCollector(QObject):
    """Owned by the application: automatic collection off while it lives, its timer collects."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        self.longest_s = 0.0  # the longest collection so far (the README's figure)
        gc.collect()
        gc.freeze()
        gc.disable()
        self.last_full = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def due(self) -> int | None:
        """The oldest generation to collect now, or None: CPython's rule for 0 and 1, the clock for 2."""
        if time.monotonic() - self.last_full >= FULL_EVERY_S:
            return 2
        counts = gc.get_count()
        for generation in (1, 0):
            if counts[generation] > self.thresholds[generation]:
                return generation
        return None

    def collect_due(self) -> None:
        generation = self.due()
        if generation is None:
            return
        started = time.perf_counter()
        gc.collect(generation)
        self.longest_s = max(self.longest_s, time.perf_counter() - started)
        if generation == 2:
            self.last_full = time.monotonic()

    def stop(self) -> None:
        """Automatic collection back on (the process goes on without Qt)."""
        self.timer.stop()
        gc.unfreeze()
        gc.enable()


def install(app: QCoreApplication) -> MainThreadCollector:
    """The application's collector, made the first time."""
    return app.findChild(MainThreadCollector) or MainThreadCollector(app)


def application(argv: list[str]) -> QApplication:
    """The process's QApplication, made once, collecting on its own thread: the window's entry point
    and the window tests start it here."""
    app = QApplication.instance() or QApplication(argv)
    install(app)
    return app
