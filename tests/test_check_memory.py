"""A check of a database much bigger than the bound keeps the process's resident set bounded.

SQLite's checks read the file through a map (app/engines/sqlite.py); without
``mapping.bounded_residency`` every page read stays counted in the resident set, so the
peak (VmHWM, what ``ru_maxrss`` reports) grows by the file's size.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from app.engines import mapping
from app.engines.sqlite import CHECK_CACHE_BYTES, BackgroundCheck, run_check

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")

SIZE_MB = 400
ROW = 3500  # bytes of a row's blob: one overflow page each, as photos and labels are


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("CREATE TABLE media (id INTEGER PRIMARY KEY, code TEXT, photo BLOB)")
    conn.execute("CREATE INDEX media_by_code ON media(code)")
    rows = SIZE_MB * 1_000_000 // (ROW + 200)
    with conn:
        conn.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
                         INSERT INTO media(code, photo) SELECT printf('P%08d', abs(random()) % 100000000),
                         randomblob({ROW}) FROM n""")
    conn.close()
    assert path.stat().st_size > SIZE_MB * 900_000
    return path


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"{field} not in /proc/self/status")


def peak_growth_mb(action) -> float:
    """How far the resident set's peak (VmHWM) rose above where it stood when ``action`` began."""
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from the current resident set
    before = status_kb("VmRSS")
    action()
    return (status_kb("VmHWM") - before) / 1024


#: what a check may map while the watcher waits for a core on a loaded machine (up to ~150 MB seen
#: with ten jobs on two cores; a few MB on a calm one)
SCHEDULING_SLACK_MB = 150


def assert_bounded(growth_mb: float, db: Path, thorough: bool) -> None:
    """quick_check: the map's bound (16 MiB) and the scheduling slack; integrity_check: its page
    cache (``CHECK_CACHE_BYTES``, private) and the same slack. Unbounded it is the whole file (and
    the cache), which is bigger than either."""
    size_mb = db.stat().st_size / 2**20
    limit = (CHECK_CACHE_BYTES if thorough else mapping.BOUND_BYTES) / 2**20 + SCHEDULING_SLACK_MB
    assert limit < size_mb, "the file must be bigger than what a bounded check may hold"
    assert growth_mb < limit, f"the resident set grew by {growth_mb:.0f} MB during a check of a {size_mb:.0f} MB file"


@pytest.mark.parametrize("thorough", [False, True], ids=["quick_check", "integrity_check"])
def test_a_check_keeps_the_resident_set_bounded(big_db, thorough):
    """quick_check through the map (trimmed), integrity_check through the page cache: random index
    look-ups through a trimmed map fault the same pages in again and again."""
    conn = sqlite3.connect(f"file:{big_db}?mode=ro", uri=True)
    verdicts = []
    try:
        growth = peak_growth_mb(lambda: verdicts.append(run_check(conn, big_db, thorough)))
        mapped = conn.execute("PRAGMA mmap_size").fetchone()[0]
    finally:
        conn.close()
    assert verdicts[0][1] == "ok"
    if thorough:
        assert mapped == 0
    else:
        assert mapped >= big_db.stat().st_size  # it did read through the map
    assert_bounded(growth, big_db, thorough)


def test_the_official_check_on_its_own_thread_is_bounded_too(big_db):
    def check() -> None:
        check = BackgroundCheck(big_db)
        check.wait()
        assert check.verdict == "ok", check.error
    assert_bounded(peak_growth_mb(check), big_db, thorough=True)


def test_trimming_drops_only_the_files_read_only_shared_maps(big_db, tmp_path):
    """The ranges madvise is given are the checked file's own read-only shared maps, nothing else."""
    import mmap
    other = tmp_path / "other.bin"
    other.write_bytes(b"\x01" * (1 << 20))
    with open(big_db, "rb") as a, open(other, "r+b") as b:
        mine = mmap.mmap(a.fileno(), 1 << 20, prot=mmap.PROT_READ)
        writable = mmap.mmap(b.fileno(), 1 << 20)
        try:
            ranges = mapping.mapped_ranges(big_db)
            assert len(ranges) == 1 and ranges[0][1] == 1 << 20
            assert mapping.mapped_ranges(other) == []  # a writable map is never dropped
        finally:
            mine.close()
            writable.close()


def test_integrity_check_does_not_fault_its_index_pages_in_again_and_again(tmp_path, monkeypatch):
    """integrity_check looks each row up in its index in random order: with the bound of
    quick_check (16 MiB) below the index's size, every trim drops the index pages it is about to
    read again, and the check faults them back in all the time (3.7 times the CPU at 500 MB)."""
    import resource
    path = tmp_path / "indexed.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("CREATE TABLE sale (id INTEGER PRIMARY KEY, code TEXT)")
    conn.execute("CREATE INDEX sale_by_code ON sale(code)")
    with conn:
        conn.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
                        INSERT INTO sale(code) SELECT printf('%020d', abs(random())) FROM n""")
    index_bytes = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name='sale_by_code'").fetchone()[0]
    conn.close()
    assert index_bytes > 1.5 * mapping.BOUND_BYTES  # the random lookups range over more than quick_check's bound
    pages = path.stat().st_size // mapping.PAGE
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
        assert run_check(conn, path, thorough=True)[1] == "ok"
        faults = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before
    finally:
        conn.close()
    # each page faulted in at most about once: through the page cache, its own memory touched the
    # first time; through a map trimmed below the index, many times over
    assert faults < 1.5 * pages, f"{faults} page faults to check a file of {pages} pages"
