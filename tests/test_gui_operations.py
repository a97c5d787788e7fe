"""BackgroundOp, the one way the window runs work off the GUI thread: results, failures, coalesced
progress and cancellation, and Executar agora stopped by closing the window."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QObject, Qt

from app.journal import Journal
from tests.gui_helpers import fill_official_folder, make_sqlite_db, window_factory
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
    events, shown_at = [], []

    def count(report):
        for done in range(REPORTS):
            report("copy", done + 1, REPORTS)
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
    assert events[-1] == "done" and progress[-1] == REPORTS  # the last report arrives, before the result
    assert progress == sorted(progress)
    # a fast loop cannot flood the event queue: at most one report waits at a time
    assert len(queued) < REPORTS // 10 and len(progress) <= len(queued), (len(queued), len(progress))
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
