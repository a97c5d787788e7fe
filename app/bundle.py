"""The backup bundle: a plain zip of the native backup plus ``manifest.json``.

- ``create`` streams each file through a fast deflate (python-isal; zlib as fallback)
  in constant memory, hashing as it goes, and writes the zip under a temporary name.
- The marker that names a complete bundle (``BACKUPOK.TXT``) is the folder protocol's,
  in ``markers.py``.
- ``verify`` checks size, sha256 and the manifest; ``extract`` refuses hostile members
  (absolute paths, ``..``, drive letters, links, members larger than declared) and
  checks each member's size and sha256 as it writes it.

Compression level (``official.compression``, 0-9) to the deflate used:
0 stored; 1-2 isal 0; 3-4 isal 1; 5-6 isal 2; 7 isal 3 (about 500 MB/s); 8 zlib 6 and
9 zlib 9, for when the link is slower than the CPU (10 to 60 times slower, 10-20%
smaller). Without isal, zlib at the same level. The output is always a standard zip
that Windows Explorer opens.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .atomic import commit_rename
from .clock import iso, parse_iso, utc_now
from .errors import BundleError, LocalFault
from .progress import Progress, report

try:  # a fast deflate that still writes plain zip files
    from isal import isal_zlib as _fast_zlib
except ImportError:  # pragma: no cover - isal is a dependency; zlib keeps it working without
    _fast_zlib = None
import zlib

# What reading a damaged zip can raise: isal's inflate error is not a ``zlib.error``, and a flipped
# version or method field gives ``NotImplementedError``. Each one means "the bundle is corrupt".
UNREADABLE = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) \
    + ((_fast_zlib.error,) if _fast_zlib is not None else ())

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1
#: an incremental bundle's manifest (app/delta/chain.py): a reader of format 1 refuses it and says to update
INCREMENTAL_FORMAT = 2
#: an incremental bundle is ``<db>+inc_<time>_<sequence>.zip``: a name an older reader still takes
#: for a bundle's (so it reads the manifest and says to update) and retention tells from a full one
INCREMENTAL_TAG = "+inc"
CHUNK = 1 << 20
BUNDLE_NAME = re.compile(r"^(?P<db>.+?)(?P<inc>\+inc)?_(?P<ts>\d{8}T\d{6}Z)_(?P<seq>\d{6,})\.zip(\.enc)?$")
ISAL_LEVEL = {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 2, 7: 3}  # 8 and 9: zlib, smaller and slower
ZLIB_LEVEL = {8: 6, 9: 9}


def bundle_name(database: str, created: datetime, sequence: int, incremental: bool = False) -> str:
    tag = INCREMENTAL_TAG if incremental else ""
    return f"{database}{tag}_{created.strftime('%Y%m%dT%H%M%SZ')}_{sequence:06d}.zip"


def is_bundle_name(name: str) -> bool:
    return BUNDLE_NAME.match(name) is not None


def bundle_sequence(name: str) -> int:
    match = BUNDLE_NAME.match(name)
    return int(match.group("seq")) if match else -1


def is_incremental_name(name: str) -> bool:
    match = BUNDLE_NAME.match(name)
    return bool(match and match.group("inc"))


def deflate_for(level: int) -> tuple[str, Any]:
    """Describe and build the compressor for a 0-9 level (see the module's table)."""
    if level <= 0:
        return "stored", None
    level = min(level, 9)
    if level in ZLIB_LEVEL:
        zlevel = ZLIB_LEVEL[level]
        return f"zlib {zlevel}", lambda: zlib.compressobj(zlevel, zlib.DEFLATED, -15)
    if _fast_zlib is not None:
        isal_level = ISAL_LEVEL[level]
        return f"isal {isal_level}", lambda: _fast_zlib.compressobj(isal_level, _fast_zlib.DEFLATED, -15)
    return f"zlib {level}", lambda: zlib.compressobj(level, zlib.DEFLATED, -15)


@dataclass
class BundleInfo:
    path: Path
    name: str
    size: int
    sha256: str
    manifest: dict[str, Any] = field(default_factory=dict)


class _HashingWriter:
    """A write-only stream that hashes and counts; having no seek, zipfile streams into it."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.handle.write(data)
        self.hash.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self.handle.flush()


def create(files: list[Path], out_dir: Path, *, database: str, engine: str, sequence: int,
           epoch: int, level: int, source_host: str, progress: Progress = None,
           created: datetime | None = None, identity: str = "", generation: str = "",
           chain: dict[str, Any] | None = None) -> BundleInfo:
    """Zip ``files`` with a manifest into ``out_dir``; the final name appears only when complete.

    ``chain`` holds the manifest's chain fields (app/delta/chain.py); an incremental one names
    the bundle ``<db>+inc_...zip`` and gives it the incremental format."""
    created = created or utc_now()
    chain = chain or {}
    incremental = chain.get("kind") == "incremental"
    name = bundle_name(database, created, sequence, incremental)
    target = Path(out_dir) / name
    part = target.with_name(target.name + ".part")
    total = sum(Path(f).stat().st_size for f in files)
    method, make_compressor = deflate_for(level)
    members = []
    done = 0
    try:
        with open(part, "wb") as raw:
            writer = _HashingWriter(raw)
            compress_type = zipfile.ZIP_STORED if make_compressor is None else zipfile.ZIP_DEFLATED
            with zipfile.ZipFile(writer, "w", compression=compress_type, allowZip64=True) as archive:
                for path in files:
                    member, done = _add_member(archive, Path(path), make_compressor, compress_type,
                                               done, total, progress)
                    members.append(member)
                manifest = {
                    "format": INCREMENTAL_FORMAT if incremental else FORMAT_VERSION,
                    "engine": engine, "database": database,
                    "created": iso(created), "sequence": sequence, "epoch": epoch,
                    "source_host": source_host, "identity": identity, "generation": generation,
                    "program_version": __version__,
                    "compression": method, "members": members, **chain,
                }
                archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=1))
            raw.flush()
            os.fsync(raw.fileno())
        commit_rename(part, target, synced=True)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BundleError(f"The bundle {name} could not be written in {out_dir}: {exc.strerror or exc}.",
                          hint="Check the work folder's free space and permissions.") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return BundleInfo(target, name, writer.size, writer.hash.hexdigest(), manifest)


def encrypt(made: BundleInfo, passphrase: str, progress: Progress = None) -> BundleInfo:
    """Seal a finished bundle into ``<name>.enc``; the plain zip is removed."""
    from .crypto import ENCRYPTED_SUFFIX, encrypt_file
    target = made.path.with_name(made.name + ENCRYPTED_SUFFIX)
    part = target.with_name(target.name + ".part")
    try:
        encrypt_file(made.path, part, passphrase, progress)
        commit_rename(part, target, synced=True)
    finally:
        part.unlink(missing_ok=True)
    made.path.unlink(missing_ok=True)
    return BundleInfo(target, target.name, target.stat().st_size, file_sha256(target), made.manifest)


def open_bundle(path: Path, passphrase: str, work_dir: Path, progress: Progress = None) -> Path:
    """The plain zip of a bundle: itself, or its decryption into ``work_dir``."""
    from .crypto import ENCRYPTED_SUFFIX, decrypt_file
    path = Path(path)
    if not path.name.endswith(ENCRYPTED_SUFFIX):
        return path
    plain = Path(work_dir) / path.name[: -len(ENCRYPTED_SUFFIX)]
    decrypt_file(path, plain, passphrase, progress)
    return plain


def _add_member(archive: zipfile.ZipFile, path: Path, make_compressor, compress_type: int,
                done: int, total: int, progress: Progress) -> tuple[dict, int]:
    info = zipfile.ZipInfo(path.name, date_time=utc_now().timetuple()[:6])
    info.compress_type = compress_type
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.file_size = path.stat().st_size  # lets zipfile pick zip64 up front for big files
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as reader, archive.open(info, "w", force_zip64=info.file_size > 2**31) as dest:
        if make_compressor is not None:
            dest._compressor = make_compressor()  # the fast deflate; zipfile still writes the headers
        while block := reader.read(CHUNK):
            dest.write(block)
            digest.update(block)
            size += len(block)
            done += len(block)
            report(progress, done, total)
    return {"name": path.name, "size": size, "sha256": digest.hexdigest()}, done


def file_sha256(path: Path, progress: Progress = None) -> str:
    digest = hashlib.sha256()
    total = Path(path).stat().st_size
    done = 0
    with open(path, "rb") as reader:
        while block := reader.read(CHUNK):
            digest.update(block)
            done += len(block)
            report(progress, done, total)
    return digest.hexdigest()


def verify(path: Path, expected_size: int | None = None, expected_sha256: str | None = None,
           progress: Progress = None) -> dict[str, Any]:
    """Check the bundle's size, sha256 and manifest; returns the manifest.

    Members are checked one by one by ``extract`` (or ``verify_members``), as they are read.
    """
    check_file(path, expected_size, expected_sha256, progress)
    return read_manifest(Path(path))


def check_file(path: Path, expected_size: int | None = None, expected_sha256: str | None = None,
               progress: Progress = None, *, received_sha256: str | None = None) -> None:
    """The file as the marker announced it: its size and sha256.

    ``received_sha256`` is the digest the transport computed while receiving the file:
    then the file is not read a second time.
    """
    path = Path(path)
    if not path.is_file():
        raise BundleError(f"The bundle {path.name} is missing.")
    size = path.stat().st_size
    if expected_size is not None and size != expected_size:
        raise BundleError(f"The bundle {path.name} has {size} bytes; the marker announced {expected_size}.",
                          hint="It is partial or was replaced; it will not be restored.")
    if expected_sha256 is not None:
        actual = received_sha256 or file_sha256(path, progress)
        if actual != expected_sha256.lower():
            raise BundleError(f"The bundle {path.name} does not match its sha256 (corrupt or tampered).",
                              hint="It will not be restored; the official's next backup will be tried.")


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if MANIFEST_NAME not in names:
                raise BundleError(f"The bundle {path.name} has no {MANIFEST_NAME}.",
                                  hint="It was not made by Contingência or is incomplete.")
            manifest = json.loads(archive.read(MANIFEST_NAME))
    except UNREADABLE as exc:
        raise BundleError(f"The bundle {path.name} is not a readable zip ({exc}).",
                          hint="It is partial or corrupt; it will not be restored.") from None
    _check_manifest(path, manifest, names)
    return manifest


def _check_manifest(path: Path, manifest: Any, names: list[str]) -> None:
    required = ("format", "engine", "database", "created", "sequence", "epoch", "members")
    if not isinstance(manifest, dict) or any(k not in manifest for k in required):
        raise BundleError(f"The manifest of {path.name} is incomplete.")
    wrong = _wrongly_typed(manifest)
    if wrong:
        raise BundleError(f"The manifest of {path.name} has invalid fields: {', '.join(wrong[:5])}.",
                          hint="It was not made by Contingência or was tampered with; it will not be restored.")
    if manifest["format"] > INCREMENTAL_FORMAT:
        raise BundleError(f"The bundle {path.name} has format {manifest['format']}, newer than this program reads.",
                          hint="Update Contingência on this machine to the official's version.")
    declared = [m["name"] for m in manifest["members"]]
    extra = sorted(set(names) - set(declared) - {MANIFEST_NAME})
    missing = sorted(set(declared) - set(names))
    if extra or missing or len(names) != len(set(names)) or len(declared) != len(set(declared)):
        raise BundleError(f"The members of {path.name} do not match its manifest "
                          f"(unexpected: {extra or 'none'}, missing: {missing or 'none'}).",
                          hint="It may have been tampered with; it will not be restored.")


MANIFEST_TYPES = {"format": int, "engine": str, "database": str, "created": str, "sequence": int,
                  "epoch": int, "members": list, "source_host": str, "identity": str, "generation": str}
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def _wrongly_typed(manifest: dict[str, Any]) -> list[str]:
    """The manifest's fields that do not have their type (a bool is not a number here)."""
    def bad(value: Any, kind: type) -> bool:
        return not isinstance(value, kind) or (kind is int and (isinstance(value, bool) or value < 0))
    wrong = [k for k, kind in MANIFEST_TYPES.items() if k in manifest and bad(manifest[k], kind)]
    if "members" not in wrong:
        for index, member in enumerate(manifest["members"]):
            if not isinstance(member, dict) or bad(member.get("name"), str) or bad(member.get("size"), int) \
                    or not SHA256_HEX.match(str(member.get("sha256", ""))):
                wrong.append(f"members[{index}]")
    if "created" not in wrong:
        try:
            parse_iso(manifest["created"])
        except ValueError:
            wrong.append("created")
    return wrong


def safe_member_name(name: str) -> str:
    """The name to extract to, or ``BundleError`` for a hostile one."""
    if not name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) \
            or "\x00" in name:
        raise BundleError(f"The bundle has a member with an unsafe path: {name!r}.",
                          hint="It will not be extracted or restored.")
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".", "") for part in parts) or len(parts) != 1:
        raise BundleError(f"The bundle has a member with an unsafe path: {name!r}.",
                          hint="It will not be extracted or restored.")
    return parts[0]


def extract(path: Path, manifest: dict[str, Any], dest_dir: Path, progress: Progress = None) -> list[Path]:
    """Extract every member into ``dest_dir``, checking size and sha256 as it writes."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    total = sum(int(m["size"]) for m in manifest["members"])
    done = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for member in manifest["members"]:
                target, done = _extract_member(archive, member, dest_dir, done, total, progress)
                written.append(target)
    except BundleError:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    except UNREADABLE as exc:
        for target in written:
            target.unlink(missing_ok=True)
        raise BundleError(f"The bundle {Path(path).name} could not be extracted: {exc}.",
                          hint="It is corrupt; it will not be restored.") from None
    return written


def _extract_member(archive: zipfile.ZipFile, member: dict, dest_dir: Path, done: int, total: int,
                    progress: Progress) -> tuple[Path, int]:
    name = safe_member_name(str(member["name"]))
    info = archive.getinfo(member["name"])
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode) or info.is_dir():
        raise BundleError(f"The bundle has a member that is a link or a folder: {name!r}.",
                          hint="It will not be extracted or restored.")
    declared = int(member["size"])
    if info.file_size != declared:
        raise BundleError(f"The member {name} says {info.file_size} bytes; the manifest declares {declared}.")
    target = dest_dir / name
    part = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with archive.open(info) as reader, _local(dest_dir, open, part, "wb") as writer:
            if info.compress_type == zipfile.ZIP_DEFLATED and _fast_zlib is not None:
                reader._decompressor = _fast_zlib.decompressobj(-15)  # isal inflates several times faster
            reader._expected_crc = None  # the member's sha256 below proves more than zip's CRC-32, in one pass
            while block := reader.read(CHUNK):
                size += len(block)
                if size > declared:
                    raise BundleError(f"The member {name} is larger than declared ({declared} bytes).",
                                      hint="It will not be extracted or restored.")
                digest.update(block)
                _local(dest_dir, writer.write, block)
                done += len(block)
                report(progress, done, total)
            if size != declared or digest.hexdigest() != member["sha256"]:
                raise BundleError(f"The member {name} of {Path(str(archive.filename)).name} does not match its "
                                  "manifest (size or sha256).",
                                  hint="The bundle is corrupt or tampered; it will not be restored.")
        # Not flushed here: an engine that swaps this file in flushes it first (while it checks it)
        _local(dest_dir, os.replace, part, target)
    finally:
        part.unlink(missing_ok=True)
    return target, done


def _local(where: Path, action, *args, **kwargs):
    """A write on this machine's disk: its failure (full, read-only) is this machine's fault,
    not a verdict on the bundle."""
    try:
        return action(*args, **kwargs)
    except OSError as exc:
        raise LocalFault.from_os_error(exc, where) from None


def verify_members(path: Path, manifest: dict[str, Any], scratch_dir: Path) -> None:
    """A full check of every member (used by ``contingencia verify``); leaves nothing behind."""
    files = extract(path, manifest, scratch_dir)
    for f in files:
        f.unlink(missing_ok=True)
