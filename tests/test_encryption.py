"""Optional encryption of the bundle (B6): sealed on the official, opened only with the passphrase."""

from __future__ import annotations

import os

import pytest

from app import crypto
from app.markers import MARKER_NAME, Marker
from app.cycles import run_contingency, run_official
from app.demo.data import fingerprint
from app.errors import BundleError

from .pair import make_pair


@pytest.fixture
def plain(tmp_path):
    path = tmp_path / "plain.bin"
    path.write_bytes(os.urandom(crypto.RECORD * 2 + 1234))
    return path


def test_round_trip_and_nothing_readable(plain, tmp_path):
    sealed, opened = tmp_path / "s.enc", tmp_path / "o.bin"
    crypto.encrypt_file(plain, sealed, "senha forte ção")
    assert crypto.is_encrypted(sealed) and plain.read_bytes()[:64] not in sealed.read_bytes()
    crypto.decrypt_file(sealed, opened, "senha forte ção")
    assert opened.read_bytes() == plain.read_bytes()


@pytest.mark.parametrize("damage", ["wrong passphrase", "bit flip", "cut at a record", "cut inside", "records swapped"])
def test_any_alteration_is_refused(plain, tmp_path, damage):
    sealed, opened = tmp_path / "s.enc", tmp_path / "o.bin"
    crypto.encrypt_file(plain, sealed, "k")
    data = bytearray(sealed.read_bytes())
    first = crypto.HEADER_SIZE
    first_len = 4 + int.from_bytes(data[first:first + 4], "big")
    if damage == "bit flip":
        data[len(data) // 2] ^= 1
    elif damage == "cut at a record":
        data = data[: first + first_len]
    elif damage == "cut inside":
        data = data[:-10]
    elif damage == "records swapped":
        second_len = 4 + int.from_bytes(data[first + first_len:first + first_len + 4], "big")
        a = data[first:first + first_len]
        b = data[first + first_len:first + first_len + second_len]
        data[first:first + first_len + second_len] = b + a
    sealed.write_bytes(bytes(data))
    with pytest.raises(BundleError):
        crypto.decrypt_file(sealed, opened, "wrong" if damage == "wrong passphrase" else "k")
    assert not opened.exists()


def test_encrypted_cycle(tmp_path):
    p = make_pair(tmp_path)
    p.official.official.encryption_passphrase = "frase secreta"
    made = run_official(p.official, p.official_home)
    assert made.ok and made.details["bundle"].endswith(".zip.enc")
    assert Marker.parse((p.shared / MARKER_NAME).read_text()).bundle.endswith(".zip.enc")
    # no passphrase here: this machine's problem, not a verdict on the bundle, and nothing is downloaded
    waiting = run_contingency(p.contingency, p.contingency_home)
    assert waiting.result == "failed" and "no passphrase is configured" in waiting.message
    assert not p.contingency_db.exists() and not list((p.contingency_home.work_dir).rglob("*.enc"))
    # a wrong one: rejected once, and tried again by itself when the passphrase changes
    p.contingency.contingency.encryption_passphrase = "outra frase"
    wrong = run_contingency(p.contingency, p.contingency_home)
    assert wrong.result == "rejected" and "passphrase" in wrong.message
    assert run_contingency(p.contingency, p.contingency_home).result == "nothing"
    journal_files = p.contingency_home.root.glob("journal.sqlite3*")
    assert not any(b"frase" in f.read_bytes() for f in journal_files)  # the secret never reaches the journal
    p.contingency.contingency.encryption_passphrase = "frase secreta"
    assert run_contingency(p.contingency, p.contingency_home).result == "ok"  # the same bundle, no new backup
    assert fingerprint(p.official_db) == fingerprint(p.contingency_db)
