"""The publishing and fetching discipline of every network transport, written once.

``NetworkTransport`` owns what must be right for a backup to be safe on a server:

- ``upload`` and ``write_bytes``: remove a stale ``<name>.part``, send the bytes to
  ``<name>.part``, check its size on the server, then rename it over ``<name>``; a partial
  file never carries the final name. (The marker is written last by ``app/publish.py``.)
- ``download``: receive into a local ``.<name>.part``, check the size, fsync, rename into
  place, and return the sha256 of the bytes received, computed while they arrive:
  ``sha = transport.download(name, local)``; the caller compares it with the marker's
  without reading the file again. Every transport (``folder`` too) returns it.
- ``create_exclusive``: a unique temporary file, renamed to ``name`` only if it is missing.
- error wiring: every operation runs through ``_explained``, which turns what the protocol
  raises into one ``TransportError`` that names the destination, the server and what to do.
  A broken connection becomes ``ConnectionLostError``, the one error worth retrying
  (``is_permanent``); retries and bandwidth limits are wrappers (``wrappers.py``).

A protocol (FTP/FTPS, SFTP, SMB) supplies only its primitives and quirks: open a session
(``_ensure_connected``), ``_size``, ``_remove_if_present``, ``_send``, ``_rename_over``,
``_receive``, ``_read``, ``_write_small``, ``_rename_exclusive``, ``_list``, and
``_classify`` (which of its exceptions mean "the connection is gone" and which a refusal).
"""

from __future__ import annotations

import hashlib
import io
from abc import abstractmethod
from pathlib import Path
from typing import BinaryIO, Callable, TypeVar

from ..errors import TransportError
from ..phrases import Phrase, said
from ..progress import Progress
from .base import PART_SUFFIX, ConnectionLostError, RemoteFile, Transport
from .netcommon import ConnectionLost, LocalFileError, LocalPart, ProgressCounter, local_size, unique_part_name

T = TypeVar("T")


class NetworkTransport(Transport):
    """A folder on a server, reached over one connection that may drop."""

    #: how messages name the server: "the FTP server 10.0.0.5:21"
    protocol: str = ""

    @property
    def unreachable_hint(self) -> str:
        """What to check when the server cannot be reached at all."""
        return said(Phrase("Check that the %1 server is running and that host, port and the firewall let this "
                           "machine in.", (self.protocol,)))

    #: how messages name the folder when ``path`` is empty (the server's login folder)
    default_folder: str = ""

    @property
    def folder(self) -> str:
        """The folder, as messages show it."""
        return self.endpoint.path or self.default_folder

    # --- error wiring -------------------------------------------------------------------
    def _explained(self, action: str, operation: Callable[[], T]) -> T:
        """Run one operation on the session; every failure leaves as a ``TransportError``."""
        try:
            self._ensure_connected()
            return operation()
        except TransportError:
            raise
        except LocalFileError as exc:
            raise exc.to_transport_error(self.label) from None
        except ConnectionLost as lost:
            raise self._lost(action, lost.reason) from lost
        except Exception as exc:  # noqa: BLE001 - the protocol says what it is; unknown ones pass through
            verdict = self._classify(action, exc)
            if verdict is None:
                raise
            if isinstance(verdict, ConnectionLost):
                raise self._lost(action, verdict.reason) from exc
            raise verdict from None

    def _lost(self, action: str, reason: str) -> ConnectionLostError:
        return ConnectionLostError(said(Phrase("%1: %2 on the %3 server %4", (self.label, action, self.protocol,
                                                                              self.server))), reason,
                                   hint=self.unreachable_hint)

    def drop(self) -> None:
        """Forget a broken connection (the retry wrapper calls it before trying again)."""
        self.close()

    def _require_host(self) -> None:
        if not self.endpoint.host:
            raise TransportError(Phrase("%1: no %2 server is configured.", (self.label, self.protocol)),
                                 hint=Phrase("Fill in the host name or IP of the %1 server.", (self.protocol,)))

    # --- the discipline -------------------------------------------------------------------
    def connect(self) -> None:
        self._explained(said(Phrase("connecting")), lambda: None)

    def list(self) -> list[RemoteFile]:
        return self._explained(said(Phrase("listing the folder")),
                               lambda: sorted(self._list(), key=lambda f: f.name))

    def upload(self, local: Path, name: str, progress: Progress = None) -> None:
        total = local_size(self.label, local)
        counter = ProgressCounter(progress, total)
        self._explained(said(Phrase("uploading %1", (name,))),
                        lambda: self._put(name, lambda: open(local, "rb"), total, counter))

    def write_bytes(self, name: str, data: bytes) -> None:
        self._explained(said(Phrase("writing %1", (name,))),
                        lambda: self._put(name, lambda: io.BytesIO(data), len(data), None))

    def _put(self, name: str, open_source: Callable[[], BinaryIO], total: int,
             counter: ProgressCounter | None) -> None:
        """Temporary name, size check, rename over: one attempt (a retry runs it from the start)."""
        part = name + PART_SUFFIX
        self._remove_if_present(part)
        with open_source() as source:
            self._send(part, source, counter)
        size = self._size(part)
        if size != total:
            self._remove_if_present(part)
            raise TransportError(Phrase("%1: %2 arrived on the %3 server %4 with %5 of %6 bytes.",
                                        (self.label, name, self.protocol, self.server, size, total)),
                                 hint=Phrase("Check the free space of the server's disk."))
        self._rename_over(part, name, total)

    def download(self, name: str, local: Path, progress: Progress = None) -> str:
        return self._explained(said(Phrase("downloading %1", (name,))), lambda: self._get(name, Path(local), progress))

    def _get(self, name: str, local: Path, progress: Progress) -> str:
        total = self._size(name)
        if total is None:
            raise TransportError(Phrase("%1: %2 does not exist in %3 on the %4 server %5.",
                                        (self.label, name, self.folder, self.protocol, self.server)),
                                 hint=Phrase("Check that the official server published it and that the folder is "
                                             "right."))
        counter = ProgressCounter(progress, total)
        digest = hashlib.sha256()
        with LocalPart(local) as target:
            def sink(block: bytes) -> None:
                target.write(block)
                digest.update(block)
                counter.add(len(block))

            self._receive(name, sink)
            try:
                target.commit(total)
            except ValueError as exc:
                raise ConnectionLost(Phrase("%1 arrived incomplete (%2)", (name, exc))) from None
        return digest.hexdigest()

    def read_bytes(self, name: str, limit: int = 1 << 20) -> bytes | None:
        return self._explained(said(Phrase("reading %1", (name,))), lambda: self._read(name, limit))

    def create_exclusive(self, name: str, data: bytes) -> bool:
        def create() -> bool:
            if self._size(name) is not None:
                return False
            temp = unique_part_name(name)
            self._write_small(temp, data)
            try:
                return self._rename_exclusive(temp, name)
            finally:
                self._remove_if_present(temp)

        return self._explained(said(Phrase("creating %1", (name,))), create)

    def delete(self, name: str) -> None:
        self._explained(said(Phrase("removing %1", (name,))), lambda: self._remove_if_present(name))

    # --- what each protocol supplies -------------------------------------------------------
    @abstractmethod
    def _ensure_connected(self) -> None:
        """Open the session when there is none (login, folder check)."""

    @abstractmethod
    def _classify(self, action: str, exc: Exception) -> ConnectionLost | TransportError | None:
        """A protocol exception as "the connection is gone" (``ConnectionLost``), a refusal
        (``TransportError``), or ``None`` for one this transport does not know."""

    @abstractmethod
    def _size(self, name: str) -> int | None:
        """The size of a file on the server, ``None`` when there is none."""

    @abstractmethod
    def _remove_if_present(self, name: str) -> None:
        """Remove a file; a missing one is not an error."""

    @abstractmethod
    def _send(self, part: str, source: BinaryIO, counter: ProgressCounter | None) -> None:
        """Write ``source`` to ``part`` on the server, reporting each block to ``counter``."""

    @abstractmethod
    def _rename_over(self, part: str, name: str, total: int) -> None:
        """Rename ``part`` over an existing ``name`` (``total``: the size ``name`` must show)."""

    @abstractmethod
    def _receive(self, name: str, sink: Callable[[bytes], None]) -> None:
        """Pass every block of ``name`` to ``sink``."""

    @abstractmethod
    def _read(self, name: str, limit: int) -> bytes | None:
        """At most ``limit`` bytes of a small file, ``None`` when it does not exist."""

    @abstractmethod
    def _write_small(self, name: str, data: bytes) -> None:
        """Write a small file straight under ``name`` (a unique temporary name)."""

    @abstractmethod
    def _rename_exclusive(self, temp: str, name: str) -> bool:
        """Rename ``temp`` to ``name`` only if ``name`` is missing; ``False`` when it exists."""

    @abstractmethod
    def _list(self) -> list[RemoteFile]:
        """The files (not folders) in the folder, in any order."""
