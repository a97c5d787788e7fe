"""Pasta Compartilhada: a local folder, a mounted share or a UNC path (F5, F9, F17)."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, ContextManager, Iterator

from ..atomic import copy_atomic, fsync_dir, link_atomic, write_atomic
from ..errors import TransportError
from ..phrases import Phrase, said
from ..progress import Progress, report
from .base import Kind, RemoteFile, Transport
from .netcommon import LocalFileError, local_size


#: errors only writing can give: on a download they are about this machine's temporary folder
WRITE_ONLY_ERRNOS = (errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC))


class InPlaceFile:
    """A file of the folder open for reading, whose errors (a share gone mid-read) are the
    transport's to report, not a verdict on the file."""

    def __init__(self, handle: BinaryIO, name: str, errors: Callable[[], ContextManager[None]]) -> None:
        self.handle, self.name, self.errors = handle, name, errors

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        with self.errors():
            return self.handle.read(size)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        with self.errors():
            return self.handle.seek(offset, whence)

    def tell(self) -> int:
        return self.handle.tell()


class FolderTransport(Transport):
    kinds = (Kind("folder", ("bandwidth_kbps",), required=("path",)),)

    @property
    def folder(self) -> Path:
        return Path(self.endpoint.path)

    def describe(self) -> str:
        return said(Phrase("folder %1", (self.endpoint.path,)))

    @contextmanager
    def _errors(self, action: Phrase) -> Iterator[None]:
        """Turn OS errors into one message that names the destination and what to do."""
        try:
            yield
        except TransportError:
            raise
        except FileNotFoundError as exc:
            where = exc.filename or self.endpoint.path
            raise TransportError(Phrase("%1: %2 failed: %3 does not exist.", (self.label, action, where)),
                                 hint=Phrase("Check the folder path, and that the share is reachable from this "
                                             "machine.")) from None
        except PermissionError as exc:
            raise TransportError(Phrase("%1: %2 failed: permission denied on %3.",
                                        (self.label, action, exc.filename or self.endpoint.path)),
                                 hint=Phrase("Give the service account read and write rights to the folder.")) from None
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise TransportError(Phrase("%1: %2 failed: %3 is full.", (self.label, action, self.endpoint.path)),
                                     hint=Phrase("Free space there or lower the number of bundles kept.")) from None
            if exc.errno == errno.EROFS:
                raise TransportError(Phrase("%1: %2 failed: %3 is read-only.",
                                            (self.label, action, self.endpoint.path)),
                                     hint=Phrase("Give the service account write rights to the folder.")) from None
            raise TransportError(Phrase("%1: %2 failed on %3: %4.", (self.label, action, self.endpoint.path,
                                                                     exc.strerror or exc))) from None

    def _require_folder(self) -> None:
        if not self.folder.is_dir():
            raise TransportError(Phrase("%1: the folder %2 does not exist or is not reachable.",
                                        (self.label, self.endpoint.path)),
                                 hint=Phrase("Check the path; for a shared folder, that the official server is on and "
                                             "shares it."))

    def list(self) -> list[RemoteFile]:
        with self._errors(Phrase("listing the folder")):
            self._require_folder()
            files = []
            for entry in os.scandir(self.folder):
                if entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    files.append(RemoteFile(entry.name, stat.st_size, stat.st_mtime))
            return sorted(files, key=lambda f: f.name)

    def upload(self, local: Path, name: str, progress: Progress = None) -> None:
        """On the same disk as the work folder the bundle is linked into place, not copied."""
        total = local_size(self.label, local)
        with self._errors(Phrase("copying %1", (name,))):
            self._require_folder()
            if link_atomic(local, self.folder / name):
                report(progress, total, total)
                return
            copy_atomic(local, self.folder / name, expected_size=total,
                        progress=lambda done: report(progress, done, total))

    def download(self, name: str, local: Path, progress: Progress = None) -> str:
        with self._errors(Phrase("copying %1", (name,))):
            source = self.folder / name
            total = source.stat().st_size
            digest = hashlib.sha256()
            try:
                copy_atomic(source, Path(local), progress=lambda done: report(progress, done, total), digest=digest)
            except OSError as exc:
                # this machine's side: the file it names is ours, or a write failed (a read never
                # fills a disk, and a write error carries no file name)
                if (exc.filename and Path(exc.filename).parent == Path(local).parent) \
                        or exc.errno in WRITE_ONLY_ERRNOS:
                    raise LocalFileError(Path(exc.filename or local), exc).to_transport_error(self.label) from None
                raise
            return digest.hexdigest()

    reads_in_place = True

    @contextmanager
    def open_in_place(self, name: str) -> Iterator["InPlaceFile"]:
        """The file read where it is (the contingency extracts a bundle from here, read once)."""
        action = Phrase("reading %1", (name,))
        with self._errors(action):
            self._require_folder()
            handle = open(self.folder / name, "rb")
        try:
            yield InPlaceFile(handle, name, lambda: self._errors(action))
        finally:
            handle.close()

    def read_bytes(self, name: str, limit: int = 1 << 20) -> bytes | None:
        with self._errors(Phrase("reading %1", (name,))):
            self._require_folder()
            try:  # without blocking: a FIFO or a device under that name would wait for ever
                fd = os.open(self.folder / name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            except FileNotFoundError:
                return None
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise TransportError(Phrase("%1: %2 in %3 is not a regular file.",
                                                (self.label, name, self.endpoint.path)),
                                         hint=Phrase("Remove it; only the official writes in this folder."))
                return handle.read(limit)

    def write_bytes(self, name: str, data: bytes) -> None:
        with self._errors(Phrase("writing %1", (name,))):
            self._require_folder()
            write_atomic(self.folder / name, data)

    def create_exclusive(self, name: str, data: bytes) -> bool:
        with self._errors(Phrase("creating %1", (name,))):
            self._require_folder()
            try:
                fd = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                return False
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            fsync_dir(self.folder)
            return True

    def delete(self, name: str) -> None:
        with self._errors(Phrase("removing %1", (name,))):
            (self.folder / name).unlink(missing_ok=True)


TRANSPORT = FolderTransport
