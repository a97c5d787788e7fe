"""Each side reads and writes the bundle as few times as its checks need."""

from __future__ import annotations

import errno
import os
import threading

import pytest

import app.atomic as atomic
import app.bundle as bundles
import app.transports.folder as folder
from app.cycles import run_contingency, run_official
from app.demo.data import fingerprint
from app.journal import Journal, StateKey

from .pair import make_pair


@pytest.fixture
def pair(tmp_path):
    return make_pair(tmp_path)


def test_the_contingency_hashes_the_bundle_while_copying_it(pair, monkeypatch):
    assert run_official(pair.official, pair.official_home).ok

    def second_pass(*args, **kwargs):
        raise AssertionError("the bundle was read again to hash it")
    monkeypatch.setattr(bundles, "file_sha256", second_pass)
    result = run_contingency(pair.contingency, pair.contingency_home)
    assert result.result == "ok", result.message
    assert fingerprint(pair.official_db) == fingerprint(pair.contingency_db)


def test_a_bundle_damaged_in_the_folder_is_still_refused_by_the_hash_taken_while_copying(pair):
    made = run_official(pair.official, pair.official_home)
    published = pair.shared / made.details["bundle"]
    data = bytearray(published.read_bytes())
    data[len(data) // 2] ^= 0x01
    published.write_bytes(bytes(data))
    result = run_contingency(pair.contingency, pair.contingency_home)
    assert result.result == "rejected" and "sha256" in result.message
    assert not pair.contingency_db.exists()


def test_the_official_links_the_bundle_into_a_folder_on_the_same_disk(pair, monkeypatch):
    def copied(*args, **kwargs):
        raise AssertionError("the bundle was copied, not linked")
    monkeypatch.setattr(folder, "copy_atomic", copied)
    made = run_official(pair.official, pair.official_home)
    assert made.result == "ok", made.message
    published = pair.shared / made.details["bundle"]
    assert published.stat().st_nlink == 1  # the work copy is gone; the published name stays
    monkeypatch.undo()
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"


def test_the_official_copies_when_the_folder_is_on_another_disk(pair, monkeypatch):
    def cross_device(src, dst, *args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")
    monkeypatch.setattr(os, "link", cross_device)
    copies = []
    real_copy = atomic.copy_atomic
    monkeypatch.setattr(folder, "copy_atomic", lambda *a, **k: copies.append(a[1]) or real_copy(*a, **k))
    made = run_official(pair.official, pair.official_home)
    assert made.result == "ok", made.message
    assert [p.name for p in copies] == [made.details["bundle"]]
    assert not [p for p in pair.shared.iterdir() if p.name.endswith(".part")]


def test_a_bundle_in_a_folder_is_extracted_where_it_is_without_a_copy(pair, monkeypatch):
    assert run_official(pair.official, pair.official_home).ok

    def copied(*args, **kwargs):
        raise AssertionError("the bundle was copied before being extracted")
    monkeypatch.setattr(folder.FolderTransport, "download", copied)
    result = run_contingency(pair.contingency, pair.contingency_home)
    assert result.result == "ok", result.message
    assert fingerprint(pair.official_db) == fingerprint(pair.contingency_db)


def test_a_rate_limited_source_is_still_received_first(pair):
    assert run_official(pair.official, pair.official_home).ok
    pair.contingency.contingency.source.bandwidth_kbps = 1 << 20
    result = run_contingency(pair.contingency, pair.contingency_home)
    assert result.result == "ok", result.message
    journal = Journal(pair.contingency_home.journal_file)
    assert [s["name"] for s in journal.steps(result.run_id)][0] == "download"


def central_directory_time(bundle) -> int:
    """The offset of the first central directory entry's modification time: zipfile never
    checks it, so only the bundle's own sha256 can notice it changed."""
    return bundle.read_bytes().rindex(b"PK\x01\x02") + 12


def test_a_change_only_the_bundles_sha256_can_see_is_refused_when_read_in_place(pair):
    made = run_official(pair.official, pair.official_home)
    published = pair.shared / made.details["bundle"]
    data = bytearray(published.read_bytes())
    data[central_directory_time(published)] ^= 0x01
    published.write_bytes(bytes(data))
    result = run_contingency(pair.contingency, pair.contingency_home)
    assert result.result == "rejected" and "sha256" in result.message, result.message
    assert not pair.contingency_db.exists()


def test_a_source_failing_mid_read_is_retried_not_rejected(pair, monkeypatch):
    assert run_official(pair.official, pair.official_home).ok
    real_init = folder.InPlaceFile.__init__

    class ShareGoneMidway:
        def __init__(self, handle):
            self.handle, self.reads = handle, 0

        def read(self, size=-1):
            self.reads += 1
            if self.reads > 6:
                raise OSError(errno.EIO, "Input/output error")
            return self.handle.read(size)

        def __getattr__(self, name):
            return getattr(self.handle, name)
    monkeypatch.setattr(folder.InPlaceFile, "__init__",
                        lambda self, handle, *args: real_init(self, ShareGoneMidway(handle), *args))
    failed = run_contingency(pair.contingency, pair.contingency_home)
    assert failed.result == "failed" and "source: reading" in failed.message, failed.message
    assert Journal(pair.contingency_home.journal_file).get_state(StateKey.REJECTED) is None
    monkeypatch.undo()
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"


def test_the_extraction_hashes_and_writes_on_another_thread_and_writes_out_as_it_goes(pair, monkeypatch):
    assert run_official(pair.official, pair.official_home).ok
    threads, flushed = set(), []
    real_write = bundles._MemberSink._write

    def write(self, block):
        threads.add(threading.current_thread().name)
        real_write(self, block)
    monkeypatch.setattr(bundles._MemberSink, "_write", write)
    monkeypatch.setattr(atomic.WriteBehind, "EVERY", 1)
    real_sync = os.fdatasync
    monkeypatch.setattr(os, "fdatasync", lambda fd: flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
                        or real_sync(fd))
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    assert threads and threading.main_thread().name not in threads
    assert flushed and all(path.endswith(".part") for path in flushed), flushed
