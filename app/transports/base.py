"""The one small interface every way of reaching the shared folder implements.

A transport sees one folder (a local or UNC path, a folder on an FTP/SFTP server,
a folder of an SMB share) and offers a few primitives; the publishing discipline
(marker last, retention) lives once, in ``app/publish.py``, on top of them, and the
network transports share theirs (temporary name, size check, rename over) in
``network.py``.

Rules for implementations:
- ``upload`` and ``write_bytes`` never leave a partial file under the final name:
  they write ``<name>.part`` first, check its size, then rename over ``name``.
- ``download`` returns the sha256 of the bytes it wrote, computed as they arrived.
- every network call has a timeout (``endpoint.timeout_s``); errors are raised as
  ``TransportError`` whose message names ``self.label`` and says what to do; a broken
  connection as ``ConnectionLostError``, the only error ``is_permanent`` lets the retry
  wrapper try again.
- each class declares the kinds it serves and the ``Endpoint`` fields each kind uses
  (``kinds``): the settings' validation, the window's editor and ``get_transport`` read it;
  the registry (``app.transports.REGISTRY``) imports each kind's class on first use, so that
  naming a kind imports nothing, and refuses a kind its class does not declare.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, ContextManager

from ..errors import TransportError
from ..phrases import Phrase, said
from ..progress import Progress

if TYPE_CHECKING:  # the settings model reads the kinds declared here: no import cycle at run time
    from ..settings.model import Endpoint

PART_SUFFIX = ".part"
#: what the settings say when a required field of a kind is empty
REQUIRED_MESSAGES = {"path": "give the folder", "host": "give the server's host name or IP"}


@dataclass(frozen=True)
class Kind:
    """One ``Endpoint.kind`` a transport serves, and what it needs."""

    name: str
    #: the ``Endpoint`` fields this kind uses besides ``kind`` and ``path`` (the editor shows these)
    fields: tuple[str, ...]
    #: the fields that must not be empty for the endpoint to be reachable
    required: tuple[str, ...]


class ConnectionLostError(TransportError):
    """The connection broke (reset, closed, silent, nothing answering): worth another try."""

    def __init__(self, doing: str, reason: str, *, hint: str | Phrase = "") -> None:
        self.doing = doing  # "destination 1: uploading x.zip on the FTP server host:21" (may keep its phrase)
        self.reason = reason
        super().__init__(Phrase("%1 failed: %2.", (doing, reason)), hint=hint)

    def after(self, attempts: int) -> TransportError:
        """The final error once the retries are spent."""
        return TransportError(Phrase("%1 failed: %2 (tried %3 times).", (self.doing, self.reason, attempts)),
                              hint=self.hint_phrase or "")


@dataclass(frozen=True)
class RemoteFile:
    name: str
    size: int
    mtime: float | None = None  # seconds since the epoch, when the server tells


class Transport(ABC):
    """One folder reachable by one kind of connection."""

    #: the ``kind`` values of ``Endpoint`` this class serves, with the fields each uses
    kinds: tuple[Kind, ...] = ()
    #: the port used when ``endpoint.port`` is 0 (network transports)
    default_port: int = 0

    def __init__(self, endpoint: Endpoint, label: str) -> None:
        self.endpoint = endpoint
        self.label = label  # "destination 1", "source": used in every message

    # --- connection ---------------------------------------------------------
    def connect(self) -> None:
        """Open the connection (no-op for folders)."""

    def close(self) -> None:
        """Close the connection; never raises."""

    def drop(self) -> None:
        """Forget a connection that broke, before another try; never raises."""
        self.close()

    def is_permanent(self, error: TransportError) -> bool:
        """Whether trying again cannot help (a refused login, a full disk, a missing folder)."""
        return not isinstance(error, ConnectionLostError)

    @classmethod
    def problems(cls, kind: Kind, endpoint: "Endpoint") -> list[tuple[str, str, str]]:
        """What is wrong with the endpoint's fields for this kind: (field, value, what to do)."""
        return [(name, "", REQUIRED_MESSAGES[name]) for name in kind.required if not getattr(endpoint, name)]

    def __enter__(self) -> "Transport":
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def port(self) -> int:
        return self.endpoint.port or self.default_port

    @property
    def server(self) -> str:
        return f"{self.endpoint.host}:{self.port}"

    @abstractmethod
    def describe(self) -> str:
        """Where, in words: 'folder \\\\OFICIAL\\Contingencia', 'FTP 10.0.0.5:21 /backup'."""

    # --- primitives -----------------------------------------------------------
    @abstractmethod
    def list(self) -> list[RemoteFile]:
        """The files (not folders) in the folder."""

    @abstractmethod
    def upload(self, local: Path, name: str, progress: Progress = None) -> None:
        """Copy ``local`` to ``name`` via ``name.part``, check the size, rename into place."""

    @abstractmethod
    def download(self, name: str, local: Path, progress: Progress = None) -> str:
        """Copy ``name`` to the local path ``local`` (written under a temporary name, renamed);
        returns the sha256 (hex) of the bytes written, computed while they were received."""

    #: whether ``open_in_place`` can read a file where it is (a folder), without a copy first
    reads_in_place: bool = False

    def open_in_place(self, name: str) -> ContextManager[BinaryIO]:
        """``name`` open for reading where it is, seekable; its read errors are this
        transport's (``TransportError``). Only where ``reads_in_place``."""
        raise NotImplementedError(f"{type(self).__name__} reads files only by downloading them")

    @abstractmethod
    def read_bytes(self, name: str, limit: int = 1 << 20) -> bytes | None:
        """A small file's content, or ``None`` when it does not exist."""

    @abstractmethod
    def write_bytes(self, name: str, data: bytes) -> None:
        """Write a small file atomically (``name.part`` then rename over ``name``)."""

    @abstractmethod
    def create_exclusive(self, name: str, data: bytes) -> bool:
        """Create ``name`` only if it does not exist; ``False`` when it already did."""

    @abstractmethod
    def delete(self, name: str) -> None:
        """Remove ``name``; a missing file is not an error."""

    # --- shared behaviour -------------------------------------------------------
    def check(self, *, write: bool) -> str:
        """'Testar conexão': list the folder and, for a publisher, write, read back and delete a probe."""
        files = self.list()
        if not write:
            return said(Phrase("%1: %2 is reachable (%3 files).", (self.label, self.describe(), len(files))))
        probe = f"contingencia-probe-{int(time.time() * 1000)}.tmp"
        payload = b"contingencia write test\n"
        self.write_bytes(probe, payload)
        try:
            back = self.read_bytes(probe)
        finally:
            self.delete(probe)
        if back != payload:
            raise TransportError(Phrase("%1: %2 did not return what was written.", (self.label, self.describe())),
                                 hint=Phrase("Check the folder's permissions and free space."))
        return said(Phrase("%1: %2 is reachable and writable (%3 files).", (self.label, self.describe(), len(files))))
