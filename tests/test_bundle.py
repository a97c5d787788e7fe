"""The bundle: plain zip, manifest, marker, verification and safe extraction."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import zipfile

import pytest

from app import bundle
from app.errors import BundleError


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "store.sqlite"
    path.write_bytes(os.urandom(300_000) + b"preco;produto\n" * 200_000)
    return path


def make(source, out, level=6, sequence=4):
    return bundle.create([source], out, database="store", engine="sqlite", sequence=sequence, epoch=2,
                         level=level, source_host="LOJA-01")


@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_bundle_is_a_plain_zip_with_a_complete_manifest(source, tmp_path, level):
    made = make(source, tmp_path, level)
    assert bundle.is_bundle_name(made.name) and made.name.startswith("store_") and made.name.endswith("_000004.zip")
    assert subprocess.run(["unzip", "-tq", str(made.path)], capture_output=True).returncode == 0
    assert made.sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()
    assert made.size == made.path.stat().st_size
    manifest = bundle.verify(made.path, made.size, made.sha256)
    for key in ("format", "engine", "database", "created", "sequence", "epoch", "source_host", "program_version"):
        assert key in manifest
    member = manifest["members"][0]
    assert member == {"name": "store.sqlite", "size": source.stat().st_size,
                      "sha256": hashlib.sha256(source.read_bytes()).hexdigest()}
    files = bundle.extract(made.path, manifest, tmp_path / "out")
    assert files[0].read_bytes() == source.read_bytes()
    assert not list(tmp_path.glob("*.part"))


def test_higher_levels_compress_more(source, tmp_path):
    sizes = [make(source, tmp_path / str(level), level).size for level in (0, 1, 7, 9)
             if (tmp_path / str(level)).mkdir() is None]
    assert sizes[0] > sizes[1] >= sizes[2] > sizes[3]


def test_truncated_and_bit_flipped_bundles_are_refused(source, tmp_path):
    made = make(source, tmp_path)
    data = bytearray(made.path.read_bytes())
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(BundleError, match="announced"):
        bundle.verify(truncated, made.size, made.sha256)
    data[len(data) // 3] ^= 0x01
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(data)
    with pytest.raises(BundleError, match="sha256"):
        bundle.verify(flipped, made.size, made.sha256)
    # without the outer checksum, the member check still catches the flip
    with pytest.raises(BundleError):
        manifest = bundle.verify(flipped)
        bundle.extract(flipped, manifest, tmp_path / "x")
    assert not (tmp_path / "x" / "store.sqlite").exists()


def hostile_zip(path, member_name, content=b"evil", declared_size=None, symlink=False, sequence=1):
    manifest = {"format": 1, "engine": "sqlite", "database": "store", "created": "2026-11-25T10:00:00Z",
                "sequence": sequence, "epoch": 1, "source_host": "x", "program_version": "0",
                "members": [{"name": member_name, "size": declared_size or len(content),
                             "sha256": hashlib.sha256(content).hexdigest()}]}
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo(member_name)
        if symlink:
            info.external_attr = (0o120777) << 16
        archive.writestr(info, content)
        archive.writestr("manifest.json", json.dumps(manifest))
    return path


@pytest.mark.parametrize("name", ["../escape.sqlite", "/etc/cron.d/evil", "C:/Windows/evil.dll",
                                  "sub/../../x", "a\\..\\b"])
def test_hostile_member_paths_are_refused(tmp_path, name):
    path = hostile_zip(tmp_path / "h.zip", name)
    manifest = bundle.verify(path)
    with pytest.raises(BundleError, match="unsafe path"):
        bundle.extract(path, manifest, tmp_path / "out")
    assert not (tmp_path / "escape.sqlite").exists()


def test_links_and_members_larger_than_declared_are_refused(tmp_path):
    link = hostile_zip(tmp_path / "l.zip", "store.sqlite", b"/etc/passwd", symlink=True)
    with pytest.raises(BundleError, match="link"):
        bundle.extract(link, bundle.verify(link), tmp_path / "o1")
    big = tmp_path / "big.zip"
    hostile_zip(big, "store.sqlite", b"x" * 5000)
    manifest = bundle.verify(big)
    manifest["members"][0]["size"] = 100
    with pytest.raises(BundleError):
        bundle.extract(big, manifest, tmp_path / "o2")
    assert not (tmp_path / "o2" / "store.sqlite").exists()


def test_members_not_in_the_manifest_are_refused(tmp_path):
    path = hostile_zip(tmp_path / "x.zip", "store.sqlite")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("extra.exe", b"MZ")
    with pytest.raises(BundleError, match="do not match its manifest"):
        bundle.verify(path)


def test_marker_round_trip_and_refusals():
    marker = bundle.Marker("store_20261125T100000Z_000007.zip", 10, "ab" * 32, 7, 1, "2026-11-25T10:00:00Z",
                           "sqlite", "store", "LOJA", 60, "2026-11-25T11:00:00Z")
    text = marker.to_text()
    assert text.startswith("format=1\r\n") and "bundle=store_20261125T100000Z_000007.zip" in text
    assert bundle.Marker.parse(text) == marker
    with pytest.raises(BundleError, match="incomplete"):
        bundle.Marker.parse("")  # an MGV7 marker with no content
    with pytest.raises(BundleError):
        bundle.Marker.parse(text.replace("store_20261125T100000Z_000007.zip", "../../etc/passwd"))


def test_cli_verify(source, tmp_path):
    from .pair import cli
    made = make(source, tmp_path)
    ok = cli(tmp_path / "h", "verify", str(made.path))
    assert ok.returncode == 0 and "ok" in ok.stdout and "sequence 4" in ok.stdout
    data = bytearray(made.path.read_bytes())
    data[1000] ^= 0xFF
    made.path.write_bytes(data)
    bad = cli(tmp_path / "h", "verify", str(made.path))
    assert bad.returncode == 1 and made.name in bad.stderr
