"""The changed pages between two consistent copies of a SQLite database, as a delta file.

The official keeps the copy it last published (the *base*); its backup step makes the next one
(the *target*). ``compute`` reads the two in step, a block of pages at a time (constant memory),
and writes every page of the target that differs from the base's page of the same number into a
delta file, with a header that names both files: page size, page counts, the sha256 of the whole
base and of the whole target. Pages are compared byte for byte (exact, and cheaper than hashing
each page); the two whole-file sha256 are computed in the same pass.

``apply`` builds the target on the contingency from its copy of the base and the delta, into a
staging file: it never writes the base. It refuses a damaged delta before writing anything
(header digest, size, the records' sha256, page numbers), refuses a base of another page size or
page count at once, and while it streams the base into the staging file it hashes the base and
the result: the staging file gets its name only when the base was the one the delta names and
the result is byte for byte the official's copy, flushed to disk. Swapping the staging file in
place of the live one is the engine's job, as for a full bundle. A kill at any point leaves the
base untouched and at most a ``.part`` file, which ``recover`` removes.

The delta file (little-endian)::

    header   magic "CTGPAGE1", version u16, page size u32, base pages u32, target pages u32,
             changed pages u32, base sha256, target sha256, records sha256, base pages sha256,
             sha256 of all that
             (base pages sha256: of the base's own bytes of every changed page it has, in order,
             so a patch in place can check the pages it overwrites without reading the rest)
    records  (page number u32, page bytes) for each changed page, in ascending page order
             (every page beyond the base's last is a record: the file grew)

Compression is the bundle's (the zip level), not the delta's.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from .. import faults
from ..atomic import PART_SUFFIX, commit_rename, written_as
from ..errors import BundleError
from ..phrases import Phrase

MAGIC = b"CTGPAGE1"
VERSION = 2
_FIELDS = struct.Struct("<8sHIIII32s32s32s32s")
HEADER_SIZE = _FIELDS.size + 32
PAGE_NUMBER = struct.Struct("<I")
SQLITE_MAGIC = b"SQLite format 3\x00"
#: pages read, compared and written at a time (1 MB at SQLite's default 4 KiB page)
PAGES_PER_BLOCK = 256


class DeltaRefused(BundleError):
    """A delta that must not be applied here; ``kind`` says why:

    ``damaged`` (the file is not what the official wrote), ``base`` (it applies to another copy
    than this one), ``page-size`` (the page size changed: only a full bundle carries that),
    ``not-a-copy`` (a file that is not a consistent SQLite copy made by the backup step), ``full``
    (so many pages changed that a full bundle is published instead: ``page_hashes.compute``)."""

    def __init__(self, message: Phrase, *, kind: str, hint: Phrase | str = "") -> None:
        self.kind = kind
        super().__init__(message, hint=hint)


@dataclass(frozen=True)
class DeltaHeader:
    page_size: int
    base_pages: int
    target_pages: int
    changed: int
    base_sha256: str
    target_sha256: str
    records_sha256: str
    base_pages_sha256: str

    @property
    def record_size(self) -> int:
        return PAGE_NUMBER.size + self.page_size

    @property
    def file_size(self) -> int:
        return HEADER_SIZE + self.changed * self.record_size

    def pack(self) -> bytes:
        fields = _FIELDS.pack(MAGIC, VERSION, self.page_size, self.base_pages, self.target_pages, self.changed,
                              bytes.fromhex(self.base_sha256), bytes.fromhex(self.target_sha256),
                              bytes.fromhex(self.records_sha256), bytes.fromhex(self.base_pages_sha256))
        return fields + hashlib.sha256(fields).digest()


@dataclass(frozen=True)
class CopyShape:
    page_size: int
    pages: int


def copy_shape(path: Path, handle=None) -> CopyShape:
    """Page size and page count of a consistent SQLite copy, or ``DeltaRefused`` ("not-a-copy").

    A consistent copy is in rollback-journal mode (nothing of it lives in a ``-wal`` file), a whole
    number of pages long, and as long as its header says. ``handle``, an open descriptor of
    ``path``, is read instead of opening another (closing one drops the process's locks on it)."""
    path = Path(path)
    if handle is None:
        with open(path, "rb") as own:
            return copy_shape(path, own)
    handle.seek(0)
    head = handle.read(100)
    size = os.fstat(handle.fileno()).st_size
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        raise _not_a_copy(path, Phrase("it is not a SQLite database"))
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if head[18] != 1 or head[19] != 1:
        raise _not_a_copy(path, Phrase("it is in WAL mode"))
    if page_size < 512 or size % page_size:
        raise _not_a_copy(path, Phrase("its size is not a whole number of pages"))
    pages = size // page_size
    header_valid = head[24:28] == head[92:96]
    if header_valid and int.from_bytes(head[28:32], "big") != pages:
        raise _not_a_copy(path, Phrase("its length differs from the page count in its header"))
    return CopyShape(page_size, pages)


def _not_a_copy(path: Path, reason: Phrase) -> DeltaRefused:
    return DeltaRefused(Phrase("%1 is not a consistent SQLite copy: %2.", (path, reason)), kind="not-a-copy",
                        hint=Phrase("Only copies made by the backup step can be compared or patched."))


# --- official side --------------------------------------------------------------------------------
def compute(base: Path, target: Path, delta: Path) -> DeltaHeader:
    """Write the pages of ``target`` that differ from ``base`` into ``delta`` (durably, by rename)."""
    base_shape, target_shape = copy_shape(base), copy_shape(target)
    if base_shape.page_size != target_shape.page_size:
        raise _page_size_changed(base_shape.page_size, target_shape.page_size)
    page_size = target_shape.page_size
    part = _part_of(Path(delta))
    hashes = {name: hashlib.sha256() for name in ("base", "target", "records", "base pages")}
    changed = 0
    with open(base, "rb") as old, open(target, "rb") as new, written_as(part, Path(delta)) as out:
        out.write(bytes(HEADER_SIZE))  # the header, once the pass knows it
        for first, new_block in _blocks(new, page_size, hashes["target"]):
            old_block = old.read(len(new_block))
            hashes["base"].update(old_block)
            if new_block == old_block:
                continue
            for offset in range(0, len(new_block), page_size):
                page = new_block[offset:offset + page_size]
                old_page = old_block[offset:offset + page_size]
                if page != old_page:
                    record = PAGE_NUMBER.pack(first + offset // page_size) + page
                    out.write(record)
                    hashes["records"].update(record)
                    hashes["base pages"].update(old_page)  # empty past the base's end
                    changed += 1
        while rest := old.read(PAGES_PER_BLOCK * page_size):  # a base longer than the target
            hashes["base"].update(rest)
        header = DeltaHeader(page_size, base_shape.pages, target_shape.pages, changed,
                             hashes["base"].hexdigest(), hashes["target"].hexdigest(),
                             hashes["records"].hexdigest(), hashes["base pages"].hexdigest())
        out.seek(0)
        out.write(header.pack())
    return header


def _blocks(handle: BinaryIO, page_size: int, digest) -> Iterator[tuple[int, bytes]]:
    """``(number of the block's first page, bytes)`` for the whole file, hashed as it is read."""
    first = 1
    while block := handle.read(PAGES_PER_BLOCK * page_size):
        digest.update(block)
        yield first, block
        first += len(block) // page_size


# --- contingency side ------------------------------------------------------------------------------
def read_header(delta: Path) -> DeltaHeader:
    """The delta's header, checked by its own digest and against the file's length."""
    with open(delta, "rb") as handle:
        raw = handle.read(HEADER_SIZE)
        size = os.fstat(handle.fileno()).st_size
    if len(raw) < HEADER_SIZE or raw[:8] != MAGIC:
        raise _damaged(delta, Phrase("it is not a page delta"))
    fields, digest = raw[:_FIELDS.size], raw[_FIELDS.size:]
    if hashlib.sha256(fields).digest() != digest:
        raise _damaged(delta, Phrase("its header does not match its checksum"))
    _, version, page_size, base_pages, target_pages, changed, base, target, records, old = _FIELDS.unpack(fields)
    if version != VERSION:
        raise _damaged(delta, Phrase("it has format version %1, this program reads %2", (version, VERSION)))
    header = DeltaHeader(page_size, base_pages, target_pages, changed, base.hex(), target.hex(), records.hex(),
                         old.hex())
    if size != header.file_size:
        raise _damaged(delta, Phrase("it has %1 bytes where its header announces %2", (size, header.file_size)))
    return header


def check_records(delta: Path, header: DeltaHeader) -> list[int]:
    """Every record intact (their sha256), in ascending page order, and every new page present;
    the page numbers, in order."""
    digest = hashlib.sha256()
    numbers: list[int] = []
    previous = grown = 0
    for number, page, record in _records(delta, header):
        digest.update(record)
        if not previous < number <= header.target_pages:
            raise _damaged(delta, Phrase("its page %1 is out of order or beyond the result", (number,)))
        previous = number
        numbers.append(number)
        grown += number > header.base_pages
    if digest.hexdigest() != header.records_sha256:
        raise _damaged(delta, Phrase("its pages do not match their checksum"))
    if grown != max(header.target_pages - header.base_pages, 0):
        raise _damaged(delta, Phrase("pages the result needs are missing"))
    return numbers


def _records(delta: Path, header: DeltaHeader) -> Iterator[tuple[int, bytes, bytes]]:
    with open(delta, "rb") as handle:
        handle.seek(HEADER_SIZE)
        for _ in range(header.changed):
            record = handle.read(header.record_size)
            if len(record) != header.record_size:
                raise _damaged(delta, Phrase("it ends in the middle of a page"))
            yield PAGE_NUMBER.unpack_from(record)[0], record[PAGE_NUMBER.size:], record


def apply(delta: Path, base: Path, staging: Path) -> DeltaHeader:
    """Write at ``staging`` the official's copy that ``delta`` describes, from ``base`` (read only).

    Refused (``DeltaRefused``, nothing left behind) for a damaged delta, another base or another
    page size. ``staging`` appears only complete, verified and on disk."""
    delta, base, staging = Path(delta), Path(base), Path(staging)
    if staging.resolve() == base.resolve():
        raise ValueError("the staging file must not be the base")  # a caller's bug, not the operator's
    header = read_header(delta)
    check_records(delta, header)
    shape = copy_shape(base)
    if shape.page_size != header.page_size:
        raise _page_size_changed(shape.page_size, header.page_size)
    if shape.pages != header.base_pages:
        raise _wrong_base(delta, base, Phrase("it has %1 pages, the delta's base %2", (shape.pages, header.base_pages)))
    part = _part_of(staging)
    try:
        base_sha256, target_sha256 = _merge(delta, header, base, part)
        if base_sha256 != header.base_sha256:
            raise _wrong_base(delta, base, Phrase("its sha256 differs from the delta's base"))
        if target_sha256 != header.target_sha256:
            raise _damaged(delta, Phrase("the result's sha256 differs from the official's copy"))
        commit_rename(part, staging, synced=True)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return header


def _merge(delta: Path, header: DeltaHeader, base: Path, part: Path) -> tuple[str, str]:
    """Stream the base into ``part`` with the delta's pages in their places; the two sha256."""
    page_size = header.page_size
    base_digest, target_digest = hashlib.sha256(), hashlib.sha256()
    records = _records(delta, header)
    pending = next(records, None)
    with open(base, "rb") as old, open(part, "wb") as out:
        for first in range(1, max(header.base_pages, header.target_pages) + 1, PAGES_PER_BLOCK):
            block = old.read(PAGES_PER_BLOCK * page_size)
            base_digest.update(block)
            count = min(PAGES_PER_BLOCK, header.target_pages - first + 1)
            if count <= 0:
                continue  # past the result's end: the base is only hashed (the file shrank)
            result = block if len(block) == count * page_size else block[:count * page_size]
            if pending is not None and pending[0] < first + count:
                result = bytearray(result.ljust(count * page_size, b"\0"))
                while pending is not None and pending[0] < first + count:
                    offset = (pending[0] - first) * page_size
                    result[offset:offset + page_size] = pending[1]
                    pending = next(records, None)
            out.write(result)
            target_digest.update(result)
            faults.point("delta.apply-block")
        out.flush()
        os.fsync(out.fileno())
    return base_digest.hexdigest(), target_digest.hexdigest()


def recover(staging: Path) -> list[str]:
    """Remove what an interrupted ``apply`` left beside ``staging`` (the base was never written)."""
    part = _part_of(Path(staging))
    if part.exists():
        part.unlink()
        return [f"removed {part.name} left by an interrupted delta apply"]
    return []


def _part_of(path: Path) -> Path:
    return path.with_name("." + path.name + PART_SUFFIX)


def _page_size_changed(base: int, target: int) -> DeltaRefused:
    return DeltaRefused(Phrase("The page size changed from %1 to %2 bytes.", (base, target)), kind="page-size",
                        hint=Phrase("A page delta cannot carry that: a full bundle is needed."))


def _wrong_base(delta: Path, base: Path, reason: Phrase) -> DeltaRefused:
    return DeltaRefused(Phrase("The delta %1 applies to another copy than %2: %3.", (delta.name, base, reason)),
                        kind="base",
                        hint=Phrase("Nothing was changed. The next full bundle brings this copy up to date."))


def _damaged(delta: Path, reason: Phrase) -> DeltaRefused:
    return DeltaRefused(Phrase("The delta %1 is damaged: %2.", (Path(delta).name, reason)), kind="damaged",
                        hint=Phrase("Nothing was changed; the delta is not applied."))
