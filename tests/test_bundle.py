"""The bundle: plain zip, manifest, verification and safe extraction."""

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


def hostile_zip(path, member_name, content=b"evil", declared_size=None, symlink=False, sequence=1, **fields):
    manifest = {"format": 1, "engine": "sqlite", "database": "store", "created": "2026-11-25T10:00:00Z",
                "sequence": sequence, "epoch": 1, "source_host": "x", "program_version": "0",
                "members": [{"name": member_name, "size": declared_size or len(content),
                             "sha256": hashlib.sha256(content).hexdigest()}], **fields}
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


def position_classes(path) -> dict[str, range]:
    """Byte ranges of a bundle by what they hold: each member's local header, data and data
    descriptor, the central directory and its end record."""
    raw = path.read_bytes()
    classes: dict[str, range] = {}
    with zipfile.ZipFile(path) as archive:
        infos = sorted(archive.infolist(), key=lambda info: info.header_offset)
        ends = [info.header_offset for info in infos[1:]] + [archive.start_dir]
        for info, end in zip(infos, ends):
            start = info.header_offset
            name_length = int.from_bytes(raw[start + 26:start + 28], "little")
            extra_length = int.from_bytes(raw[start + 28:start + 30], "little")
            data = start + 30 + name_length + extra_length
            kind = "manifest" if info.filename == bundle.MANIFEST_NAME else "member"
            classes[f"{kind} header"] = range(start, data)
            classes[f"{kind} data"] = range(data, data + info.compress_size)
            classes[f"{kind} descriptor"] = range(data + info.compress_size, end)
        directory = archive.start_dir
    end_record = raw.rindex(b"PK\x05\x06")
    classes["central directory"] = range(directory, end_record)
    classes["end of central directory"] = range(end_record, len(raw))
    return classes


def small_source(tmp_path):
    """Text that deflates into back-references (the random tail keeps some literal blocks)."""
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"".join(b"produto %d;preco %d\n" % (i % 37, i % 11) for i in range(400)) + os.urandom(200))
    return path


def test_a_flipped_byte_anywhere_is_a_clean_corrupt_verdict(tmp_path):
    """Every byte of a small deflated bundle, flipped in turn: ``verify`` either says the bundle is
    corrupt (``BundleError``, never isal's or zlib's own error) or the flip was harmless and the
    member comes out intact."""
    source = small_source(tmp_path)
    made = make(source, tmp_path, level=6)
    original = made.path.read_bytes()
    classes = position_classes(made.path)
    assert sum(len(r) for r in classes.values()) == len(original)
    refused = {name: 0 for name in classes}
    flipped = tmp_path / "flipped.zip"
    for name, positions in classes.items():
        for position in positions:
            data = bytearray(original)
            data[position] ^= 0xFF
            flipped.write_bytes(data)
            try:
                manifest = bundle.verify(flipped)
                files = bundle.extract(flipped, manifest, tmp_path / "out")
            except BundleError:
                refused[name] += 1
                continue
            assert files[0].read_bytes() == source.read_bytes(), f"byte {position} ({name})"
    # zipfile takes sizes and CRCs from the central directory: a flipped data descriptor is
    # harmless (checked above: the member comes out intact); every other part is refused somewhere
    assert all(count for name, count in refused.items() if "descriptor" not in name), refused


def test_cli_verify_of_a_bundle_isal_cannot_inflate(tmp_path):
    """A flip that makes isal's inflate raise its own error, through ``contingencia verify``."""
    from isal import isal_zlib
    from .pair import cli
    made = make(small_source(tmp_path), tmp_path, level=6)
    original = made.path.read_bytes()
    data_range = position_classes(made.path)["member data"]
    for position in data_range:
        data = bytearray(original)
        data[position] ^= 0xFF
        try:
            isal_zlib.decompressobj(-15).decompress(bytes(data[data_range.start:data_range.stop]))
        except isal_zlib.error:
            break
    else:
        pytest.fail("no flip made isal fail")
    made.path.write_bytes(data)
    bad = cli(tmp_path / "h", "verify", str(made.path))
    assert bad.returncode == 1 and "corrupt" in bad.stderr and "Traceback" not in bad.stderr, bad.stderr
