"""The patch in place reads and writes runs of consecutive pages at once: the patched file is the
official's copy byte for byte, and its journal (written a run at a time, with SQLite's checksum)
puts back the old copy byte for byte when SQLite plays it back, for changes scattered and in
runs, for a copy that grew and one that shrank."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import faults
from app.delta import apply as in_place
from app.delta.sqlite_pages import compute, read_header
from app.engines import get_engine
from app.settings.model import DatabaseSettings

from .test_chain_snapshot import backup_api_copy as copy_of


def make_db(path: Path, rows: int) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
    conn.executemany("INSERT INTO t VALUES (?, randomblob(900))", [(i,) for i in range(rows)])
    conn.commit()
    conn.close()
    return path


CHANGES = {
    "scattered": ["UPDATE t SET v = randomblob(900) WHERE id % 97 = 0"],
    "runs": ["UPDATE t SET v = randomblob(900) WHERE id BETWEEN 1000 AND 3000 OR id BETWEEN 5000 AND 5400"],
    "grown": ["INSERT INTO t SELECT id + 100000, randomblob(900) FROM t WHERE id < 1500",
              "UPDATE t SET v = randomblob(900) WHERE id % 501 = 0"],
    "shrunk": ["DELETE FROM t WHERE id >= 4000", "UPDATE t SET v = randomblob(900) WHERE id % 333 = 0", "VACUUM"],
}


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_the_patch_is_the_official_copy_and_its_journal_the_old_one(tmp_path, kind):
    official = make_db(tmp_path / "official.db", 6000)
    base = copy_of(official, tmp_path / "base.db")
    conn = sqlite3.connect(official, isolation_level=None)
    for statement in CHANGES[kind]:
        conn.execute(statement)
    conn.close()
    target = copy_of(official, tmp_path / "target.db")
    delta = tmp_path / "d.delta"
    header = compute(base, target, delta)
    assert header.changed > 1 and (kind != "grown" or header.target_pages > header.base_pages) \
        and (kind != "shrunk" or header.target_pages < header.base_pages)
    steps = [b - a for a, b in zip(*_numbers(delta))]
    assert any(step > 1 for step in steps) and (kind == "scattered" or any(step == 1 for step in steps))
    for roll_back in (True, False):
        live = tmp_path / f"live-{roll_back}.db"
        shutil.copyfile(base, live)
        engine = get_engine(DatabaseSettings(engine="sqlite", path=str(live)))
        expected = in_place.identity_of(live, read_header(delta).base_sha256)
        undone = []

        def checked(_header, _summary, live=live):
            if roll_back:  # what a kill after the patch and before the record leads to
                in_place.roll_back(live)
                undone.append(live.read_bytes())

        in_place.apply_in_place(delta, live, expected, thorough=False, quick=not roll_back,
                                lock=engine.lock_live, on_checked=checked)
        if roll_back:
            assert undone[0] == base.read_bytes(), "the journal puts back the old copy byte for byte"
        else:
            assert live.read_bytes() == target.read_bytes()
        assert not in_place.journal_path(live).exists() and not in_place.our_journal_path(live).exists()


def _numbers(delta: Path) -> tuple[list[int], list[int]]:
    from app.delta.sqlite_pages import _records
    numbers = [n for n, _, _ in _records(delta, read_header(delta))]
    return numbers, numbers[1:]


def test_runs_of_consecutive_pages():
    assert list(in_place.runs([])) == []
    assert list(in_place.runs([3, 4, 5, 9, 11, 12])) == [(3, 3), (9, 1), (11, 2)]
    assert list(in_place.runs(list(range(1, 8)), longest=3)) == [(1, 3), (4, 3), (7, 1)]


def test_the_journal_checksum_is_sqlites():
    """SQLite's own loop: the nonce plus every 200th byte counted back from the page's end, above index 0."""
    page = bytes(range(256)) * 16
    total, index = 12345, len(page) - 200
    while index > 0:
        total += page[index]
        index -= 200
    assert in_place._checksum(12345, page) == total & 0xFFFFFFFF


# What a reader of another process asks for first: a read lock on SQLite's shared range.
_PROBE = """
import fcntl, sys
with open(sys.argv[1], "rb") as f:
    try:
        fcntl.lockf(f, fcntl.LOCK_SH | fcntl.LOCK_NB, 510, 0x40000002)
        print("taken")
    except OSError:
        print("held")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks")
def test_the_live_file_stays_locked_for_the_whole_patch(tmp_path, monkeypatch):
    """Closing any descriptor of the live file drops the process's POSIX locks on it: the patch
    must not, or another process could read (or roll back) the half-patched file."""
    official = make_db(tmp_path / "official.db", 3000)
    base = copy_of(official, tmp_path / "base.db")
    conn = sqlite3.connect(official, isolation_level=None)
    conn.execute("UPDATE t SET v = randomblob(900) WHERE id % 50 = 0")
    conn.close()
    delta = tmp_path / "d.delta"
    compute(base, copy_of(official, tmp_path / "target.db"), delta)
    live = tmp_path / "live.db"
    shutil.copyfile(base, live)
    engine = get_engine(DatabaseSettings(engine="sqlite", path=str(live)))
    seen = {}
    real_point = faults.point

    def probe(name):
        if name.startswith("delta."):
            seen.setdefault(name, subprocess.run([sys.executable, "-c", _PROBE, str(live)], capture_output=True,
                                                 text=True, check=True).stdout.strip())
        real_point(name)

    monkeypatch.setattr(faults, "point", probe)
    in_place.apply_in_place(delta, live, in_place.identity_of(live, read_header(delta).base_sha256),
                            thorough=False, quick=False, lock=engine.lock_live, on_checked=lambda *_: None)
    assert seen["delta.journal-written"] == seen["delta.page-written"] == seen["delta.patched"] == "held", seen
    assert seen["delta.recorded"] == "taken", "the lock is let go once the patch is on disk"
