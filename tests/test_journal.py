"""The journal: one connection per cycle, progress at a bounded rate, readers never blocked."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from app.cycles import run_contingency, run_official
from app.journal import Journal

from .pair import make_pair


@pytest.fixture
def journal_opens(monkeypatch):
    """How many connections are opened to each journal file."""
    opened: dict[str, int] = {}
    real = sqlite3.connect

    def connect(database, *args, **kwargs):
        if str(database).endswith("journal.sqlite3"):
            opened[str(database)] = opened.get(str(database), 0) + 1
        return real(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    return opened


def test_a_cycle_keeps_one_journal_connection(tmp_path, journal_opens):
    pair = make_pair(tmp_path)
    for run, settings, home in ((run_official, pair.official, pair.official_home),
                                (run_contingency, pair.contingency, pair.contingency_home)):
        journal = Journal(home.journal_file)
        journal_opens.clear()
        assert run(settings, home, journal=journal).ok
        assert journal_opens == {str(home.journal_file): 1}, f"{run.__name__}: {journal_opens}"
        assert journal.runs()[0].result == "ok"  # and it is closed: readers open their own again
        assert journal_opens[str(home.journal_file)] == 2


def test_progress_is_written_at_a_bounded_rate(tmp_path, monkeypatch):
    journal = Journal(tmp_path / "journal.db")
    writes = []
    real_write = journal._write
    monkeypatch.setattr(journal, "_write", lambda sql, params=(): writes.append(sql) or real_write(sql, params))
    with journal.run("restore") as run, run.step("extract"):
        started = time.monotonic()
        for done in range(0, 20_001):
            run.progress(done, 20_000)
        elapsed = time.monotonic() - started
    progress_writes = [sql for sql in writes if sql.startswith("UPDATE runs SET done_bytes")]
    assert 2 <= len(progress_writes) <= 2 + elapsed / 0.25
    assert journal.runs()[0].done_bytes == 20_000


def test_readers_in_other_threads_share_a_kept_connection_safely(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    seen, errors = [], []

    def read() -> None:
        try:
            for _ in range(200):
                seen.append(len(journal.runs(limit=5)))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    with journal.kept():
        reader = threading.Thread(target=read)
        reader.start()
        for _ in range(50):
            with journal.run("backup") as run:
                run.set(bundle="x")
        reader.join()
    assert not errors and len(seen) == 200
    assert len(journal.runs(limit=100)) == 50
