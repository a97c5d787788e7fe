"""The official's increment read from a snapshot of the live database, without a copy
(app/delta/snapshot.py, chain.from_live / patch_kept): real SQLite files in both journal modes,
a writer in another process, the fall-backs to the backup API's copy, and SIGKILLs while the
kept copy is patched."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.delta import chain as chains
from app.delta import page_hashes, snapshot
from app.demo.data import change_prices, fingerprint
from app.engines import sqlite as sqlite_engine
from app.journal import Journal

from .pair import cli
from .test_chain_kills import chained, marker_of, sound  # noqa: F401 - the fixture
from .test_chains import backup, kept_base, restore
from .test_service import killed_at

#: page 1's bytes the backup API's own commit rewrites in its copy (the change counter, the schema
#: cookie and the version-valid-for number): the snapshot keeps them as the live file has them
COPY_COUNTER = (*range(24, 28), *range(40, 44), *range(92, 96))

WRITER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint=10")  # in WAL mode: tries to copy frames into the file at every commit
    conn.execute("CREATE TABLE IF NOT EXISTS w (id INTEGER PRIMARY KEY, v BLOB)")
    conn.execute("CREATE TABLE IF NOT EXISTS w_total (n INTEGER, bytes INTEGER)")
    if conn.execute("SELECT count(*) FROM w_total").fetchone()[0] == 0:
        conn.execute("INSERT INTO w_total VALUES (0, 0)")
    print("ready", flush=True)
    for line in sys.stdin:
        count = int(line)  # commits to make; 0: until told to stop (a line on stdin)
        done = 0
        while count == 0 or done < count:
            conn.execute("BEGIN IMMEDIATE")
            blob = bytes([done % 251]) * (200 + done % 3000)
            conn.execute("INSERT INTO w (v) VALUES (?)", (blob,))
            conn.execute("UPDATE w_total SET n = n + 1, bytes = bytes + ?", (len(blob),))
            conn.execute("COMMIT")
            done += 1
            if count == 0:
                time.sleep(0.01)  # a store's pace, not a loop's: others get the lock too
            if count == 0 and done % 20 == 0 and _stop():
                break
        print("done", done, flush=True)
""")


class Writer:
    """The store application: another process committing rows, paused at a known commit."""

    def __init__(self, db: Path, stop: Path) -> None:
        code = WRITER.replace("_stop()", f"__import__('os').path.exists({str(stop)!r})")
        self.stop = stop
        self.proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def commit(self, count: int) -> None:
        self.proc.stdin.write(f"{count}\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().startswith("done")

    @contextmanager
    def running(self):
        """Commits without a pause while the block runs; paused (between commits) after it."""
        self.stop.unlink(missing_ok=True)
        self.proc.stdin.write("0\n")
        self.proc.stdin.flush()
        try:
            yield
        finally:
            self.stop.touch()
            assert self.proc.stdout.readline().startswith("done")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@contextmanager
def with_writer(p, mode: str):
    """The chained pair with the official's database in ``journal_mode`` ``mode`` and a writer."""
    conn = sqlite3.connect(p.official_db)
    conn.execute(f"PRAGMA journal_mode={mode}")
    conn.close()
    writer = Writer(p.official_db, p.root / "writer.stop")
    try:
        yield p, writer
    finally:
        writer.close()


@pytest.fixture(params=["delete", "wal"])
def live(request, chained):
    with with_writer(chained, request.param) as both:
        yield both


@pytest.fixture
def wal_live(chained):
    with with_writer(chained, "wal") as both:
        yield both


@pytest.fixture
def rollback_live(chained):
    with with_writer(chained, "delete") as both:
        yield both


def backup_api_copy(db: Path, out: Path) -> Path:
    """What the backup step's copy of the same committed state holds."""
    source, dest = sqlite3.connect(db), sqlite3.connect(out)
    source.backup(dest)
    dest.execute("PRAGMA journal_mode=DELETE")
    source.close()
    dest.close()
    return out


def same_state(kept: Path, copy: Path) -> bool:
    """Byte for byte, but for page 1's change counter, schema cookie and version-valid-for number."""
    a, b = bytearray(kept.read_bytes()), bytearray(copy.read_bytes())
    for offset in COPY_COUNTER:
        a[offset] = b[offset] = 0
    return a == b


def consistent(db: Path) -> bool:
    """integrity_check, and the writer's rows add up to its total: one committed state."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        n, size = conn.execute("SELECT n, bytes FROM w_total").fetchone()
        rows, total = conn.execute("SELECT count(*), coalesce(sum(length(v)), 0) FROM w").fetchone()
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and (n, size) == (rows, total)
    finally:
        conn.close()


def used_a_copy(p) -> bool:
    """The last backup made the backup API's copy (its run has a "backup" step)."""
    journal = Journal(p.official_home.journal_file)
    run = journal.runs(1, kind="backup")[0]
    return "backup" in [step["name"] for step in journal.steps(run.id)]


def test_the_increment_is_the_committed_state_with_a_writer_at_work(live):
    p, writer = live
    writer.commit(5)
    backup(p)
    assert restore(p).result == "ok"
    for _ in range(3):
        change_prices(p.official_db, percent=2)
        with writer.running():
            backup(p)  # while the writer commits
        assert marker_of(p).kind == "incremental"
        assert consistent(kept_base(p))
        writer.commit(7)  # a known commit, then paused
        backup(p)
        assert marker_of(p).kind == "incremental" and not used_a_copy(p)
        assert same_state(kept_base(p), backup_api_copy(p.official_db, p.root / "copy.sqlite"))
        assert page_hashes.read(kept_base(p).with_name(chains.HASHES_FILE)).digests == \
            page_hashes.write(kept_base(p), p.root / "again.pages").digests
        done = restore(p)
        assert done.result == "ok", done.message
        assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def test_in_wal_mode_the_pass_blocks_no_writer_and_reads_no_frame_the_file_lacks(wal_live, monkeypatch):
    p, writer = wal_live
    backup(p)
    reads = []
    real = snapshot.Snapshot.blocks

    def commit_during(self):  # the writer commits while the pass reads: into the WAL, not the file
        for number, (first, block) in enumerate(real(self)):
            if number == 0:
                writer.commit(50)
            reads.append(first)
            yield first, block

    monkeypatch.setattr(snapshot.Snapshot, "blocks", commit_during)
    writer.commit(3)
    before = p.root / "before.sqlite"
    backup_api_copy(p.official_db, before)
    backup(p)
    assert reads and marker_of(p).kind == "incremental"
    assert same_state(kept_base(p), before)  # the state the read began in, not the writer's later one


def test_a_wal_that_cannot_be_checkpointed_falls_back_to_the_copy(wal_live):
    p, writer = wal_live
    backup(p)
    reader = sqlite3.connect(p.official_db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM w").fetchone()  # an application reading an older state
    change_prices(p.official_db, percent=7)  # frames the checkpoint cannot copy while that read lasts
    backup(p)
    assert used_a_copy(p) and marker_of(p).kind == "incremental"
    reader.close()
    assert restore(p).result == "ok"
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
    writer.commit(1)
    backup(p)
    assert not used_a_copy(p)  # the snapshot again once nothing holds the WAL


def test_a_writer_committing_between_every_step_gets_one_pass_under_one_lock(rollback_live, monkeypatch):
    p, writer = rollback_live
    backup(p)
    monkeypatch.setattr(snapshot, "STEP_PAGES", 8)  # lets writers in every 8 pages
    monkeypatch.setattr(snapshot, "PAGES_PER_BLOCK", 8)
    steps, tried = [], []

    class Faults:  # between two steps, the lock let go: the writer commits
        @staticmethod
        def point(name):
            if name == "snapshot.step":
                steps.append(name)
                writer.commit(1)

    real = snapshot.Snapshot.blocks

    def commit_during(self):  # and tries to during the last pass, which holds the lock
        for number, (first, block) in enumerate(real(self)):
            if number == 1 and not self.stepped:
                tried.append(try_commit(p.official_db))
            yield first, block

    monkeypatch.setattr(snapshot, "faults", Faults)
    monkeypatch.setattr(snapshot.Snapshot, "blocks", commit_during)
    backup(p)
    assert len(steps) == snapshot.ATTEMPTS - 1 and tried == ["database is locked"]
    assert not used_a_copy(p) and marker_of(p).kind == "incremental"
    monkeypatch.undo()
    assert same_state(kept_base(p), backup_api_copy(p.official_db, p.root / "copy.sqlite"))
    assert restore(p).result == "ok"
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def test_increment_check_pages_runs_no_check_and_quick_check_checks_the_patched_copy(chained, monkeypatch):
    p = chained
    checks = []
    real = sqlite_engine.run_check
    monkeypatch.setattr(sqlite_engine, "run_check",
                        lambda conn, path, thorough: checks.append((Path(path).name, thorough))
                        or real(conn, path, thorough))
    backup(p)
    change_prices(p.official_db, percent=3)
    backup(p)
    assert checks[1:] == [(chains.BASE_FILE, False)]  # the kept copy, patched: quick_check
    p.official.official.increment_check = "pages"
    p.save()
    change_prices(p.official_db, percent=3)
    backup(p)
    assert marker_of(p).kind == "incremental" and len(checks) == 2
    assert sound(kept_base(p))
    assert restore(p).result == "ok"
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def test_a_failed_check_of_the_patched_copy_publishes_nothing_and_the_next_bundle_is_full(chained, monkeypatch):
    p = chained
    backup(p)
    published = marker_of(p).bundle
    change_prices(p.official_db, percent=3)
    monkeypatch.setattr(sqlite_engine.BackgroundCheck, "_run",
                        lambda self: setattr(self, "verdict", "*** in database main ***") or None)
    failed = chains_run(p)
    assert failed.result == "failed" and marker_of(p).bundle == published
    monkeypatch.undo()
    backup(p)
    assert marker_of(p).kind == "full"


def chains_run(p):
    from app.cycles import run_official
    return run_official(p.official, p.official_home)


@pytest.mark.slow
@pytest.mark.parametrize("point, next_kind", [("delta.journal-written", "incremental"),
                                              ("delta.page-written", "incremental"),
                                              ("delta.patched", "incremental"),
                                              ("delta.recorded", "full")])
def test_a_kill_while_patching_the_kept_copy_leaves_it_whole_and_never_a_delta_on_a_mix(chained, point, next_kind):
    p = chained
    assert cli(p.official_home, "backup-now").returncode == 0
    assert cli(p.contingency_home, "restore-now").returncode == 0
    old = fingerprint(kept_base(p))
    change_prices(p.official_db, percent=40)
    published = marker_of(p).bundle
    killed_at(p.official_home, ["backup-now"], point)
    assert marker_of(p).bundle == published  # killed before publishing
    look = opened_as_left(kept_base(p), p.root / "look")
    assert sound(look)  # plain SQLite plays a hot journal back: one whole copy
    if point in ("delta.journal-written", "delta.page-written"):
        assert fingerprint(look) == old
    change_prices(p.official_db, percent=10)
    done = cli(p.official_home, "backup-now")  # recovers the kept copy first
    assert done.returncode == 0, done.stderr
    assert marker_of(p).kind == next_kind
    assert not list(kept_base(p).parent.glob("base.sqlite?*"))
    assert sound(kept_base(p))
    done = cli(p.contingency_home, "restore-now")
    assert done.returncode == 0, done.stderr
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def opened_as_left(base: Path, folder: Path) -> Path:
    """A copy of the kept copy and whatever journal the kill left beside it, to open elsewhere."""
    import shutil
    folder.mkdir()
    for f in base.parent.glob(base.name + "*"):
        shutil.copyfile(f, folder / f.name)
    return folder / base.name


def test_in_rollback_mode_no_writer_commits_while_a_step_is_read(rollback_live, monkeypatch):
    """The read transaction's SHARED lock holds for the whole step: reading the file beside
    SQLite never drops it (POSIX drops a process's locks on a file when any of its descriptors
    of that file is closed)."""
    p, writer = rollback_live
    backup(p)
    tried = []
    real = snapshot.Snapshot.blocks

    def commit_during(self):
        for number, (first, block) in enumerate(real(self)):
            if number == 1:
                tried.append(try_commit(p.official_db))
            yield first, block

    monkeypatch.setattr(snapshot.Snapshot, "blocks", commit_during)
    monkeypatch.setattr(snapshot, "PAGES_PER_BLOCK", 8)
    writer.commit(2)
    backup(p)
    assert tried == ["database is locked"] and not used_a_copy(p)
    assert try_commit(p.official_db) == "committed"


def try_commit(db: Path) -> str:
    """A commit by another process that waits 0.3 s at the most."""
    code = textwrap.dedent(f"""
        import sqlite3
        conn = sqlite3.connect({str(db)!r}, timeout=0.3)
        try:
            with conn:
                conn.execute("UPDATE w_total SET n = n")
            print("committed")
        except sqlite3.OperationalError as exc:
            print(exc)
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30).stdout.strip()


def test_the_lock_byte_page_is_never_read_and_reads_as_zeros(tmp_path, monkeypatch):
    """The page at 1 GiB holds SQLite's lock bytes (Windows locks them against reading); the
    backup API leaves it zeros, and so does the snapshot (moved to page 6 here: a 1 GiB file)."""
    db = tmp_path / "t.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (v BLOB)")
    conn.executemany("INSERT INTO t VALUES (?)", [(bytes([i]) * 3000,) for i in range(40)])
    conn.commit()
    conn.close()
    monkeypatch.setattr(snapshot, "LOCK_BYTE_OFFSET", 5 * 4096 + 100)
    monkeypatch.setattr(snapshot, "PAGES_PER_BLOCK", 4)
    shot = snapshot.open_snapshot(db, busy_timeout_s=1)
    try:
        pages = b"".join(block for _, block in shot.blocks())
    finally:
        snapshot.close(shot)
    raw = db.read_bytes()
    assert len(pages) == len(raw) and shot.lock_page == 6
    assert pages[5 * 4096:6 * 4096] == bytes(4096) != raw[5 * 4096:6 * 4096]
    assert pages[:5 * 4096] == raw[:5 * 4096] and pages[6 * 4096:] == raw[6 * 4096:]
