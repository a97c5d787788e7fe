"""A memory-mapped read whose pages do not pile up in the process's resident set.

SQLite's checks read the database through a map of the file (``PRAGMA mmap_size``): each
page is the system's file cache, mapped into the process as it is read, and stays counted
in the process's resident set until the map is closed, so a check of a 2 GB file makes a
2 GB process, as every monitor (Task Manager, ``top``, ``ru_maxrss``) shows it.

``bounded_residency`` keeps that count low while a check runs: a thread watches the
process's resident file pages (``/proc/self/statm``) and, each time they have grown by
``bound`` bytes, drops the file's pages from the process's page tables
(``madvise(MADV_DONTNEED)`` on the file's read-only shared mappings, found in
``/proc/self/maps``). For such a mapping that only unmaps: the pages stay in the file
cache, and a page read again is mapped again by a minor fault, without a read from the
disk; nothing can be lost, as nothing in it can be written. Only mappings that are
read-only and shared (``r--s``) of that very file (device and inode) are touched.

Windows: unchanged (the resident set counts the mapped pages there too); see
docs/windows-checklist.md.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: the mapped file pages a check may hold at once; past it they are dropped from the page tables
BOUND_BYTES = 16 << 20
#: how often the watcher looks (a check maps at most about 1 GB/s: some 5 MB between two looks)
EVERY_S = 0.005
MADV_DONTNEED = 4
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def supported() -> bool:
    return sys.platform.startswith("linux") and Path("/proc/self/maps").exists()


def resident_file_bytes() -> int:
    """The process's resident pages that are file (or shared) pages: statm's third field."""
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[2]) * PAGE


def mapped_ranges(path: Path) -> list[tuple[int, int]]:
    """``(start, length)`` of every read-only shared mapping of ``path``'s file in this process,
    known by its device and inode or, where the maps name another (an overlay file system), by
    its path."""
    st = os.stat(path)
    device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}"
    name = os.path.realpath(path)
    ranges = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.rstrip("\n").split(maxsplit=5)
            if len(fields) < 6 or fields[1] != "r--s":
                continue
            if (fields[3], fields[4]) != (device, str(st.st_ino)) and fields[5] != name:
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            ranges.append((start, end - start))
    return ranges


class _Trimmer:
    """The watcher thread of ``bounded_residency``."""

    def __init__(self, path: Path, bound: int, every: float) -> None:
        import ctypes
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.libc.madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
        self.path, self.bound, self.every = Path(path), bound, every
        self.trims = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"bounded map {self.path.name}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        floor = resident_file_bytes()
        while not self.done.wait(self.every):
            if resident_file_bytes() - floor >= self.bound:
                self.trim()
                floor = resident_file_bytes()  # what stays (the program's own files) is the new floor

    def trim(self) -> None:
        for start, length in mapped_ranges(self.path):
            self.libc.madvise(start, length, MADV_DONTNEED)
        self.trims += 1

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


@contextmanager
def bounded_residency(path: Path, bound: int = BOUND_BYTES, every: float = EVERY_S) -> Iterator[object]:
    """While inside, the pages of ``path``'s read-only shared maps that this process holds grow
    by at most about ``bound`` bytes before they are dropped from its page tables (see the module's
    docstring). The caller keeps its map open for the whole block: the watcher stops before it
    returns, so no range it read can be unmapped and reused meanwhile."""
    if not supported():
        yield None
        return
    trimmer = _Trimmer(path, bound, every)
    try:
        yield trimmer
    finally:
        trimmer.stop()
