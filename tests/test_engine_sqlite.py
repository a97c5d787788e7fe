"""SQLite engine: round trip, integrity check, busy policy, recovery."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.engines import get_engine
from app.errors import RestoreError
from app.settings.model import DatabaseSettings


def make_db(path: Path, rows: int, label: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, label TEXT, price REAL)")
    conn.execute("DELETE FROM item")
    conn.executemany("INSERT INTO item (label, price) VALUES (?, ?)",
                     [(f"{label}-{i}", i * 1.5) for i in range(rows)])
    conn.commit()
    conn.close()


def read_labels(path: Path) -> tuple[int, str]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*), min(label) FROM item").fetchone()
    finally:
        conn.close()


def engine_for(path: Path, **overrides):
    return get_engine(DatabaseSettings(engine="sqlite", path=str(path), **overrides))


@pytest.fixture
def official(tmp_path):
    path = tmp_path / "official" / "store.db"
    path.parent.mkdir()
    make_db(path, 2000, "new")
    return path


@pytest.fixture
def live(tmp_path):
    path = tmp_path / "contingency" / "store.db"
    path.parent.mkdir()
    make_db(path, 10, "old")
    return path


def test_round_trip_replaces_live_data(official, live, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    seen = []
    files = engine_for(official).backup(work, progress=lambda done, total: seen.append((done, total)))
    assert [f.name for f in files] == ["store.sqlite"]
    assert seen and seen[-1][0] == seen[-1][1] > 0
    summary = engine_for(live).restore(files, work)
    assert summary.startswith("quick_check ok, 1 tables")  # the bundle's sha256 vouches for the bytes
    assert read_labels(live) == (2000, "new-0")
    assert not Path(str(live) + ".staging").exists()


def test_corrupt_backup_is_rejected_and_live_untouched(official, live, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    [backup] = engine_for(official).backup(work)
    data = bytearray(backup.read_bytes())
    page_size = 4096
    # flip bits in the middle of the table's b-tree pages, not in the header
    for offset in range(page_size + 100, len(data) - page_size, page_size):
        data[offset] ^= 0xFF
    backup.write_bytes(bytes(data))
    with pytest.raises(RestoreError) as info:
        engine_for(live).restore([backup], work)
    assert "quick_check" in str(info.value) or "malformed" in str(info.value)
    assert "live database was not changed" in str(info.value)
    assert read_labels(live) == (10, "old-0")
    assert not Path(str(live) + ".staging").exists()


def test_busy_policy_fail_while_a_write_transaction_is_open(official, live, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    files = engine_for(official).backup(work)
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO item (label, price) VALUES ('pending', 1)")
    try:
        with pytest.raises(RestoreError) as info:
            engine_for(live, busy_policy="fail", busy_timeout_s=0).restore(files, work)
        assert "in use by another program" in str(info.value)
        assert "busy_policy" in str(info.value)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert read_labels(live) == (10, "old-0")


def test_recover_removes_staging_leftovers(live, tmp_path):
    staging = Path(str(live) + ".staging")
    staging.write_bytes(b"half a database")
    Path(str(staging) + "-journal").write_bytes(b"")
    done = engine_for(live).recover(tmp_path)
    assert len(done) == 2
    assert not staging.exists() and not Path(str(staging) + "-journal").exists()
    assert read_labels(live) == (10, "old-0")
    assert engine_for(live).recover(tmp_path) == []


def test_a_live_file_held_open_elsewhere_is_reported_and_left_intact(tmp_path, monkeypatch):
    """Windows refuses to rename over a file another program holds open: a clear error, nothing changed."""
    import app.atomic as atomic
    import app.engines.sqlite as sqlite_engine
    from app.demo.data import build_store_db, change_prices, fingerprint
    from app.errors import RestoreError
    from app.settings.model import DatabaseSettings

    official = build_store_db(tmp_path / "official.db", products=50, sales=50)
    live = DatabaseSettings(engine="sqlite", path=str(tmp_path / "live.db"))
    engine = sqlite_engine.SQLiteEngine(live)
    work = tmp_path / "work"
    work.mkdir()
    source = sqlite_engine.SQLiteEngine(DatabaseSettings(engine="sqlite", path=str(official)))
    engine.restore(source.backup(work), work)
    before = fingerprint(tmp_path / "live.db")
    change_prices(official, percent=40)

    def refused(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")
    monkeypatch.setattr(atomic, "replace", refused)
    with pytest.raises(RestoreError, match="held open by another program"):
        engine.restore(source.backup(work), work)
    assert fingerprint(tmp_path / "live.db") == before
    assert not engine.staging_path.exists()


def break_index(path: Path) -> None:
    """An index whose entries no longer match its table: only the full integrity_check sees it."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE INDEX IF NOT EXISTS item_label ON item(label)")
    conn.commit()
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql='CREATE INDEX item_label ON item(price)' WHERE name='item_label'")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    conn.close()


def test_the_official_refuses_a_backup_that_fails_the_full_integrity_check(official, tmp_path):
    from app.errors import BackupError
    break_index(official)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(BackupError, match="integrity_check"):
        engine_for(official).backup(work)
    assert list(work.iterdir()) == []


def test_the_full_check_on_restore_when_asked(official, live, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    [backup] = engine_for(official).backup(work)
    break_index(backup)  # as if the contingency's own disk had changed it
    engine = engine_for(live)
    copy = backup.read_bytes()
    assert engine.restore([backup], work).startswith("quick_check ok")
    backup.write_bytes(copy)
    engine.thorough_check = True
    with pytest.raises(RestoreError, match="integrity_check"):
        engine.restore([backup], work)


def test_the_bundling_runs_while_the_integrity_check_runs_and_waits_for_its_verdict(official, tmp_path, monkeypatch):
    import threading
    import app.engines.sqlite as sqlite_engine
    started, finished = threading.Event(), threading.Event()
    real_check = sqlite_engine.run_check

    def slow_check(conn, path, thorough):
        started.set()
        verdict = real_check(conn, path, thorough)
        if not finished.wait(5):  # the verdict waits for the bundling: they run at the same time
            raise sqlite3.DatabaseError("the bundling did not run while the check ran")
        return verdict
    monkeypatch.setattr(sqlite_engine, "run_check", slow_check)
    work = tmp_path / "work"
    work.mkdir()
    seen = []

    def bundle(files):
        assert started.wait(10), "the check did not start while the copy was being bundled"
        seen.extend(f.name for f in files)
        finished.set()
    assert engine_for(official).backup(work, alongside=bundle) == [work / "store.sqlite"]
    assert seen == ["store.sqlite"]


def test_a_failed_check_during_the_bundling_returns_nothing_to_publish(official, tmp_path):
    from app.errors import BackupError
    break_index(official)
    work = tmp_path / "work"
    work.mkdir()
    bundled = []
    with pytest.raises(BackupError, match="integrity_check"):
        engine_for(official).backup(work, alongside=lambda files: bundled.extend(files))
    assert bundled, "the bundling ran alongside the check"
    assert list(work.iterdir()) == []


def test_a_failed_bundling_stops_the_check_and_is_the_error_raised(official, tmp_path, monkeypatch):
    import app.engines.sqlite as sqlite_engine
    interrupted = []
    real_wait = sqlite_engine.BackgroundCheck.wait

    def wait(self, *, give_up=False):
        interrupted.append(give_up)
        real_wait(self, give_up=give_up)
    monkeypatch.setattr(sqlite_engine.BackgroundCheck, "wait", wait)
    work = tmp_path / "work"
    work.mkdir()

    def full_disk(files):
        raise OSError(28, "No space left on device")
    with pytest.raises(OSError, match="No space"):
        engine_for(official).backup(work, alongside=full_disk)
    assert interrupted == [True]
    assert list(work.iterdir()) == []


def test_the_backup_copy_is_written_as_a_scratch_file_without_journal_or_sync(official, tmp_path, monkeypatch):
    """Nothing is published from the copy itself (the bundle made from it is synced on its own):
    its commit neither keeps a rollback journal nor waits for the disk to take the whole file."""
    import app.engines.sqlite as sqlite_engine
    monkeypatch.setattr(sqlite_engine, "PAGES_PER_STEP", 1)  # a step per page: look between them
    work = tmp_path / "work"
    work.mkdir()
    journals = []

    def progress(done, total):
        journals.append((work / "store.sqlite.part-journal").exists())
    [copy] = engine_for(official).backup(work, progress=progress)
    assert len(journals) > 3 and not any(journals)
    assert read_labels(copy) == read_labels(official)
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # a normal database again
    conn.close()
    dest = sqlite_engine.scratch_destination(tmp_path / "scratch.db")
    assert dest.execute("PRAGMA synchronous").fetchone()[0] == 0
    dest.close()


def orphan_pages(path: Path) -> None:
    """Pages that no table, index or freelist owns ("Page N is never used")."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE junk (id INTEGER PRIMARY KEY, data BLOB)")
    conn.executemany("INSERT INTO junk (data) VALUES (?)", [(bytes(3000),) for _ in range(20)])
    conn.commit()
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("DELETE FROM sqlite_master WHERE name='junk'")
    conn.commit()
    conn.close()


def damaged_freelist(path: Path) -> None:
    """A freelist trunk page that claims a million leaves."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE junk (id INTEGER PRIMARY KEY, data BLOB)")
    conn.executemany("INSERT INTO junk (data) VALUES (?)", [(bytes(3000),) for _ in range(20)])
    conn.commit()
    conn.execute("DELETE FROM junk")
    conn.commit()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    trunk = int.from_bytes(data[32:36], "big")
    assert trunk, "the deleted rows left a freelist"
    data[(trunk - 1) * page_size + 4:(trunk - 1) * page_size + 8] = (10**6).to_bytes(4, "big")
    path.write_bytes(data)


@pytest.mark.parametrize("damage", [orphan_pages, damaged_freelist, break_index])
def test_the_official_refuses_damage_outside_every_table_and_a_wrong_index_entry(official, tmp_path, damage):
    """The check before publishing covers the whole file: a check table by table
    (``PRAGMA integrity_check(item)``) passes the first two, as ``quick_check`` passes the third."""
    from app.errors import BackupError
    damage(official)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(BackupError, match="integrity_check"):
        engine_for(official).backup(work, alongside=lambda files: None)
    assert list(work.iterdir()) == []


WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
conn.execute("CREATE TABLE IF NOT EXISTS probe (written REAL)")
print("ready", flush=True)
end = time.time() + 60
while time.time() < end:
    conn.execute("INSERT INTO probe VALUES (?)", (time.time(),))
    time.sleep(0.005)
"""


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_the_backup_finishes_while_the_store_commits_all_the_time(tmp_path, journal_mode):
    """The copy is of one moment (one read transaction over every step of the backup API): a
    commit between two steps does not start it again, so a store that writes every 5 ms gets a
    backup, and a consistent one."""
    import subprocess
    import sys
    db = tmp_path / "store.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    conn.execute("CREATE TABLE big (data BLOB)")
    conn.executemany("INSERT INTO big VALUES (randomblob(3500))", [()] * 30000)  # 30,000 pages, 8 steps
    conn.commit()
    conn.close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        work = tmp_path / "work"
        work.mkdir()
        [copy] = engine_for(db).backup(work)
        assert writer.poll() is None, "the backup waited for the writer to stop"
    finally:
        writer.kill()
        writer.wait()
    check = sqlite3.connect(copy)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT count(*) FROM big").fetchone()[0] == 30000
    check.close()
