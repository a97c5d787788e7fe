"""Chains of full and incremental bundles through the real cycles (SQLite over a shared folder)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from app.bundle import bundle_sequence, is_incremental_name, read_manifest
from app.cycles import official_work_dir, make_context, run_contingency, run_official
from app.delta import chain as chains
from app.delta.follow import applied
from app.delta.retention import doomed
from app.errors import BundleError
from app.demo.data import change_prices, fingerprint
from app.journal import Journal, StateKey
from app.markers import MARKER_NAME, Marker
from app.settings.model import Settings, for_engine, validate

from .pair import Pair, make_pair


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def chained(tmp_path) -> Pair:
    p = make_pair(tmp_path, products=1500, sales=20000)
    p.official.official.incremental_interval_min = 1
    p.official.official.interval_min = 1440  # the schedule's full bundle: once a day
    p.official.official.retention = 2
    p.save()
    return p


def backup(p: Pair, **options):
    result = run_official(p.official, p.official_home, **options)
    assert result.result == "ok", result.message
    return result


def restore(p: Pair):
    return run_contingency(p.contingency, p.contingency_home)


def marker_of(p: Pair) -> Marker:
    return Marker.parse((p.shared / MARKER_NAME).read_text())


def kept_base(p: Pair) -> Path:
    return chains.chain_dir(official_work_dir(make_context(p.official, p.official_home))) / chains.BASE_FILE


def small_change(p: Pair, percent: int = 3) -> None:
    change_prices(p.official_db, percent=percent)


def contingency_journal(p: Pair) -> Journal:
    return Journal(p.contingency_home.journal_file)


def test_increments_ship_the_changed_pages_and_rebuild_the_official_copy_byte_for_byte(chained):
    p = chained
    full = backup(p)
    assert marker_of(p).kind == "full" and marker_of(p).chain == marker_of(p).sequence
    assert restore(p).result == "ok"
    small_change(p)
    increment = backup(p)
    marker = marker_of(p)
    assert marker.kind == "incremental" and is_incremental_name(marker.bundle)
    assert (marker.chain, marker.base_sequence) == (marker_of(p).chain, marker.sequence - 1)
    assert increment.details["size"] * 10 < full.details["size"]
    manifest = read_manifest(p.shared / marker.bundle)
    assert manifest["format"] == 2 and manifest["base_bundle"] == full.details["bundle"]
    assert manifest["base_sha256"] != manifest["result_sha256"]

    done = restore(p)
    assert done.result == "ok", done.message
    assert "1 increment(s) applied" in done.message
    assert sha256(p.contingency_db) == sha256(kept_base(p)) == manifest["result_sha256"]
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
    journal = contingency_journal(p)
    steps = [s["name"] for s in journal.steps(journal.runs()[0].id)]
    assert steps == ["download", "verify", "extract", "apply"]
    state = applied(journal)
    assert state["sequence"] == marker.sequence and state["chain"] == marker.chain and not state["wants_full"]
    assert state["base_sha256"] == manifest["base_sha256"] and state["created"] == marker.created
    assert journal.get_state(StateKey.LAST_RESTORED)["bundle"] == marker.bundle
    assert not list(p.contingency_db.parent.glob("mgv7.db*journal*"))


def test_the_pages_check_leaves_quick_check_to_the_full_bundles(chained):
    p = chained
    p.contingency.contingency.increment_check = "pages"
    backup(p)
    assert "integrity_check ok" in restore(p).message  # the first restore: the full check
    small_change(p)
    backup(p)
    done = restore(p)
    assert done.result == "ok" and "pages checked by sha256" in done.message and "quick_check" not in done.message
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def test_an_older_reader_takes_the_name_for_a_bundle_and_refuses_the_manifest_saying_to_update(chained, monkeypatch):
    import re
    from app import bundle
    p = chained
    backup(p)
    small_change(p)
    name = backup(p).details["bundle"]
    older_name = re.compile(r"^(?P<db>.+)_(?P<ts>\d{8}T\d{6}Z)_(?P<seq>\d{6,})\.zip(\.enc)?$")  # before chains
    assert older_name.match(name)
    assert Marker.parse((p.shared / MARKER_NAME).read_text().replace("kind=incremental", "")).bundle == name
    monkeypatch.setattr(bundle, "INCREMENTAL_FORMAT", bundle.FORMAT_VERSION)  # a reader of format 1 only
    with pytest.raises(BundleError, match="format 2, newer than this program reads") as refused:
        read_manifest(p.shared / name)
    assert "Update Contingência" in str(refused.value.hint)


def test_a_contingency_behind_applies_every_increment_that_arrived_in_order(chained):
    p = chained
    backup(p)
    assert restore(p).result == "ok"
    for percent in (2, 3, 4):
        small_change(p, percent)
        backup(p)
    done = restore(p)
    assert done.result == "ok" and "3 increment(s) applied" in done.message
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
    last = Journal(p.contingency_home.journal_file).get_state(StateKey.LAST_RESTORED)
    assert last["sequence"] == marker_of(p).sequence and last["created"] == marker_of(p).created


def test_encrypted_increments_are_walked_and_applied(chained):
    p = chained
    p.official.official.encryption_passphrase = p.contingency.contingency.encryption_passphrase = "s3gredo da loja"
    backup(p)
    assert restore(p).result == "ok"
    for percent in (2, 3):
        small_change(p, percent)
        backup(p)
    assert "+inc_" in marker_of(p).bundle and marker_of(p).bundle.endswith(".zip.enc")
    done = restore(p)
    assert done.result == "ok" and "2 increment(s) applied" in done.message
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def test_a_new_contingency_restores_the_chains_full_bundle_then_its_increments(chained):
    p = chained
    backup(p)
    small_change(p)
    backup(p)
    done = restore(p)
    assert done.result == "ok" and "1 increment(s) applied" in done.message
    assert sha256(p.contingency_db) == sha256(kept_base(p))


def test_a_missing_increment_stops_the_chain_until_the_next_full_bundle(chained):
    p = chained
    backup(p)
    assert restore(p).result == "ok"
    before = fingerprint(p.contingency_db)
    small_change(p)
    lost = backup(p).details["bundle"]
    small_change(p, 4)
    backup(p)
    (p.shared / lost).unlink()
    refused = restore(p)
    assert refused.result == "rejected" and lost in refused.message and "next full bundle" in refused.message
    assert fingerprint(p.contingency_db) == before
    assert applied(contingency_journal(p))["wants_full"]
    small_change(p, 5)
    backup(p)
    waiting = restore(p)
    assert waiting.result == "nothing" and "Waiting for the next full bundle" in waiting.message
    backup(p, full_bundle=True)
    assert marker_of(p).kind == "full"
    assert restore(p).result == "ok"
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)
    assert not applied(contingency_journal(p))["wants_full"]


def test_an_official_restored_from_elsewhere_or_reinstalled_still_leads_the_contingency_right(chained):
    import shutil
    p = chained
    older = p.root / "older.db"
    shutil.copyfile(p.official_db, older)
    backup(p)
    assert restore(p).result == "ok"
    small_change(p)
    backup(p)
    assert restore(p).result == "ok"
    shutil.copyfile(older, p.official_db)  # the official's database restored from an older copy
    backup(p)  # against the copy last published, whatever the live database became
    assert restore(p).result == "ok"
    assert fingerprint(p.contingency_db) == fingerprint(older)
    Path(p.official_home.journal_file).unlink()  # reinstalled: a new journal, a new line of sequences
    small_change(p, 6)
    backup(p)
    assert marker_of(p).kind == "full"
    done = restore(p)
    assert done.result == "ok", done.message  # a new line of sequences from the same identity
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def test_a_damaged_increment_is_never_applied(chained):
    p = chained
    backup(p)
    assert restore(p).result == "ok"
    before = fingerprint(p.contingency_db)
    small_change(p)
    damaged = p.shared / backup(p).details["bundle"]
    small_change(p, 4)
    backup(p)
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    refused = restore(p)
    assert refused.result == "rejected" and "sha256" in refused.message
    assert fingerprint(p.contingency_db) == before


def test_a_copy_changed_on_the_contingency_is_not_patched(chained):
    p = chained
    backup(p)
    assert restore(p).result == "ok"
    conn = sqlite3.connect(p.contingency_db)
    with conn:
        conn.execute("UPDATE prices SET price_cents = 1 WHERE rowid = 1")
    conn.close()
    changed_here = fingerprint(p.contingency_db)
    small_change(p)
    backup(p)
    refused = restore(p)
    assert refused.result == "rejected" and "changed on this machine" in refused.message
    assert fingerprint(p.contingency_db) == changed_here


def test_an_official_whose_destination_missed_a_bundle_starts_a_new_chain(chained):
    p = chained
    backup(p)
    p.official.official.destination2.kind = "folder"
    p.official.official.destination2.path = str(p.root / "missing" / "never")
    (p.root / "missing").mkdir()
    (p.root / "missing" / "never").write_text("a file where the folder should be")
    small_change(p)
    partial = run_official(p.official, p.official_home)
    assert partial.result == "partial"
    small_change(p, 4)
    backup_after = run_official(p.official, p.official_home)
    assert backup_after.result == "partial" and marker_of(p).kind == "full"


def test_nearly_every_page_changed_is_a_full_bundle(chained, monkeypatch):
    p = chained
    backup(p)
    conn = sqlite3.connect(p.official_db)
    with conn:
        conn.execute("UPDATE sales_history SET weight_g = weight_g + 1")
        conn.execute("UPDATE prices SET price_cents = price_cents + 1")
    conn.execute("VACUUM")
    conn.close()
    backup(p)
    assert marker_of(p).kind == "full"


def test_the_kept_copy_must_be_the_one_published(chained):
    """Killed between keeping the copy and recording it: the next bundle is full, never a delta
    against a copy no contingency has."""
    p = chained
    backup(p)
    small_change(p)
    base = kept_base(p)
    conn = sqlite3.connect(base)
    with conn:
        conn.execute("UPDATE prices SET price_cents = 7 WHERE rowid = 2")
    conn.close()
    backup(p)
    assert marker_of(p).kind == "full"


def test_incremental_bundles_off_or_due_full_bundles_are_full(chained):
    p = chained
    backup(p)
    small_change(p)
    p.official.official.interval_min = 1
    p.save()
    journal = Journal(p.official_home.journal_file)
    state = journal.get_state(StateKey.OFFICIAL_CHAIN)
    journal.set_state(StateKey.OFFICIAL_CHAIN, {**state, "full_created": "2020-01-01T00:00:00Z"})
    backup(p)
    assert marker_of(p).kind == "full"
    p.official.official.interval_min = 1440
    p.official.official.incremental_interval_min = 0
    small_change(p, 4)
    backup(p)
    assert marker_of(p).kind == "full" and not journal.get_state(StateKey.OFFICIAL_CHAIN)


def test_a_folder_keeps_whole_chains_and_a_contingency_behind_still_finds_its_own(chained):
    p = chained  # retention 2: the two newest chains stay whole
    published = []
    for full in (True, False, False, True, False, True, False):
        small_change(p, 2 + len(published))
        published.append(backup(p, full_bundle=full).details["bundle"])
        if len(published) == 2:
            assert restore(p).result == "ok"  # then this contingency is off while two more chains pass
    names = sorted((f.name for f in p.shared.iterdir() if f.name.endswith(".zip")), key=bundle_sequence)
    assert names == published[3:]  # the first chain (a full bundle and its two increments) is gone
    done = restore(p)
    assert done.result == "ok" and "1 increment(s) applied" in done.message
    assert fingerprint(p.contingency_db) == fingerprint(p.official_db)


def in_order(names: list[str]) -> list[str]:
    return sorted(names, key=bundle_sequence)


def test_retention_keeps_whole_chains():
    names = ["db_20260101T000000Z_000001.zip", "db+inc_20260101T000100Z_000002.zip",
             "db+inc_20260101T000200Z_000003.zip", "db_20260101T000300Z_000004.zip",
             "db+inc_20260101T000400Z_000005.zip", "db_20260101T000500Z_000006.zip.enc",
             "db+inc_20260101T000600Z_000007.zip.enc", MARKER_NAME]
    assert in_order(doomed(names, 2, protect=names[6], chain=6)) == names[:3]
    assert in_order(doomed(names, 1, protect=names[6], chain=6)) == names[:5]
    assert in_order(doomed(names, 1, protect=names[6], chain=4)) == names[:3]  # the marker's chain stays whole
    assert doomed(names, 5, protect=names[6], chain=6) == []
    fulls = [f"db_2026010{i}T000000Z_00000{i}.zip" for i in range(1, 6)]
    assert in_order(doomed(fulls, 3, protect=fulls[-1])) == fulls[:2]  # no increments: the newest three stay


def test_incremental_bundles_are_a_setting_of_every_engine():
    s = Settings(enabled=True, mode="official")
    s.database.engine, s.database.server, s.database.name = "postgres", "db", "loja"
    s.official.incremental_interval_min = 5
    s.official.destination1.path = "/srv/backups"
    assert not validate(s)  # PostgreSQL ships the WAL with database.wal_shipping (tests/test_walship_postgres.py)
    for engine in ("sqlite", "sqlserver", "postgres"):
        assert for_engine("official.incremental_interval_min", engine)
    s.database.engine, s.database.path = "sqlite", "/x.db"
    assert not validate(s)


def test_the_schedule_runs_increments_between_full_bundles():
    from datetime import datetime, timezone
    from app.runtime.schedule import next_backup_time
    s = Settings()
    s.official.interval_min, s.official.incremental_interval_min = 60, 1
    now = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert (next_backup_time(s.official, now) - now).total_seconds() == 60
    assert chains.full_due(s.official, now.replace(hour=11), now)
    assert not chains.full_due(s.official, now.replace(minute=0, hour=11, second=0).replace(minute=30), now)
