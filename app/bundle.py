"""The backup bundle: a plain zip of the native backup plus ``manifest.json``.

- ``create`` streams each file through a fast deflate (python-isal; zlib as fallback)
  in constant memory, hashing as it goes, and writes the zip under a temporary name.
- The marker that names a complete bundle (``BACKUPOK.TXT``) is the folder protocol's,
  in ``markers.py``.
- ``verify`` checks size, sha256 and the manifest; ``extract`` refuses hostile members
  (absolute paths, ``..``, drive letters, links, members larger than declared) and
  checks each member's size and sha256 as it writes it. Given the bundle's sha256, it
  also hashes the bundle's own bytes as it reads them (``HashingReader``), so a bundle in
  a folder is extracted where it is, read once, instead of being copied first.
- The extraction spreads over two cores: the inflate runs on the caller's thread while
  a worker thread hashes and writes what was inflated, and another hashes the bundle's
  bytes (isal, hashlib and file writes release the GIL). The disk writes the file out
  meanwhile (``WriteBehind``), so the fsync before the swap has little left to do.

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
import queue
import re
import stat
import struct
import threading
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Callable

from . import __version__, faults
from .atomic import WriteBehind, written_as
from .clock import iso, parse_iso, utc_now
from .errors import BundleError, LocalFault
from .phrases import Phrase
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
#: compressed bytes read at a time: about a block once inflated
READ_CHUNK = 1 << 19
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
        with written_as(part, target) as raw:
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
    except OSError as exc:  # the part is gone (written_as); the message names the bundle
        raise BundleError(Phrase("The bundle %1 could not be written in %2: %3.",
                                 (name, out_dir, exc.strerror or exc)),
                          hint=Phrase("Check the work folder's free space and permissions.")) from None
    return BundleInfo(target, name, writer.size, writer.hash.hexdigest(), manifest)


def encrypt(made: BundleInfo, passphrase: str, progress: Progress = None) -> BundleInfo:
    """Seal a finished bundle into ``<name>.enc``; the plain zip is removed."""
    from .crypto import ENCRYPTED_SUFFIX, encrypt_file
    target = made.path.with_name(made.name + ENCRYPTED_SUFFIX)
    encrypt_file(made.path, target, passphrase, progress)
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
        raise BundleError(Phrase("The bundle %1 is missing.", (path.name,)))
    check_size(path.name, path.stat().st_size, expected_size)
    if expected_sha256 is not None:
        check_sha256(path.name, received_sha256 or file_sha256(path, progress), expected_sha256)


def check_size(name: str, size: int, expected_size: int | None) -> None:
    if expected_size is not None and size != expected_size:
        raise BundleError(Phrase("The bundle %1 has %2 bytes; the marker announced %3.", (name, size, expected_size)),
                          hint=Phrase("It is partial or was replaced; it will not be restored."))


def check_sha256(name: str, actual: str, expected: str) -> None:
    if actual != expected.lower():
        raise BundleError(Phrase("The bundle %1 does not match its sha256 (corrupt or tampered).", (name,)),
                          hint=Phrase("It will not be restored; the official's next backup will be tried."))


def _name_of(source: Path | BinaryIO) -> str:
    """The bundle's file name for messages, whether given as a path or as an open file."""
    return Path(source if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "bundle")).name


def read_manifest(source: Path | BinaryIO) -> dict[str, Any]:
    path = Path(_name_of(source))
    try:
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
            if MANIFEST_NAME not in names:
                raise BundleError(Phrase("The bundle %1 has no %2.", (path.name, MANIFEST_NAME)),
                                  hint=Phrase("It was not made by Contingência or is incomplete."))
            manifest = json.loads(archive.read(MANIFEST_NAME))
    except UNREADABLE as exc:
        raise BundleError(Phrase("The bundle %1 is not a readable zip (%2).", (path.name, exc)),
                          hint=Phrase("It is partial or corrupt; it will not be restored.")) from None
    _check_manifest(path, manifest, names)
    return manifest


def _check_manifest(path: Path, manifest: Any, names: list[str]) -> None:
    required = ("format", "engine", "database", "created", "sequence", "epoch", "members")
    if not isinstance(manifest, dict) or any(k not in manifest for k in required):
        raise BundleError(Phrase("The manifest of %1 is incomplete.", (path.name,)))
    wrong = _wrongly_typed(manifest)
    if wrong:
        raise BundleError(Phrase("The manifest of %1 has invalid fields: %2.", (path.name, ', '.join(wrong[:5]))),
                          hint=Phrase("It was not made by Contingência or was tampered with; it will not be "
                                      "restored."))
    if manifest["format"] > INCREMENTAL_FORMAT:
        raise BundleError(Phrase("The bundle %1 has format %2, newer than this program reads.",
                                 (path.name, manifest['format'])),
                          hint=Phrase("Update Contingência on this machine to the official's version."))
    declared = [m["name"] for m in manifest["members"]]
    extra = sorted(set(names) - set(declared) - {MANIFEST_NAME})
    missing = sorted(set(declared) - set(names))
    if extra or missing or len(names) != len(set(names)) or len(declared) != len(set(declared)):
        raise BundleError(Phrase("The members of %1 do not match its manifest (unexpected: %2, missing: %3).",
                                 (path.name, extra or 'none', missing or 'none')),
                          hint=Phrase("It may have been tampered with; it will not be restored."))


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
        raise BundleError(Phrase("The bundle has a member with an unsafe path: %1.", (f'{name!r}',)),
                          hint=Phrase("It will not be extracted or restored."))
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".", "") for part in parts) or len(parts) != 1:
        raise BundleError(Phrase("The bundle has a member with an unsafe path: %1.", (f'{name!r}',)),
                          hint=Phrase("It will not be extracted or restored."))
    return parts[0]


def extract(source: Path | BinaryIO, manifest: dict[str, Any], dest_dir: Path, progress: Progress = None, *,
            sha256: str | None = None) -> list[Path]:
    """Extract every member into ``dest_dir``, checking size and sha256 as it writes.

    ``source`` is the bundle's path or an open file (a bundle read where it is). With ``sha256``
    the bundle's bytes are hashed as they are read and must match it: then a damaged bundle is
    reported as not matching its sha256, whatever the member that showed it first."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    name = _name_of(source)
    written: list[Path] = []
    handle = open(source, "rb") if isinstance(source, (str, os.PathLike)) else source
    reader = HashingReader(handle) if sha256 else None
    try:
        _extract_all(reader or handle, manifest, dest_dir, progress, written)
        if reader is not None:
            check_sha256(name, reader.hexdigest(), sha256)
    except BaseException as exc:
        for target in written:
            target.unlink(missing_ok=True)
        if reader is not None and isinstance(exc, UNREADABLE + (BundleError,)) \
                and not isinstance(exc, LocalFault):
            check_sha256(name, reader.hexdigest(), sha256)  # the bytes themselves are the first verdict
        if isinstance(exc, UNREADABLE) and not isinstance(exc, (BundleError, LocalFault)):
            raise BundleError(Phrase("The bundle %1 could not be extracted: %2.", (name, exc)),
                              hint=Phrase("It is corrupt; it will not be restored.")) from None
        raise
    finally:
        if reader is not None:
            reader.close()
        if handle is not source:
            handle.close()
    return written


def _extract_all(handle: BinaryIO, manifest: dict[str, Any], dest_dir: Path, progress: Progress,
                 written: list[Path]) -> None:
    total = sum(int(m["size"]) for m in manifest["members"])
    done = 0
    with zipfile.ZipFile(handle) as archive:
        for member in manifest["members"]:
            target, done = _extract_member(archive, member, dest_dir, done, total, progress)
            written.append(target)


def _extract_member(archive: zipfile.ZipFile, member: dict, dest_dir: Path, done: int, total: int,
                    progress: Progress) -> tuple[Path, int]:
    name = safe_member_name(str(member["name"]))
    info = archive.getinfo(member["name"])
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode) or info.is_dir():
        raise BundleError(Phrase("The bundle has a member that is a link or a folder: %1.", (f'{name!r}',)),
                          hint=Phrase("It will not be extracted or restored."))
    declared = int(member["size"])
    if info.file_size != declared:
        raise BundleError(Phrase("The member %1 says %2 bytes; the manifest declares %3.",
                                 (name, info.file_size, declared)))
    target = dest_dir / name
    part = target.with_name(target.name + ".part")
    try:
        start = _data_offset(archive.fp, info)
        with _local(dest_dir, open, part, "wb") as writer:
            sink = _MemberSink(writer, dest_dir)
            try:
                done = _inflate_into(archive.fp, start, info, sink, name, declared, done, total, progress)
            finally:
                sink.close()
            if sink.size != declared or sink.digest.hexdigest() != member["sha256"]:
                raise BundleError(Phrase("The member %1 of %2 does not match its manifest (size or sha256).",
                                         (name, _name_of(archive.fp))),
                                  hint=Phrase("The bundle is corrupt or tampered; it will not be restored."))
        # Written out meanwhile, not yet flushed: an engine that swaps this file in flushes it first
        _local(dest_dir, os.replace, part, target)
    finally:
        part.unlink(missing_ok=True)
    return target, done


def _data_offset(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Where a member's bytes start, past its local header (checked as zipfile checks it)."""
    handle.seek(info.header_offset)
    header = handle.read(zipfile.sizeFileHeader)
    if len(header) != zipfile.sizeFileHeader or header[:4] != zipfile.stringFileHeader:
        raise zipfile.BadZipFile(f"bad local header for {info.filename!r}")
    fields = struct.unpack(zipfile.structFileHeader, header)
    name_length, extra_length, flags = fields[10], fields[11], fields[3]
    name = handle.read(name_length)
    if flags & 0x1 or name != info.orig_filename.encode("utf-8" if flags & 0x800 else "cp437"):
        raise zipfile.BadZipFile(f"the local header of {info.filename!r} does not match the directory")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NotImplementedError(f"compression method {info.compress_type}")
    return info.header_offset + zipfile.sizeFileHeader + name_length + extra_length


def _inflate_into(handle: BinaryIO, start: int, info: zipfile.ZipInfo, sink: "_MemberSink", name: str,
                  declared: int, done: int, total: int, progress: Progress) -> int:
    """Read the member's bytes straight from the bundle and inflate them on this thread, each
    output at most a block (no member can inflate past what it declares); the sink hashes and
    writes each block on its own thread. Straight, not through zipfile's reader: no copies of
    the blocks and no per-block bookkeeping in Python (zip's CRC-32 is left out: the member's
    sha256 proves more)."""
    inflate = None
    if info.compress_type == zipfile.ZIP_DEFLATED:
        inflate = (_fast_zlib or zlib).decompressobj(-15)  # isal inflates several times faster
    handle.seek(start)
    left, inflated = info.compress_size, 0
    while left > 0:
        data = handle.read(min(READ_CHUNK, left))
        if not data:
            raise EOFError(f"{name} ends before its {info.compress_size} compressed bytes")
        left -= len(data)
        while data:
            block, data = (inflate.decompress(data, CHUNK), inflate.unconsumed_tail) if inflate else (data, b"")
            if not left and not data and inflate:
                block += inflate.flush()
            inflated += len(block)
            if inflated > declared:
                raise BundleError(Phrase("The member %1 is larger than declared (%2 bytes).", (name, declared)),
                                  hint=Phrase("It will not be extracted or restored."))
            if block:
                sink.put(block)
            done += len(block)
            report(progress, done, total)
            faults.point("bundle.extracting")
    sink.finish()
    return done


class _Worker:
    """A thread that runs the calls handed to it, in order, while the caller goes on.

    The queue is short (a few 1 MiB blocks): memory stays flat, and a slow worker slows the
    caller down instead of piling up. The worker's first error is raised to the caller at its
    next call; after it, the calls still queued are dropped."""

    DEPTH = 8

    def __init__(self, name: str) -> None:
        self.calls: queue.Queue = queue.Queue(self.DEPTH)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def submit(self, call: Callable[..., None], *args: Any) -> None:
        if self.error is not None:
            raise self.error
        self.calls.put((call, args))

    def _run(self) -> None:
        while (item := self.calls.get()) is not None:
            if self.error is None:
                try:
                    item[0](*item[1])
                except BaseException as exc:  # handed to the caller's thread
                    self.error = exc

    def finish(self) -> None:
        """Wait for every call handed over; raise the worker's error, if any."""
        self.stop()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        if self.thread.is_alive():
            self.calls.put(None)
            self.thread.join()


class _MemberSink:
    """Hashes and writes a member's inflated blocks on a worker thread; the disk writes them
    out as they come (``WriteBehind``)."""

    def __init__(self, writer, dest_dir: Path) -> None:
        self.writer, self.dest_dir = writer, dest_dir
        self.digest = hashlib.sha256()
        self.size = 0
        self.behind = WriteBehind(writer.fileno())
        self.worker = _Worker(f"write {Path(str(writer.name)).name}")

    def put(self, block: bytes) -> None:
        self.size += len(block)
        self.worker.submit(self._write, block)

    def _write(self, block: bytes) -> None:
        self.digest.update(block)
        _local(self.dest_dir, self.writer.write, block)
        self.behind.wrote(len(block))

    def finish(self) -> None:
        self.worker.finish()

    def close(self) -> None:
        self.worker.stop()
        self.behind.close()


class HashingReader:
    """A bundle read in place, hashed as it is read: every byte once, in the file's order.

    zipfile reads the end of the file (the directory) first, then each member from its header:
    a read that continues where the hash stands feeds it (on a worker thread); a small gap (a
    member's data descriptor) is read to keep it going; what was read out of order is hashed by
    ``hexdigest`` at the end (the directory and the manifest: a few KiB)."""

    GAP = 1 << 20

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.name = getattr(handle, "name", "bundle")
        self.digest = hashlib.sha256()
        self.hashed = 0
        self.worker = _Worker(f"sha256 {_name_of(handle)}")

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self.handle.seek(offset, whence)

    def tell(self) -> int:
        return self.handle.tell()

    def read(self, size: int = -1) -> bytes:
        start = self.handle.tell()
        if self.hashed < start <= self.hashed + self.GAP:
            self.handle.seek(self.hashed)
            self._feed(self.hashed, self.handle.read(start - self.hashed))
        data = self.handle.read(size)
        self._feed(start, data)
        return data

    def _feed(self, start: int, data: bytes) -> None:
        if start <= self.hashed < start + len(data):
            self.worker.submit(self.digest.update, data[self.hashed - start:])
            self.hashed = start + len(data)

    def hexdigest(self) -> str:
        """The sha256 of the whole file: what was not read yet is read now."""
        self.handle.seek(self.hashed)
        while block := self.handle.read(CHUNK):
            self._feed(self.hashed, block)
        self.worker.finish()
        return self.digest.hexdigest()

    def close(self) -> None:
        self.worker.stop()


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
