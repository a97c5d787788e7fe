"""Each side reads and writes the bundle as few times as its checks need."""

from __future__ import annotations

import errno
import os

import pytest

import app.atomic as atomic
import app.bundle as bundles
import app.transports.folder as folder
from app.cycles import run_contingency, run_official
from app.demo_data import fingerprint

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
