"""The one small interface every way of reaching the shared folder implements.

A transport sees one folder (a local or UNC path, a folder on an FTP/SFTP server,
a folder of an SMB share) and offers a few primitives; the publishing discipline
(temporary name, size check, rename, marker last, retention) lives once, in
``app/publish.py``, on top of them.

Rules for implementations:
- ``upload`` and ``write_bytes`` never leave a partial file under the final name:
  they write ``<name>.part`` first, check its size, then rename over ``name``.
- every network call has a timeout (``endpoint.timeout_s``); errors are raised as
  ``TransportError`` whose message names ``self.label`` and says what to do.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from ..errors import TransportError
from ..progress import Progress
from ..settings.model import Endpoint

PART_SUFFIX = ".part"


@dataclass(frozen=True)
class RemoteFile:
    name: str
    size: int
    mtime: float | None = None  # seconds since the epoch, when the server tells


class Transport(ABC):
    """One folder reachable by one kind of connection."""

    #: the ``kind`` values of ``Endpoint`` this class serves
    kinds: tuple[str, ...] = ()
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
    def download(self, name: str, local: Path, progress: Progress = None) -> None:
        """Copy ``name`` to the local path ``local`` (written under a temporary name, renamed)."""

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
            return f"{self.label}: {self.describe()} is reachable ({len(files)} files)."
        probe = f"contingencia-probe-{int(time.time() * 1000)}.tmp"
        payload = b"contingencia write test\n"
        self.write_bytes(probe, payload)
        try:
            back = self.read_bytes(probe)
        finally:
            self.delete(probe)
        if back != payload:
            raise TransportError(f"{self.label}: {self.describe()} did not return what was written.",
                                 hint="Check the folder's permissions and free space.")
        return f"{self.label}: {self.describe()} is reachable and writable ({len(files)} files)."
