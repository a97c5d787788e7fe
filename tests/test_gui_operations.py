"""BackgroundOp, the one way the window runs work off the GUI thread: results, failures, coalesced
progress and cancellation, Executar agora stopped by closing the window, and the garbage
collection that stays on the GUI thread while a worker makes garbage (ui/collector.py)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
import weakref

import pytest
from PySide6.QtCore import QObject, Qt

from app.journal import Journal
from tests.gui_helpers import fill_official_folder, make_sqlite_db, window_factory
from ui.collector import CHECK_MS
from ui.operations import PROGRESS_EVERY_S, BackgroundOp

pytestmark = pytest.mark.gui

REPORTS = 200_000


@pytest.fixture
def open_window(qtbot):
    yield from window_factory(qtbot)


@pytest.fixture
def parent():
    owner = QObject()
    yield owner
    owner.deleteLater()


def test_the_result_and_the_failure_reach_the_gui_thread(qtbot, parent):
    gui_thread = threading.get_ident()
    seen = []
    BackgroundOp(parent, lambda: threading.get_ident()) \
        .success(lambda worker: seen.append(("ok", worker, threading.get_ident()))).run()
    BackgroundOp(parent, lambda: 1 / 0) \
        .failure(lambda exc: seen.append(("failed", type(exc), threading.get_ident()))).run()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    ok = next(s for s in seen if s[0] == "ok")
    failed = next(s for s in seen if s[0] == "failed")
    assert ok[1] != gui_thread and ok[2] == gui_thread  # ran on a worker, delivered on the GUI thread
    assert failed[1:] == (ZeroDivisionError, gui_thread)


def test_progress_is_coalesced_the_newest_report_wins_and_comes_before_the_result(qtbot, parent):
    events, shown_at, reported = [], [], []

    def count(report):
        # at least REPORTS reports, and for at least eight PROGRESS_EVERY_S: a fixed count alone
        # took under 0.1 s on a quick machine, too short for three callbacks to be shown
        done, until = 0, time.monotonic() + 8 * PROGRESS_EVERY_S
        while done < REPORTS or time.monotonic() < until:
            done += 1
            report("copy", done, None)
        reported.append(done)
        return "done"

    op = BackgroundOp(parent, count, with_progress=True) \
        .progress(lambda step, done, total: events.append(done) or shown_at.append(time.monotonic())) \
        .success(lambda result: events.append(result))
    queued = []
    op._progressed.connect(lambda: queued.append(1))  # every event the worker put in the GUI's queue
    op.run()
    qtbot.waitUntil(lambda: "done" in events, timeout=20000)
    assert op.wait(5)  # the worker ends right after it handed over the result
    progress = events[:-1]
    assert events[-1] == "done" and progress[-1] == reported[0]  # the last report, before the result
    assert progress == sorted(progress)
    # a fast loop cannot flood the event queue: at most one report waits at a time
    assert len(queued) < reported[0] // 10 and len(progress) <= len(queued), (len(queued), len(progress))
    # nor keep the GUI thread busy: the callback runs at most every PROGRESS_EVERY_S (the last
    # report, delivered with the result, aside)
    gaps = [later - earlier for earlier, later in zip(shown_at[:-2], shown_at[1:-1])]
    assert len(progress) >= 3 and min(gaps) >= PROGRESS_EVERY_S * 0.9, gaps


def test_cancel_reaches_the_function(qtbot, parent):
    answers = []
    op = BackgroundOp(parent, lambda cancel: cancel.wait(20), cancellable=True) \
        .success(answers.append).run()
    assert op.running()
    op.cancel()
    qtbot.waitUntil(lambda: answers == [True], timeout=5000)


def test_closing_the_window_stops_a_running_cycle_before_it_publishes(home, store, open_window, tmp_path, qtbot):
    share = tmp_path / "share"
    share.mkdir()
    window = open_window(home, store)
    fill_official_folder(qtbot, window, share, make_sqlite_db(tmp_path / "loja.db"))
    qtbot.mouseClick(window.buttons.save_button, Qt.LeftButton)
    assert not window.is_dirty(), window.message.text()
    qtbot.mouseClick(window.buttons.run_button, Qt.LeftButton)
    assert window.buttons.cycle_running()
    started = time.monotonic()
    window.shutdown()  # what closing the window does
    assert time.monotonic() - started < 15
    assert not window.buttons.cycle_running()
    [last] = Journal(home.journal_file).runs(1)
    assert "stopped on request" in (last.error or ""), (last.result, last.error)
    assert not (share / "BACKUPOK.TXT").exists()  # stopped before the marker: nothing half-published


class Cycle:
    """Garbage only the cyclic collector frees: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


def test_cyclic_garbage_is_collected_on_the_gui_thread_only_and_when_idle(qtbot, parent):
    """A collection on a worker thread may destroy the GUI thread's Qt objects there (a SIGSEGV):
    while a worker makes 200 000 cycles, CPython alone would collect about 280 times on it."""
    gui_thread, collected_on = threading.get_ident(), []

    def noted(phase: str, _info: dict) -> None:
        if phase == "start":
            collected_on.append(threading.get_ident())

    def churn() -> weakref.ref:
        for _ in range(200_000):
            last = Cycle()
        return weakref.ref(last)

    done: list[weakref.ref] = []
    gc.callbacks.append(noted)
    try:
        BackgroundOp(parent, churn).success(done.append).run()
        qtbot.waitUntil(lambda: bool(done), timeout=20_000)
        assert set(collected_on) <= {gui_thread}, "a collection ran on the worker thread"
        qtbot.waitUntil(lambda: done[0]() is None, timeout=4 * CHECK_MS)  # the window idle: the timer frees it
    finally:
        gc.callbacks.remove(noted)
    assert collected_on and set(collected_on) == {gui_thread}


def test_the_window_s_entry_point_collects_on_the_gui_thread_too(home):
    """The tests' application is made as ``contingencia gui`` makes it: checked in a process of its own."""
    code = ("import gc, sys\n"
            "from app.paths import Home\n"
            "from ui.app import GuiApp\n"
            "from ui.collector import MainThreadCollector\n"
            "gui = GuiApp(Home.resolve(sys.argv[1]).ensure(), None)\n"
            "print(gc.isenabled(), gui.qt.findChild(MainThreadCollector) is not None)\n"
            "gui.window.shutdown(); gui.poller.stop()\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run([sys.executable, "-c", code, str(home.root)], capture_output=True, text=True,
                          timeout=120, cwd=root, env=dict(os.environ, PYTHONPATH=root))
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.split() == ["False", "True"]
