"""Official and contingency cycles on SQLite + folder, with every fault of the core issue."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from pathlib import Path

import pytest

from app.markers import MARKER_NAME, Marker
from app.cycles import run_contingency, run_official
from app.demo.data import change_prices, fingerprint
from app.journal import Journal, StateKey
from app.status import collect

from .pair import Pair, make_pair, mount_tmpfs, pair, umount  # noqa: F401
from .test_bundle import hostile_zip


def backup(p: Pair):
    return run_official(p.official, p.official_home)


def restore(p: Pair):
    return run_contingency(p.contingency, p.contingency_home)


def prices(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT sum(price_cents) FROM prices").fetchone()[0]
    finally:
        conn.close()


def marker_of(p: Pair) -> Marker:
    return Marker.parse((p.shared / MARKER_NAME).read_text())


def test_full_cycle_twice_and_nothing_new(pair):
    first = backup(pair)
    assert first.result == "ok", first.message
    assert sorted(f.name for f in pair.shared.iterdir()) == [MARKER_NAME, first.details["bundle"]]
    assert restore(pair).result == "ok"
    change_prices(pair.official_db, percent=10)
    assert backup(pair).result == "ok"
    assert restore(pair).result == "ok"
    assert fingerprint(pair.official_db) == fingerprint(pair.contingency_db)
    nothing = restore(pair)
    assert nothing.result == "nothing" and "already restored" in nothing.message
    runs = Journal(pair.contingency_home.journal_file).runs()
    assert [r.result for r in runs] == ["ok", "ok"]
    steps = [s["name"] for s in Journal(pair.contingency_home.journal_file).steps(runs[0].id)]
    assert steps == ["verify", "extract", "restore"]  # a folder: the bundle is read where it is, once


def test_the_full_integrity_check_runs_on_its_schedule_or_at_every_restore(pair):
    journal = Journal(pair.contingency_home.journal_file)

    def restored_with() -> str:
        change_prices(pair.official_db, percent=3)
        assert backup(pair).result == "ok"
        assert restore(pair).result == "ok"
        return journal.get_state("contingency.last_restored")["check"].split()[0]

    assert restored_with() == "integrity_check"   # the first restore: no full check yet
    assert restored_with() == "quick_check"       # within full_check_every_h (24 h)
    journal.set_state("contingency.last_full_check", "2026-01-01T00:00:00Z")
    assert restored_with() == "integrity_check"   # the day has passed
    assert restored_with() == "quick_check"
    pair.contingency.contingency.full_check_every_h = 0
    assert restored_with() == "integrity_check"   # 0: at every restore
    assert restored_with() == "integrity_check"


def test_disabled_does_nothing(pair):
    pair.official.enabled = False
    result = backup(pair)
    assert result.result == "disabled" and "off" in result.message
    assert list(pair.shared.iterdir()) == []


def test_retention_keeps_last_n_and_the_marked_bundle(pair):
    pair.official.official.retention = 2
    names = [backup(pair).details["bundle"] for _ in range(4)]
    bundles = sorted(f.name for f in pair.shared.glob("*.zip"))
    assert bundles == sorted(names[-2:])
    assert marker_of(pair).bundle == names[-1]


def test_missing_destination_does_not_stop_the_other(pair, tmp_path):
    second = tmp_path / "second"
    second.mkdir()
    pair.official.official.destination2.kind = "folder"
    pair.official.official.destination2.path = str(second)
    pair.official.official.destination1.path = str(tmp_path / "does-not-exist")
    result = backup(pair)
    assert result.result == "partial"
    assert "destination 1" in result.message and "does not exist" in result.message
    assert (second / MARKER_NAME).exists()
    status = collect(pair.official, pair.official_home)
    assert status["state"] == "warning"
    pair.official.official.destination2.path = str(tmp_path / "also-missing")
    failed = backup(pair)
    assert failed.result == "failed" and "destination 2" in failed.message


@pytest.mark.parametrize("options,words", [("ro,size=1m", "read-only"), ("size=16k", "full")])
def test_read_only_or_full_destination(pair, tmp_path, options, words):
    target = tmp_path / "mounted"
    if not mount_tmpfs(target, options):
        pytest.skip("mount is not permitted here")
    try:
        pair.official.official.destination1.path = str(target)
        result = backup(pair)
        assert result.result == "failed"
        assert "destination 1" in result.message and words in result.message
        assert not [f for f in target.iterdir()]  # nothing half-published, not even a temporary file
    finally:
        umount(target)


def test_missing_or_corrupt_official_database(pair):
    pair.official_db.write_bytes(b"this is not a database" * 100)
    result = backup(pair)
    assert result.result == "failed" and str(pair.official_db) in result.message
    pair.official_db.unlink()
    result = backup(pair)
    assert result.result == "failed" and "does not exist" in result.message
    assert list(pair.shared.iterdir()) == []


def test_missing_source_folder(pair, tmp_path):
    pair.contingency.contingency.source.path = str(tmp_path / "nowhere")
    result = restore(pair)
    assert result.result == "failed" and "source" in result.message
    # the same error is journaled once, not at every poll
    restore(pair)
    assert len(Journal(pair.contingency_home.journal_file).runs()) == 1


def test_marker_naming_a_missing_bundle(pair):
    made = backup(pair)
    (pair.shared / made.details["bundle"]).unlink()
    result = restore(pair)
    assert result.result == "failed" and "not in" in result.message
    assert not pair.contingency_db.exists()
    backup(pair)  # the next cycle recovers by itself
    assert restore(pair).result == "ok"


@pytest.mark.parametrize("damage", ["truncate", "bitflip"])
def test_damaged_bundle_is_rejected_once_and_live_is_untouched(pair, damage):
    backup(pair)
    assert restore(pair).result == "ok"
    before = prices(pair.contingency_db)
    change_prices(pair.official_db, percent=50)
    made = backup(pair)
    path = pair.shared / made.details["bundle"]
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        path.write_bytes(data[:-100])
    else:
        data[len(data) // 2] ^= 0x10
        path.write_bytes(data)
    rejected = restore(pair)
    assert rejected.result == "rejected"
    assert prices(pair.contingency_db) == before
    again = restore(pair)
    assert again.result == "nothing" and "rejected before" in again.message
    assert [r.result for r in Journal(pair.contingency_home.journal_file).runs()] == ["rejected", "ok"]
    assert backup(pair).result == "ok"  # a new bundle is tried
    assert restore(pair).result == "ok"
    assert prices(pair.contingency_db) == prices(pair.official_db)


def test_hostile_member_path_is_rejected(pair, tmp_path):
    backup(pair)
    restore(pair)
    marker = marker_of(pair)
    evil_name = marker.bundle.replace("_000001", "_000002")
    same = {k: getattr(marker, k) for k in Marker.SHARED if k != "sequence"}
    evil = hostile_zip(pair.shared / evil_name, "../../evil.sqlite", b"x" * 100, sequence=2, **same)
    data = evil.read_bytes()
    forged = dataclasses.replace(marker, bundle=evil_name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                 sequence=2)
    (pair.shared / MARKER_NAME).write_text(forged.to_text())
    pair.contingency.database.shrink_limit_pct = 100  # the tiny member reaches the extraction
    result = restore(pair)
    assert result.result == "rejected" and "unsafe path" in result.message
    assert not list(pair.root.rglob("evil.sqlite"))
    assert fingerprint(pair.official_db) == fingerprint(pair.contingency_db)


def test_marker_older_than_last_restore_is_ignored(pair):
    backup(pair)
    old_marker = (pair.shared / MARKER_NAME).read_text()
    old_bundle = marker_of(pair).bundle
    backup(pair)
    assert restore(pair).result == "ok"
    keep = pair.shared / old_bundle
    assert keep.exists()
    (pair.shared / MARKER_NAME).write_text(old_marker)
    result = restore(pair)
    assert result.result == "nothing" and "older than the last restored" in result.message


def test_engine_mismatch_is_rejected(pair):
    """A SQLite official's marker is refused by a PostgreSQL contingency, before the download."""
    backup(pair)
    pair.contingency.database.engine = "postgres"
    pair.contingency.database.server = "127.0.0.1"
    pair.contingency.database.name = "x"
    result = restore(pair)
    assert result.result == "rejected", result.message
    assert "comes from another official" in result.message
    assert "(sqlite," in result.message and "restores database 'mgv7' (postgres," in result.message


def test_a_bundle_of_another_engine_than_its_marker_says_is_rejected(pair):
    """The marker claims PostgreSQL, the bundle's manifest says SQLite: refused before any restore."""
    backup(pair)
    pair.contingency.database.engine = "postgres"
    pair.contingency.database.server = "127.0.0.1"
    pair.contingency.database.name = "x"
    lying = Marker(**{**marker_of(pair).__dict__, "engine": "postgres"})
    (pair.shared / MARKER_NAME).write_text(lying.to_text())
    result = restore(pair)
    assert result.result == "rejected", result.message
    assert "holds a sqlite backup; this machine restores postgres" in result.message


def test_official_silent_is_raised_and_cleared(pair):
    pair.official.official.interval_min = 1
    pair.contingency.contingency.silent_grace_min = 0
    backup(pair)
    restore(pair)
    marker = marker_of(pair)
    journal = Journal(pair.contingency_home.journal_file)  # this machine saw that marker two hours ago
    journal.set_state(StateKey.MARKER_SEEN, {"sha256": marker.sha256, "at": "2026-01-01T00:00:00Z"})
    restore(pair)
    status = collect(pair.contingency, pair.contingency_home)
    assert status["state"] == "official_silent" and status["official_silent"]["last_backup"] == marker.created
    backup(pair)
    restore(pair)
    status = collect(pair.contingency, pair.contingency_home)
    assert status["official_silent"] is None
    # no worker runs in this test: the status says so rather than "ok"
    assert status["state"] == "warning" and "worker is not running" in status["summary"]
    assert status["data_age_s"] is not None and status["data_age_s"] < 120


def test_status_tells_a_stalled_step(pair, monkeypatch):
    import app.status
    journal = Journal(pair.official_home.journal_file)
    with journal.run("backup") as run:
        with run.step("publish destination 1"):
            run.progress(10, 100)
            assert collect(pair.official, pair.official_home, journal)["state"] == "running"
            monkeypatch.setattr(app.status, "STALL_AFTER_S", 0)
            status = collect(pair.official, pair.official_home, journal)
            assert status["state"] == "warning"
            assert status["summary"].startswith("Stalled: backup, step publish destination 1 has made no progress")


def test_restore_refused_while_live_database_is_in_use(pair):
    backup(pair)
    restore(pair)
    before = prices(pair.contingency_db)
    change_prices(pair.official_db, percent=20)
    backup(pair)
    pair.contingency.database.busy_policy = "fail"
    holder = sqlite3.connect(pair.contingency_db)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = restore(pair)
    finally:
        holder.rollback()
        holder.close()
    assert result.result == "failed" and "in use" in result.message
    assert prices(pair.contingency_db) == before
    assert restore(pair).result == "ok"


def test_the_restore_says_what_it_checked_in_portuguese_too(pair):
    """The check's summary is a phrase inside the restore's message: in the window it reads in
    Portuguese with the rest ("quick_check ok, 6 tabelas"), not as an English insert."""
    from app.phrases import in_language
    assert backup(pair).result == "ok"
    restored = restore(pair)
    assert restored.result == "ok", restored.message
    english, portuguese = str(restored.message), in_language(restored.message, "pt_BR")
    assert " ok, " in english and " tables)" in english, english
    assert " restaurado em " in portuguese and " tabelas)" in portuguese and "tables" not in portuguese, portuguese
