"""SIGKILL at every new step of a chain (app/faults.py points): nothing lost, nothing half-applied."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest

from app.cycles import last_restored
from app.delta.apply import OUR_JOURNAL_SUFFIX
from app.delta.follow import applied
from app.demo import PROFILE as DEMO_PROFILE
from app.demo.data import change_prices, fingerprint
from app.journal import Journal, StateKey
from app.markers import MARKER_NAME, Marker
from app.runtime.locks import FileLock

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


def killed_patching(p: Pair, point: str) -> list:
    """A full bundle restored, then the contingency killed at ``point`` patching in the next
    increment; what the live copy held before (its fingerprint)."""
    assert cli(p.official_home, "backup-now").returncode == 0
    assert cli(p.contingency_home, "restore-now").returncode == 0
    before = fingerprint(p.contingency_db)
    change_prices(p.official_db, percent=40)
    assert cli(p.official_home, "backup-now").returncode == 0
    assert marker_of(p).kind == "incremental"
    killed_at(p.contingency_home, ["restore-now"], point)
    return before


@pytest.mark.parametrize("point, live_after", [("delta.journal-written", "old"), ("delta.page-written", "old"),
                                               ("delta.patched", "new"), ("delta.recorded", "new")])
def test_a_kill_while_patching_leaves_the_old_copy_or_the_new_one_whole(chained, point, live_after):
    p = chained
    before = killed_patching(p, point)
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


def test_the_connection_test_after_a_kill_repairs_first_or_says_a_cycle_runs(chained):
    """A kill leaves a hot journal: the connection test plays it back as the cycles do (its read-only
    look alone said "readonly database"), and says so plainly while a cycle holds the lock."""
    p = chained
    before = killed_patching(p, "delta.journal-written")
    assert p.contingency_db.name + "-journal" in leftovers(p.contingency_db)  # hot: the patch was under way
    with FileLock(p.contingency_home.lock_file, "a cycle"):
        busy = cli(p.contingency_home, "test-connection")
    assert busy.returncode == 1 and "A cycle is running on" in busy.stdout, busy.stdout + busy.stderr
    tested = cli(p.contingency_home, "test-connection")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "[ok] SQLite database" in tested.stdout and "tables" in tested.stdout, tested.stdout
    assert leftovers(p.contingency_db) == [] and fingerprint(p.contingency_db) == before


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


def promote(p: Pair, *options: str) -> str:
    p.contingency.promotion.profile = str(DEMO_PROFILE)
    p.save()
    done = cli(p.contingency_home, "promote", "--new-host", "CONTINGENCIA", "--yes", *options)
    assert done.returncode == 0, done.stdout[-1500:] + done.stderr[-1500:]
    return done.stdout


def prices(db: Path) -> list[tuple]:
    """The rows the official's work changed (the promotion itself changes hosts and paths)."""
    return dict(fingerprint(db))["prices"]


@pytest.mark.parametrize("point, catch_up", [("delta.patched", "no source"), ("delta.checked", "skipped"),
                                             ("delta.checked", "unreachable"), ("delta.patched", "done"),
                                             ("delta.recorded", "skipped")])
def test_a_promotion_after_a_kill_in_the_check_phase_promotes_a_checked_copy(chained, point, catch_up):
    """Killed after the patch was written and before it was recorded (its check not done, or done and
    not recorded), then promoted without another cycle: the promoted database is the last checked copy
    or, when the catch-up runs, the newly checked one; never the patched copy nobody checked. Killed
    after the record (before the journal of old pages was deleted): the new copy, checked, is kept."""
    p = chained
    assert cli(p.official_home, "backup-now").returncode == 0
    assert cli(p.contingency_home, "restore-now").returncode == 0
    checked, full = prices(p.contingency_db), marker_of(p)
    change_prices(p.official_db, percent=40)
    assert cli(p.official_home, "backup-now").returncode == 0
    increment = marker_of(p)
    assert increment.kind == "incremental"
    killed_at(p.contingency_home, ["restore-now"], point)
    assert prices(p.contingency_db) == prices(p.official_db)  # what any program would read: the patch
    assert leftovers(p.contingency_db) == [p.contingency_db.name + OUR_JOURNAL_SUFFIX]
    if catch_up == "no source":  # contingency mode turned off, its source cleared
        p.contingency.enabled, p.contingency.contingency.source.path = False, ""
    elif catch_up == "unreachable":  # the official's machine, with the shared folder, is gone
        p.contingency.contingency.source.path = str(p.root / "gone")
    said = promote(p, *(["--skip-catch-up"] if catch_up == "skipped" else []))
    journal = Journal(p.contingency_home.journal_file)
    is_new = catch_up == "done" or point == "delta.recorded"
    expected, sequence = (prices(p.official_db), increment.sequence) if is_new else (checked, full.sequence)
    assert prices(p.contingency_db) == expected
    assert sound(p.contingency_db) and leftovers(p.contingency_db) == []
    assert applied(journal)["sequence"] == last_restored(journal)["sequence"] == sequence
    assert journal.get_state(StateKey.CHAIN_APPLYING) is None
    assert "[ok] repair:" in said  # the command's preview comes first, and repairs first


def test_a_promotion_after_a_kill_before_a_full_restore_s_swap_promotes_the_previous_copy(tmp_path):
    """A full restore killed with its staging copy checked and not yet swapped in: the promotion
    removes the staging copy (as the next cycle would) and promotes the previous live copy."""
    p = make_pair(tmp_path)
    assert cli(p.official_home, "backup-now").returncode == 0
    assert cli(p.contingency_home, "restore-now").returncode == 0
    checked, first = prices(p.contingency_db), marker_of(p)
    change_prices(p.official_db, percent=40)
    assert cli(p.official_home, "backup-now").returncode == 0
    assert marker_of(p).kind == "full"
    killed_at(p.contingency_home, ["restore-now"], "sqlite.swap-locked")
    assert leftovers(p.contingency_db) == [p.contingency_db.name + ".staging"]
    said = promote(p, "--skip-catch-up")
    assert "[ok] repair:" in said and prices(p.contingency_db) == checked
    assert sound(p.contingency_db) and leftovers(p.contingency_db) == []
    assert last_restored(Journal(p.contingency_home.journal_file))["sequence"] == first.sequence
