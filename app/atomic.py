"""Writes that survive a kill and a power cut: temporary name, fsync, rename into place.

The order is what makes a file durable (``commit_rename``): the new file's bytes reach
the disk (fsync of the file), its name does (fsync of its folder), only then does the
rename replace the old file, and the rename itself is made durable (fsync of the
folder again). After a power cut the final name holds the old file or the complete
new one, never pages that were still in the cache.
"""

from __future__ import annotations

import errno
import os
import time
import shutil
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

PART_SUFFIX = ".part"


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file written earlier (possibly by another handle or SQLite) to the disk."""
    with open(path, "r+b") as handle:  # Windows flushes only handles opened for writing
        os.fsync(handle.fileno())


def commit_rename(src: Path, dst: Path, *, synced: bool = False) -> None:
    """Rename ``src`` over ``dst`` durably (see the module's docstring).

    ``synced`` says the caller already fsynced ``src`` through its own handle.
    """
    src, dst = Path(src), Path(dst)
    if not synced:
        fsync_file(src)
    fsync_dir(src.parent)
    replace(src, dst)
    fsync_dir(dst.parent)
    if src.parent != dst.parent:
        fsync_dir(src.parent)  # the name left the source folder too


REPLACE_ATTEMPTS = 30  # Windows only: 3 s for another process to close the file


def replace(src: Path, dst: Path) -> None:
    """``os.replace``, waiting briefly on Windows while a reader holds ``dst`` open.

    Windows refuses to replace a file another process has open (a contingency reading
    BACKUPOK.TXT at that moment); the reader closes it within milliseconds.
    """
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(0.1)


def _default_file_mode() -> int:
    """What ``open()`` gives a new file here (0666 less the umask): ``mkstemp`` gives 0600."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


DEFAULT_FILE_MODE = _default_file_mode()


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half.

    The file gets ``mode``, or the permissions any new file gets in that folder: a marker must
    be as readable as the bundle it names (another account reads both)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=PART_SUFFIX, dir=path.parent)
    try:
        os.chmod(tmp, DEFAULT_FILE_MODE if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        commit_rename(Path(tmp), path, synced=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_atomic(src: Path, dst: Path, *, progress: Callable[[int], None] | None = None,
                expected_size: int | None = None, chunk: int = 1 << 20, digest=None) -> int:
    """Copy ``src`` to ``dst`` through ``.dst.part``: the final name appears only complete.

    With ``expected_size`` the copy is refused (and removed) if it has another size; a
    ``digest`` (a hashlib object) is fed every block as it is copied.
    """
    dst = Path(dst)
    tmp = dst.with_name("." + dst.name + PART_SUFFIX)
    done = 0
    try:
        with open(src, "rb") as reader, open(tmp, "wb") as writer:
            while block := reader.read(chunk):
                writer.write(block)
                if digest is not None:
                    digest.update(block)
                done += len(block)
                if progress:
                    progress(done)
            writer.flush()
            os.fsync(writer.fileno())
        if expected_size is not None and tmp.stat().st_size != expected_size:
            raise OSError(errno.EIO, f"{dst.name} arrived with {tmp.stat().st_size} of {expected_size} bytes")
        commit_rename(tmp, dst, synced=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return done


def link_atomic(src: Path, dst: Path) -> bool:
    """Give the complete file ``src`` a second, durable name ``dst`` without copying a byte.

    ``False`` when the two are not on one file system (or it has no hard links): copy then.
    """
    src, dst = Path(src), Path(dst)
    tmp = dst.with_name("." + dst.name + PART_SUFFIX)
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        return False
    try:
        commit_rename(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


@contextmanager
def written_as(part: Path, target: Path) -> Iterator[BinaryIO]:
    """A file written under ``part`` that becomes ``target`` only whole: fsynced, then renamed
    over it (``commit_rename``); any failure inside removes ``part`` and leaves ``target`` as it was."""
    try:
        with open(part, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        commit_rename(part, target, synced=True)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


@contextmanager
def flushing(path: Path) -> Iterator[None]:
    """Let the disk write ``path`` out while the caller works on it (a check that reads it).

    Only a head start: the caller still fsyncs before relying on it (``commit_rename``),
    which then has little left to wait for.
    """
    def flush() -> None:
        try:
            fsync_file(path)
        except OSError:
            pass  # the fsync that counts comes later and reports it
    thread = threading.Thread(target=flush, name="flush " + Path(path).name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


class WriteBehind:
    """Has the disk write a file out while it is still being written: every ``every`` bytes, a
    thread of its own asks for the data written so far (fdatasync), so the writer never waits.

    Only a head start, as ``flushing``: the fsync that counts comes before the rename
    (``commit_rename``), and finds little left to write. ``close`` before closing the file.
    """

    EVERY = 64 << 20

    def __init__(self, fd: int, every: int | None = None) -> None:
        self.fd, self.every = fd, every or self.EVERY
        self.unflushed = 0
        self.due = threading.Event()
        self.pending = False  # a write-out asked for and not yet done: done even when close follows at once
        self.closed = False
        self.thread = threading.Thread(target=self._run, name="write-behind", daemon=True)
        self.thread.start()

    def wrote(self, count: int) -> None:
        self.unflushed += count
        if self.unflushed >= self.every:
            self.unflushed = 0
            self.pending = True
            self.due.set()

    def _run(self) -> None:
        sync = getattr(os, "fdatasync", os.fsync)
        while True:
            self.due.wait()
            self.due.clear()
            if self.pending:
                self.pending = False
                try:
                    sync(self.fd)
                except OSError:
                    pass  # the fsync that counts comes later and reports it
            if self.closed:
                return

    def close(self) -> None:
        self.closed = True
        self.due.set()
        self.thread.join()


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
