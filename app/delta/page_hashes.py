"""Per-page sha256 of the copy last published, so an increment reads only the new copy.

``sqlite_pages.compute`` reads the kept copy and the new one in step: two whole files per
increment. The official instead keeps, beside its kept copy, a small file of the sha256 of each of
its pages (``base.pages``: 32 bytes a page, 0.8 % of the copy). ``compute`` reads the new copy once,
hashing each page and the whole file, and compares each page's hash with the kept one; only the
pages that changed are read from the kept copy (for the delta's digest of the base's own pages,
which the contingency checks before it overwrites them), and each of those must hash to what the
file says, or the delta is refused and the bundle is full. So the cost is one read of the new copy
plus the change, and every byte of the kept copy the delta relies on is checked.

The file (little-endian): magic ``CTGHASH1``, page size u32, page count u32, the sha256 of the
whole copy it describes, then one sha256 a page, then the sha256 of all that. ``write`` (for a full
bundle's copy) and ``compute`` (for an increment's) write the new copy's file as ``.part``,
fsynced, renamed: the caller renames it beside the new kept copy once it is published
(``chain.after_publish``). The copy's sha256 in it ties the file to the chain's state; the page
hashes tie it to the kept copy's bytes: a file that does not match either makes the bundle full.
"""

from __future__ import annotations

import hashlib
import math
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

from ..atomic import write_atomic, written_as
from ..phrases import Phrase
from .sqlite_pages import (HEADER_SIZE, PAGE_NUMBER, PAGES_PER_BLOCK, DeltaHeader, DeltaRefused, _page_size_changed,
                           _part_of, copy_shape)

MAGIC = b"CTGHASH1"
_HEAD = struct.Struct("<8sII32s")
DIGEST = 32


class PageHashes:
    """The sha256 of every page of one copy, and of the whole copy."""

    def __init__(self, page_size: int, copy_sha256: str, digests: bytes) -> None:
        self.page_size, self.copy_sha256, self.digests = page_size, copy_sha256, digests

    @property
    def pages(self) -> int:
        return len(self.digests) // DIGEST

    def of(self, number: int) -> bytes:
        """Page ``number``'s sha256 (1-based), empty past the copy's end."""
        return self.digests[(number - 1) * DIGEST:number * DIGEST]

    def pack(self) -> bytes:
        body = _HEAD.pack(MAGIC, self.page_size, self.pages, bytes.fromhex(self.copy_sha256)) + self.digests
        return body + hashlib.sha256(body).digest()


def read(path: Path) -> PageHashes:
    """The kept file, checked by its own sha256 and length (``DeltaRefused`` "base" otherwise)."""
    raw = Path(path).read_bytes()
    body, digest = raw[:-DIGEST], raw[-DIGEST:]
    if len(raw) < _HEAD.size + DIGEST or hashlib.sha256(body).digest() != digest or raw[:8] != MAGIC:
        raise _unusable(Phrase("the page hashes of the kept copy are damaged"))
    _, page_size, pages, copy = _HEAD.unpack_from(body)
    if len(body) != _HEAD.size + pages * DIGEST:
        raise _unusable(Phrase("the page hashes of the kept copy are damaged"))
    return PageHashes(page_size, copy.hex(), body[_HEAD.size:])


def write(copy: Path, out: Path) -> PageHashes:
    """The page hashes of a full bundle's ``copy``, written durably at ``out``."""
    page_size = copy_shape(copy).page_size
    hashes = _hash_blocks(file_blocks(copy, page_size), page_size, on_block=lambda first, block, digests: None)
    write_atomic(out, hashes.pack())
    return hashes


def compute(base: Path, kept: PageHashes, target: Path, delta: Path, out: Path, *, share: float = 1.0) -> DeltaHeader:
    """The delta from the kept copy ``base`` (described by ``kept``) to the copy ``target``,
    reading ``target`` once and ``base`` only at the changed pages; ``target``'s page hashes at
    ``out``.

    When ``share`` of the target's pages or more changed the delta is refused (kind "full"): from
    there the pass only counts and hashes, the hashes are still written, and no delta is left."""
    shape = copy_shape(target)
    return compute_from(base, kept, file_blocks(target, shape.page_size), shape.page_size, shape.pages, delta, out,
                        share=share)


def compute_from(base: Path, kept: PageHashes, blocks: Iterator[tuple[int, bytes]], page_size: int, pages: int,
                 delta: Path, out: Path, *, share: float = 1.0) -> DeltaHeader:
    """``compute`` from the target's ``blocks`` (``(first page number, bytes)`` in order, ``pages``
    pages in all): a copy's (``file_blocks``) or the live database's snapshot's (``snapshot``)."""
    if page_size != kept.page_size:
        raise _page_size_changed(kept.page_size, page_size)
    give_up_at = math.ceil(share * max(pages, 1))
    records, base_pages = hashlib.sha256(), hashlib.sha256()
    changed = 0
    part = _part_of(Path(delta))
    with open(base, "rb") as old, written_as(part, Path(delta)) as handle:
        handle.write(bytes(HEADER_SIZE))  # the header, once the pass knows it

        def on_block(first: int, block: bytes, digests: bytes) -> None:
            nonlocal changed
            for index in range(len(block) // page_size):
                number = first + index
                if digests[index * DIGEST:(index + 1) * DIGEST] == kept.of(number):
                    continue
                changed += 1
                if changed > give_up_at:
                    continue  # a full bundle instead: only the count matters now
                page = block[index * page_size:(index + 1) * page_size]
                record = PAGE_NUMBER.pack(number) + page
                handle.write(record)
                records.update(record)
                base_pages.update(_kept_page(old, kept, number))

        hashes = _hash_blocks(blocks, page_size, on_block)
        if changed >= give_up_at:
            write_atomic(out, hashes.pack())
            raise DeltaRefused(Phrase("%1 of %2 pages changed", (changed, hashes.pages)), kind="full")
        header = DeltaHeader(page_size, kept.pages, hashes.pages, changed, kept.copy_sha256, hashes.copy_sha256,
                             records.hexdigest(), base_pages.hexdigest())
        handle.seek(0)
        handle.write(header.pack())
    write_atomic(out, hashes.pack())
    return header


def _kept_page(old, kept: PageHashes, number: int) -> bytes:
    """The kept copy's page ``number`` (empty past its end), which must hash to the kept hash."""
    if number > kept.pages:
        return b""
    old.seek((number - 1) * kept.page_size)
    page = old.read(kept.page_size)
    if hashlib.sha256(page).digest() != kept.of(number):
        raise _unusable(Phrase("page %1 of the kept copy is not the one last published", (number,)))
    return page


def file_blocks(copy: Path, page_size: int) -> Iterator[tuple[int, bytes]]:
    """``(first page number, bytes)`` for the whole of ``copy``, ``PAGES_PER_BLOCK`` pages at a time."""
    first = 1
    with open(copy, "rb") as handle:
        while block := handle.read(PAGES_PER_BLOCK * page_size):
            yield first, block
            first += len(block) // page_size


def _hash_blocks(blocks: Iterator[tuple[int, bytes]], page_size: int, on_block) -> PageHashes:
    """One pass over ``blocks``: each page's sha256 and the whole file's; ``on_block(first page
    number, block, the block's page hashes)`` sees every block as it is read. The whole file's
    sha256 of a block runs on a thread while its pages are hashed (hashlib lets go of the GIL:
    the two cores, a third less time)."""
    whole, digests = hashlib.sha256(), bytearray()
    with ThreadPoolExecutor(1, thread_name_prefix="sha256") as pool:
        pending = None
        for first, block in blocks:
            if pending is not None:
                pending.result()
            pending = pool.submit(whole.update, block)
            view = memoryview(block)
            block_digests = b"".join(hashlib.sha256(view[o:o + page_size]).digest()
                                     for o in range(0, len(block), page_size))
            on_block(first, block, block_digests)
            digests += block_digests
        if pending is not None:
            pending.result()
    return PageHashes(page_size, whole.hexdigest(), bytes(digests))


def _unusable(reason: Phrase) -> DeltaRefused:
    return DeltaRefused(Phrase("The kept copy cannot be the increment's base: %1.", (reason,)), kind="base",
                        hint=Phrase("A full bundle is published instead."))
