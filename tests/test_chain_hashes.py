"""The official's kept copy and its page hashes (app/delta/page_hashes.py): an increment reads
only the new copy, gets quick_check instead of integrity_check, and any kept file that does not
match what was last published makes the bundle full (never a delta against a wrong base)."""

from __future__ import annotations

import pytest

from app.delta import chain as chains
from app.delta import page_hashes
from app.demo.data import change_prices, fingerprint
from app.engines import sqlite as sqlite_engine

from .pair import cli
from .test_chain_kills import chained, copy_forced, marker_of  # noqa: F401 - the fixture
from .test_chains import backup, kept_base, restore
from .test_service import killed_at


def kept_hashes(p):
    return kept_base(p).with_name(chains.HASHES_FILE)


def test_the_kept_hashes_describe_the_kept_copy_and_an_increment_gets_quick_check(chained, monkeypatch):
    p = chained
    checks = []
    real = sqlite_engine.run_check
    monkeypatch.setattr(sqlite_engine, "run_check",
                        lambda conn, path, thorough: checks.append(thorough) or real(conn, path, thorough))
    backup(p)
    change_prices(p.official_db, percent=3)
    backup(p)
    assert marker_of(p).kind == "incremental"
    assert checks == [True, False]  # integrity_check of the full bundle's copy, quick_check of the increment's
    kept = page_hashes.read(kept_hashes(p))
    assert kept.copy_sha256 == page_hashes.write(kept_base(p), p.root / "again.pages").copy_sha256
    assert kept.digests == page_hashes.read(p.root / "again.pages").digests
    assert restore(p).result == "ok"
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def test_an_increment_that_turns_into_a_full_bundle_still_gets_integrity_check(chained, monkeypatch):
    p = chained
    backup(p)
    checks = []
    real = sqlite_engine.run_check
    monkeypatch.setattr(sqlite_engine, "run_check",
                        lambda conn, path, thorough: checks.append(thorough) or real(conn, path, thorough))
    monkeypatch.setattr(chains, "FULL_INSTEAD_SHARE", 0)  # as when most pages change: a full bundle instead
    change_prices(p.official_db, percent=3)
    backup(p)
    assert marker_of(p).kind == "full"
    assert checks == [True]  # the snapshot's pass found it full before any copy: the copy's integrity_check only


def _other_copys_hashes(p):
    """Valid page hashes, of another copy than the one last published."""
    other = p.root / "other.sqlite"
    other.write_bytes(kept_base(p).read_bytes())
    change_prices(other, percent=5)
    page_hashes.write(other, kept_hashes(p))


def _hashes_damaged(p):
    raw = bytearray(kept_hashes(p).read_bytes())
    raw[100] ^= 1
    kept_hashes(p).write_bytes(bytes(raw))


def _kept_copy_changed(p):
    """The kept copy no longer the published one (its last byte of every page changed)."""
    page_size = kept_hashes_page_size(p)
    raw = bytearray(kept_base(p).read_bytes())
    for end in range(page_size - 1, len(raw), page_size):
        raw[end] ^= 1
    kept_base(p).write_bytes(bytes(raw))


def kept_hashes_page_size(p) -> int:
    return page_hashes.read(kept_hashes(p)).page_size


@pytest.mark.parametrize("spoil", [_other_copys_hashes, _hashes_damaged, _kept_copy_changed,
                                   lambda p: kept_hashes(p).unlink()])
def test_kept_hashes_or_a_kept_copy_that_do_not_match_make_the_next_bundle_full(chained, spoil):
    p = chained
    backup(p)
    assert restore(p).result == "ok"
    change_prices(p.official_db, percent=3)
    backup(p)
    assert marker_of(p).kind == "incremental"
    spoil(p)
    change_prices(p.official_db, percent=3)
    backup(p)
    assert marker_of(p).kind == "full"
    change_prices(p.official_db, percent=3)
    backup(p)
    assert marker_of(p).kind == "incremental"  # the full bundle kept a sound copy and its hashes again
    done = restore(p)
    assert done.result == "ok", done.message
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


@pytest.mark.parametrize("point", ["chain.hashes-dropped", "chain.base-kept", "chain.hashes-kept"])
def test_a_kill_while_keeping_the_copy_and_its_hashes_makes_the_next_bundle_full(chained, point):
    p = chained
    assert cli(p.official_home, "backup-now").returncode == 0
    assert cli(p.contingency_home, "restore-now").returncode == 0
    with copy_forced(p.official_db):
        change_prices(p.official_db, percent=10)
        killed_at(p.official_home, ["backup-now"], point)
    assert marker_of(p).kind == "incremental"  # published before the kill
    assert cli(p.contingency_home, "restore-now").returncode == 0
    change_prices(p.official_db, percent=10)
    assert cli(p.official_home, "backup-now").returncode == 0
    assert marker_of(p).kind == "full"
    change_prices(p.official_db, percent=10)
    assert cli(p.official_home, "backup-now").returncode == 0
    assert marker_of(p).kind == "incremental"
    done = cli(p.contingency_home, "restore-now")
    assert done.returncode == 0, done.stderr
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def _copy_with_rows(path, rows: int, fill: str):
    import sqlite3
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v BLOB)")
    conn.executemany("INSERT OR REPLACE INTO t VALUES (?, ?)", [(i, (fill * 500).encode()) for i in range(rows)])
    conn.commit()
    conn.close()


def test_the_delta_from_kept_hashes_is_the_two_copy_delta_and_stops_where_a_full_bundle_is_no_bigger(tmp_path):
    import shutil

    from app.delta import sqlite_pages
    base, target = tmp_path / "base.sqlite", tmp_path / "target.sqlite"
    _copy_with_rows(base, 2000, "a")
    shutil.copyfile(base, target)
    _copy_with_rows(target, 20, "b")  # a few pages
    kept = page_hashes.write(base, tmp_path / "base.pages")
    header = page_hashes.compute(base, kept, target, tmp_path / "h.delta", tmp_path / "target.pages")
    assert header == sqlite_pages.compute(base, target, tmp_path / "c.delta")
    assert (tmp_path / "h.delta").read_bytes() == (tmp_path / "c.delta").read_bytes()
    assert page_hashes.read(tmp_path / "target.pages").digests == page_hashes.write(target, tmp_path / "t2").digests

    _copy_with_rows(target, 2000, "c")  # every row: most pages
    (tmp_path / "target.pages").unlink()
    with pytest.raises(sqlite_pages.DeltaRefused, match="pages changed") as refused:
        page_hashes.compute(base, kept, target, tmp_path / "all.delta", tmp_path / "target.pages", share=0.5)
    assert refused.value.kind == "full" and not list(tmp_path.glob("*all.delta*"))
    assert page_hashes.read(tmp_path / "target.pages").digests == page_hashes.write(target, tmp_path / "t3").digests
