"""What the standby refuses to take in, and how it keeps telling: identity and sanity of bundles,
faults told from verdicts, leftovers, deadlines, input and clocks."""

from __future__ import annotations

import pytest

from app.journal import Journal, StateKey
from app.status import collect


def test_state_keys_are_one_vocabulary(tmp_path):
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.set_state(StateKey.LAST_RESTORED, {"bundle": "x"})
    assert journal.get_state("contingency.last_restored") == {"bundle": "x"}
    with pytest.raises(ValueError):
        journal.set_state("contingency.last_restord", {})  # a misspelt key is refused, not stored


# --- 1. an empty, damaged or drastically smaller official database is not published -------------

import copy
import sqlite3
from pathlib import Path

from app.markers import MARKER_NAME, Marker
from app import cycles
from app.cycles import run_contingency, run_official
from app.demo.data import build_store_db, fingerprint
from app.paths import Home

from .pair import Pair, cli, pair  # noqa: F401


def backup(p: Pair, **options):
    return run_official(p.official, p.official_home, **options)


def restore(p: Pair):
    return run_contingency(p.contingency, p.contingency_home)


def marker_text(p: Pair) -> str:
    return (p.shared / MARKER_NAME).read_text()


def contingency_journal(p: Pair) -> Journal:
    return Journal(p.contingency_home.journal_file)


def test_an_emptied_official_database_is_not_published(pair):
    assert backup(pair).result == "ok" and restore(pair).result == "ok"
    before = marker_text(pair)
    pair.official_db.write_bytes(b"")  # ": > loja.db": a failed disk, a botched copy
    result = cli(pair.official_home, "backup-now")
    assert result.returncode == 1 and "empty" in result.stderr, result.stdout + result.stderr
    assert marker_text(pair) == before
    assert restore(pair).result == "nothing"
    assert fingerprint(pair.contingency_db)  # the standby keeps its data


def test_a_database_failing_the_thorough_check_is_not_published(pair):
    conn = sqlite3.connect(pair.official_db)
    conn.executescript("CREATE TABLE t(a, b); CREATE INDEX t_a ON t(a);")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, -i) for i in range(200)])
    conn.commit()
    conn.execute("PRAGMA writable_schema=ON")  # the index now disagrees with its table
    conn.execute("UPDATE sqlite_master SET sql='CREATE INDEX t_a ON t(b)' WHERE name='t_a'")
    conn.commit()
    conn.close()
    result = backup(pair)
    assert result.result == "failed" and "missing from index" in result.message
    assert not (pair.shared / MARKER_NAME).exists()


def shrink(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM sales_history")
    conn.execute("DELETE FROM prices")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def test_a_drastically_smaller_database_is_refused_until_told(pair):
    assert backup(pair).result == "ok" and restore(pair).result == "ok"
    kept = fingerprint(pair.contingency_db)
    shrink(pair.official_db)
    refused = backup(pair)
    assert refused.result == "failed" and "smaller than the last one" in refused.message
    assert "--accept-smaller" in refused.message
    assert backup(pair, accept_smaller=True).result == "ok"  # the official's operator says it is right
    # the contingency refuses it too, once, until its own operator accepts it
    first = restore(pair)
    assert first.result == "rejected" and "smaller than the last one" in first.message
    assert restore(pair).result == "nothing"
    assert fingerprint(pair.contingency_db) == kept
    assert contingency_journal(pair).get_state(StateKey.REJECTED)["kind"] == "shrink"
    accepted = cli(pair.contingency_home, "accept")
    assert accepted.returncode == 0 and "accepted" in accepted.stdout
    assert restore(pair).result == "ok"
    assert fingerprint(pair.contingency_db) == fingerprint(pair.official_db)


# --- 2. a bundle of another database is refused, naming both ---------------------------------------

def second_official(p: Pair, name: str = "estoque") -> tuple[Home, object]:
    home = Home.resolve(p.root / f"official-{name}").ensure()
    settings = copy.deepcopy(p.official)
    settings.machine_name = "OUTRA-OFICIAL"
    settings.database.path = str(build_store_db(home.root / f"{name}.db", products=50, sales=50))
    return home, settings


def test_a_bundle_of_another_database_is_refused_naming_both(pair):
    assert backup(pair).result == "ok" and restore(pair).result == "ok"
    kept = fingerprint(pair.contingency_db)
    home, other = second_official(pair)
    assert run_official(other, home).result == "ok"  # publishes into the same folder
    result = restore(pair)
    assert result.result == "rejected"
    assert "'estoque'" in result.message and "'mgv7'" in result.message and "OUTRA-OFICIAL" in result.message
    assert "contingencia accept" in result.message
    assert fingerprint(pair.contingency_db) == kept
    assert restore(pair).result == "nothing"  # rejected once, not at every poll


def test_marker_and_manifest_must_agree_on_every_shared_field(pair):
    assert backup(pair).result == "ok" and restore(pair).result == "ok"
    ours = Marker.parse(marker_text(pair))
    home, other = second_official(pair)
    run_official(other, home)
    theirs = Marker.parse(marker_text(pair))
    # a marker that says "mgv7, our identity" over a bundle whose manifest says estoque
    forged = Marker(**{**theirs.__dict__, "database": ours.database, "identity": ours.identity,
                       "generation": ours.generation, "source_host": ours.source_host,
                       "sequence": ours.sequence + 1})
    (pair.shared / MARKER_NAME).write_text(forged.to_text())
    result = restore(pair)
    assert result.result == "rejected" and "does not match the marker" in result.message
    assert "database" in result.message and "identity" in result.message
    assert fingerprint(pair.contingency_db) != fingerprint(other_db(other))


def other_db(settings) -> Path:
    return Path(settings.database.path)


# --- 3. a restarted sequence flows again, or says how to accept the new line ----------------------

def test_a_new_journal_on_the_official_starts_a_new_generation_that_flows(pair):
    assert backup(pair).result == "ok" and backup(pair).result == "ok" and restore(pair).result == "ok"
    pair.official_home.journal_file.unlink()  # reinstalled keeping its home, or a damaged journal
    shrink_free_change(pair.official_db)
    assert backup(pair).result == "ok"
    assert Marker.parse(marker_text(pair)).sequence == 1
    result = restore(pair)
    assert result.result == "ok", result.message
    assert fingerprint(pair.contingency_db) == fingerprint(pair.official_db)


def test_a_reinstalled_official_is_an_alarm_that_says_how_to_accept(pair):
    assert backup(pair).result == "ok" and restore(pair).result == "ok"
    pair.official_home.journal_file.unlink()
    pair.official_home.identity_file.unlink()  # a new machine, a new home: a new identity
    shrink_free_change(pair.official_db)
    assert backup(pair).result == "ok"
    result = restore(pair)
    assert result.result == "rejected" and "another official" in result.message
    assert "contingencia accept" in result.message
    status = collect(pair.contingency, pair.contingency_home)
    assert status["state"] == "warning" and "another official" in status["summary"]
    assert cycles.release_rejected(contingency_journal(pair), accept=True)
    assert restore(pair).result == "ok"
    assert fingerprint(pair.contingency_db) == fingerprint(pair.official_db)
    shrink_free_change(pair.official_db)
    assert backup(pair).result == "ok" and restore(pair).result == "ok"  # and it keeps flowing


def shrink_free_change(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE prices SET price_cents = price_cents + 1")
    conn.commit()
    conn.close()


# --- 4. a fault of this machine is not a verdict on the bundle ------------------------------------

import hashlib
import json
import shutil
import zipfile

from app import bundle as bundles
from app.errors import LocalFault, TransportError

from .pair import mount_tmpfs, umount


def tiny_folder(path: Path, size: str) -> Path:
    assert mount_tmpfs(path, f"size={size}"), "these tests mount a small tmpfs (they run as root)"
    return path


def test_a_full_temporary_folder_is_this_machines_fault_and_retried(pair, tmp_path):
    assert backup(pair).result == "ok"
    temp = tiny_folder(tmp_path / "small temp", "16k")
    try:
        pair.contingency.contingency.temp_folder = str(temp)
        failed = restore(pair)
        assert failed.result == "failed", failed.message
        assert "This machine's temporary folder" in failed.message and "not blamed" in failed.message
        assert "Free space there or lower" not in failed.message  # the official's folder is not blamed
        assert contingency_journal(pair).get_state(StateKey.REJECTED) is None
        assert restore(pair).result == "failed"  # retried at every check
    finally:
        umount(temp)
    pair.contingency.contingency.temp_folder = ""  # space again: the same bundle is restored
    assert restore(pair).result == "ok"
    assert fingerprint(pair.contingency_db) == fingerprint(pair.official_db)


def test_extraction_into_a_full_disk_is_a_local_fault_not_corruption(pair, tmp_path):
    backup(pair)
    made = pair.shared / Marker.parse(marker_text(pair)).bundle
    manifest = bundles.read_manifest(made)
    full = tiny_folder(tmp_path / "full", "16k")
    try:
        with pytest.raises(LocalFault, match="is full"):
            bundles.extract(made, manifest, full)
        assert not list(full.iterdir())
    finally:
        umount(full)


def test_retry_tries_a_rejected_bundle_again(pair):
    backup(pair)
    marker = Marker.parse(marker_text(pair))
    path = pair.shared / marker.bundle
    good = path.read_bytes()
    path.write_bytes(good[:100] + bytes([good[100] ^ 0xFF]) + good[101:])  # damaged on the share
    assert restore(pair).result == "rejected"
    assert restore(pair).result == "nothing"
    path.write_bytes(good)  # the share's copy is repaired
    assert restore(pair).result == "nothing"  # not retried by itself...
    answer = cli(pair.contingency_home, "retry")
    assert answer.returncode == 0 and marker.bundle in answer.stdout
    assert restore(pair).result == "ok"  # ...until asked


# --- 7. deterministic failures are rejected once; declared sizes against free space -----------------

def forge(p: Pair, files: dict[str, bytes], **manifest_fields) -> Marker:
    """A bundle that claims to come from the bound official, with these members."""
    real = Marker.parse(marker_text(p))
    sequence = real.sequence + 1
    name = real.bundle.replace(f"_{real.sequence:06d}", f"_{sequence:06d}")
    manifest = {"format": 1, **{k: getattr(real, k) for k in Marker.SHARED}, "sequence": sequence,
                "members": [{"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                            for n, d in files.items()]}
    manifest.update(manifest_fields)
    with zipfile.ZipFile(p.shared / name, "w") as archive:
        for member_name, data in files.items():
            archive.writestr(member_name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    data = (p.shared / name).read_bytes()
    forged = Marker(**{**real.__dict__, "bundle": name, "size": len(data),
                       "sha256": hashlib.sha256(data).hexdigest(), "sequence": sequence})
    (p.shared / MARKER_NAME).write_text(forged.to_text())
    return forged


def sqlite_backup_bytes(p: Pair) -> bytes:
    return (Path(p.official.database.path)).read_bytes()


@pytest.mark.parametrize("case", ["not a database", "no database", "two databases", "member twice",
                                  "sequence of the wrong type", "size of the wrong type"])
def test_deterministic_restore_failures_are_rejected_once(pair, case):
    assert backup(pair).result == "ok" and restore(pair).result == "ok"
    kept = fingerprint(pair.contingency_db)
    pair.contingency.database.shrink_limit_pct = 100  # these forged bundles are small
    db = sqlite_backup_bytes(pair)
    if case == "not a database":
        forge(pair, {"mgv7.sqlite": b"this is no database " * 1000})
    elif case == "no database":
        forge(pair, {"readme.txt": b"nothing"})
    elif case == "two databases":
        forge(pair, {"mgv7.sqlite": db, "other.sqlite": db})
    elif case == "member twice":
        forged = forge(pair, {"mgv7.sqlite": db})
        manifest = json.loads(zipfile.ZipFile(pair.shared / forged.bundle).read("manifest.json"))
        forge(pair, {"mgv7.sqlite": db}, members=manifest["members"] * 2)
    elif case == "sequence of the wrong type":
        forge(pair, {"mgv7.sqlite": db}, epoch="1")
    else:
        forged = forge(pair, {"mgv7.sqlite": db})
        manifest = json.loads(zipfile.ZipFile(pair.shared / forged.bundle).read("manifest.json"))
        manifest["members"][0]["size"] = str(len(db))
        forge(pair, {"mgv7.sqlite": db}, members=manifest["members"])
    first = restore(pair)
    assert first.result == "rejected", first.message
    assert "Unexpected error" not in first.message
    assert restore(pair).result == "nothing"  # not retried at every poll
    assert fingerprint(pair.contingency_db) == kept


def test_declared_sizes_are_compared_with_the_free_space_first(pair):
    assert backup(pair).result == "ok" and restore(pair).result == "ok"
    temp = pair.contingency_home.work_dir / "incoming"
    huge = shutil.disk_usage(temp).free + (1 << 30)
    db = sqlite_backup_bytes(pair)
    forged = forge(pair, {"mgv7.sqlite": db})
    manifest = json.loads(zipfile.ZipFile(pair.shared / forged.bundle).read("manifest.json"))
    manifest["members"][0]["size"] = huge
    forge(pair, {"mgv7.sqlite": db}, members=manifest["members"])
    result = restore(pair)
    assert result.result == "failed" and "MB free" in result.message and "extracting" in result.message
    assert not [f for f in temp.rglob("*") if f.is_file()]  # nothing was extracted


# --- 5. killed runs leave nothing behind ------------------------------------------------------------

import os
import signal
import stat
import subprocess
import sys
import threading
import time

from .pair import cli_command


def test_a_killed_backup_leaves_no_work_folder_after_the_next_cycle(pair):
    pair.official.official.destination1.bandwidth_kbps = 20  # a slow copy to kill it during the publish
    pair.save()
    command, env = cli_command(pair.official_home, "backup-now")
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = pair.official_home.work_dir / "official"
    deadline = time.monotonic() + 60
    while not list(work.glob("run-*/*.zip")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert list(work.glob("run-*")), "the kill landed before the bundle was made"
    pair.official.official.destination1.bandwidth_kbps = 0
    assert backup(pair).result == "ok"
    assert not list(work.glob("run-*"))
    status = collect(pair.official, pair.official_home)
    assert status["disk"]["work_bytes"] == 0 and status["disk"]["home_bytes"] > 0
    shown = cli(pair.official_home, "status")
    assert "Disk use:" in shown.stdout


def test_a_killed_restore_leaves_no_work_folder_after_the_next_cycle(pair):
    backup(pair)
    leftover = pair.contingency_home.work_dir / "incoming" / "run-41"  # as a SIGKILL leaves it
    leftover.mkdir(parents=True)
    (leftover / "mgv7.zip").write_bytes(b"x" * 100_000)
    assert restore(pair).result == "ok"
    assert not leftover.exists()


# --- 6. a read that blocks does not freeze the contingency ----------------------------------------------

def test_a_fifo_in_place_of_the_marker_is_refused_without_blocking(pair):
    backup(pair)
    restore(pair)
    (pair.shared / MARKER_NAME).unlink()
    os.mkfifo(pair.shared / MARKER_NAME)
    started = time.monotonic()
    result = cli(pair.contingency_home, "restore-now", timeout=30)
    assert time.monotonic() - started < 20
    assert result.returncode == 1 and "not a regular file" in result.stderr


def test_a_read_that_blocks_ends_at_its_deadline(tmp_path):
    fifo = tmp_path / "hung"
    os.mkfifo(fifo)  # open() for reading blocks until a writer comes: as a hung mount does
    started = time.monotonic()
    with pytest.raises(TransportError, match="did not answer within 1 s"):
        cycles.with_deadline(lambda: open(fifo, "rb").read(), 1, "source: reading hung")
    assert time.monotonic() - started < 5
    with pytest.raises(TransportError, match="still blocked"):  # no second reader piles up
        cycles.with_deadline(lambda: open(fifo, "rb").read(), 1, "source: reading hung")
    with open(fifo, "wb"):  # unblock the reader left behind
        pass


def test_the_silence_check_runs_while_the_source_hangs(pair, monkeypatch):
    pair.official.official.interval_min = 1
    pair.contingency.contingency.silent_grace_min = 0
    backup(pair)
    restore(pair)
    marker = Marker.parse(marker_text(pair))  # seen here long ago, and nothing new since
    contingency_journal(pair).set_state(StateKey.MARKER_SEEN, {"sha256": marker.sha256, "at": "2020-01-01T00:00:00Z"})
    hang = threading.Event()
    from app.transports.folder import FolderTransport
    monkeypatch.setattr(FolderTransport, "read_bytes", lambda self, name, limit=0: hang.wait(30))
    pair.contingency.contingency.source.timeout_s = 1
    try:
        result = restore(pair)
    finally:
        hang.set()
    assert result.result == "failed" and "did not answer" in result.message
    assert contingency_journal(pair).get_state(StateKey.OFFICIAL_SILENT)


# --- 8. the marker is as readable as the bundle ---------------------------------------------------

def test_marker_and_bundle_have_the_same_permissions(pair):
    old = os.umask(0o022)
    try:
        backup(pair)
    finally:
        os.umask(old)
    marker = pair.shared / MARKER_NAME
    made = pair.shared / Marker.parse(marker.read_text()).bundle
    assert stat.S_IMODE(marker.stat().st_mode) == stat.S_IMODE(made.stat().st_mode)
    assert stat.S_IMODE(marker.stat().st_mode) & 0o044 == 0o044  # another account can read it


# --- 9. input: one readable refusal, nothing saved, never a traceback ---------------------------

def settings_bytes(p: Pair) -> bytes:
    return p.contingency_home.settings_file.read_bytes()


def refused(p: Pair, *args: str, stdin: str | None = None) -> str:
    before = settings_bytes(p)
    result = cli(p.contingency_home, *args, stdin=stdin)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr[:2000])
    assert "Traceback" not in result.stderr and len(result.stderr) < 2000, result.stderr[:2000]
    assert settings_bytes(p) == before  # nothing was saved
    return result.stderr


def test_a_line_break_cannot_be_injected_into_the_marker(pair):
    assert "line breaks" in refused(pair, "config", "set", "machine_name", "OFICIAL\nsequence=999999")
    with pytest.raises(ValueError):
        Marker("a_20260101T000000Z_000001.zip", 1, "0" * 64, 1, 1, "2026-01-01T00:00:00Z",
               source_host="X\r\nsequence=9").to_text()


def test_a_path_map_is_parsed_at_config_set(pair):
    assert "OLD=NEW" in refused(pair, "config", "set", "promotion.path_maps", "not-a-map")
    assert "HH:MM" in refused(pair, "config", "set", "notify.summary_time", "8h")
    ok = cli(pair.contingency_home, "config", "set", "promotion.path_maps", r"\\OFICIAL\MGV7=D:\MGV7")
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize("document,words", [
    ('[[email_accounts]]\nname = "loja"\nhost = "smtp"\nport = "abc"\n', "whole number"),
    ("email_accounts = 5\n", "list of [[email_accounts]]"),
    ("[official]\nretention = true\n", "whole number"),
    ('[database]\npath = ["a", "b"]\n', "use a text"),
    ('[official]\ntimes = "08:00"\n', "list of texts"),
    ('machine_name = "A\\u0000B"\n', "control characters"),
    ('machine_name = "' + "M" * 20_000_000 + '"\n', "at most 64 characters"),
    ("".join(f"unknown{i} = 1\n" for i in range(200_000)), "199995 more problems"),
], ids=["port abc", "accounts 5", "retention true", "path a list", "times a text", "NUL", "20 MB name",
        "200000 unknown keys"])
def test_config_import_is_type_strict_with_one_bounded_message(pair, tmp_path, document, words):
    source = tmp_path / "settings.toml"
    source.write_text(document, "utf-8")
    assert words in refused(pair, "config", "import", str(source))


def test_home_on_a_file_and_a_wait_that_is_not_a_number(pair, tmp_path):
    a_file = tmp_path / "a file"
    a_file.write_text("x")
    result = cli(a_file, "status")
    assert result.returncode == 1 and "Traceback" not in result.stderr and "--home" in result.stderr
    started = time.monotonic()
    result = cli(pair.official_home, "backup-now", "--wait", "nan")
    assert result.returncode == 2 and "not a number of seconds" in result.stderr
    assert time.monotonic() - started < 30


# --- 10. clocks: what this machine observed ---------------------------------------------------------

def test_an_official_clock_a_year_ahead_is_reported_and_ages_stay_true(pair, monkeypatch):
    from datetime import timedelta

    import app.bundle
    import app.clock
    ahead = app.clock.utc_now() + timedelta(days=365)
    pair.official.official.interval_min = 1
    pair.contingency.contingency.silent_grace_min = 0
    with monkeypatch.context() as m:  # the official's clock only
        m.setattr(app.bundle, "utc_now", lambda: ahead)
        m.setattr(cycles, "utc_now", lambda: ahead)
        assert backup(pair).result == "ok"
    assert Marker.parse(marker_text(pair)).created_at > app.clock.utc_now() + timedelta(days=300)
    assert restore(pair).result == "ok"  # still restored: identity and sequence do not need the clock
    status = collect(pair.contingency, pair.contingency_home)
    assert 0 <= status["data_age_s"] < 120
    assert status["clock_skew"] and status["clock_skew"]["ahead_s"] > 300 * 86400
    assert status["state"] == "warning" and "clock is" in status["summary"] and "ahead" in status["summary"]
    # an hour later by this machine's clock, nothing new: silent, although the marker says "next year"
    marker = Marker.parse(marker_text(pair))
    earlier = (app.clock.utc_now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    contingency_journal(pair).set_state(StateKey.MARKER_SEEN, {"sha256": marker.sha256, "at": earlier})
    restore(pair)
    status = collect(pair.contingency, pair.contingency_home)
    assert status["official_silent"] and 55 <= status["official_silent"]["minutes"] <= 65


def test_a_disk_that_fills_during_the_copy_blames_this_machine_not_the_source(pair, tmp_path):
    backup(pair)
    from app.transports import get_transport
    name = Marker.parse(marker_text(pair)).bundle
    temp = tiny_folder(tmp_path / "filling temp", "16k")
    try:
        with get_transport(pair.contingency.contingency.source, "source") as transport:
            with pytest.raises(TransportError) as caught:
                transport.download(name, temp / name)
    finally:
        umount(temp)
    assert "on this machine" in str(caught.value) and "Free space there or lower" not in str(caught.value)
