"""SIGKILL at every new step of a chain (app/faults.py points): nothing lost, nothing half-applied."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest

from app.delta.follow import applied
from app.demo.data import change_prices, fingerprint
from app.journal import Journal, StateKey
from app.markers import MARKER_NAME, Marker

from .pair import Pair, cli, make_pair
from .test_service import killed_at

pytestmark = pytest.mark.slow


@pytest.fixture
def chained(tmp_path) -> Pair:
    p = make_pair(tmp_path, products=1500, sales=20000)
    p.official.official.incremental_interval_min = 1
    p.official.official.interval_min = 1440
    p.save()
    return p


@contextmanager
def copy_forced(db):
    """The increment made from the backup API's copy, not from a snapshot: the database in WAL
    mode and a reader holding an older state, so the WAL cannot be checkpointed."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        yield
    finally:
        conn.close()


def marker_of(p: Pair) -> Marker:
    return Marker.parse((p.shared / MARKER_NAME).read_text())


def sound(db: Path) -> bool:
    """Opened by plain SQLite, as any program would: a hot journal is played back first."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def leftovers(db: Path) -> list[str]:
    return sorted(f.name for f in db.parent.glob(db.name + "*") if f != db)


@pytest.mark.parametrize("point, live_after", [("delta.journal-written", "old"), ("delta.page-written", "old"),
                                               ("delta.patched", "new"), ("delta.recorded", "new")])
def test_a_kill_while_patching_leaves_the_old_copy_or_the_new_one_whole(chained, point, live_after):
    p = chained
    assert cli(p.official_home, "backup-now").returncode == 0
    assert cli(p.contingency_home, "restore-now").returncode == 0
    before = fingerprint(p.contingency_db)
    change_prices(p.official_db, percent=40)
    assert cli(p.official_home, "backup-now").returncode == 0
    assert marker_of(p).kind == "incremental"
    killed_at(p.contingency_home, ["restore-now"], point)
    assert sound(p.contingency_db)
    expected = before if live_after == "old" else fingerprint(p.official_db)
    assert fingerprint(p.contingency_db) == expected  # one whole copy answers, never a mix
    done = cli(p.contingency_home, "restore-now")
    assert done.returncode == 0, done.stderr
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
    assert leftovers(p.contingency_db) == []
    journal = Journal(p.contingency_home.journal_file)
    assert applied(journal)["sequence"] == marker_of(p).sequence
    assert journal.get_state(StateKey.CHAIN_APPLYING) is None


@pytest.mark.parametrize("point", ["chain.published", "chain.base-kept"])
def test_a_kill_after_publishing_before_the_base_is_recorded_makes_the_next_bundle_full(chained, point):
    """``chain.published``: the increment from a snapshot (the kept copy patched before the
    publish); ``chain.base-kept``: from the backup API's copy (kept after it)."""
    p = chained
    assert cli(p.official_home, "backup-now").returncode == 0
    assert cli(p.contingency_home, "restore-now").returncode == 0
    with copy_forced(p.official_db) if point == "chain.base-kept" else nullcontext():
        change_prices(p.official_db, percent=10)
        killed_at(p.official_home, ["backup-now"], point)
    published = marker_of(p)
    assert published.kind == "incremental"  # the marker was written before the kill
    change_prices(p.official_db, percent=20)
    assert cli(p.official_home, "backup-now").returncode == 0
    assert marker_of(p).kind == "full"
    assert cli(p.contingency_home, "restore-now").returncode == 0
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
