"""Small pieces the network transports (FTP/FTPS, SFTP, SMB) share with ``network.py``.

- ``ConnectionLost``: a protocol's signal that the connection is gone (``NetworkTransport``
  turns it into the retryable ``ConnectionLostError``).
- ``LocalPart``: receive a download under a temporary local name, rename it into place.
- fingerprint helpers, so that every message shows fingerprints the same way.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import BinaryIO, Callable

from ..atomic import PART_SUFFIX, commit_rename
from ..errors import TransportError
from ..phrases import Phrase
from ..progress import Progress, report

#: read and write blocks: large enough for throughput, small enough for steady progress
BLOCK = 256 * 1024


class ConnectionLost(Exception):
    """The connection is gone (reset, closed, silent): drop it and try again on a new one."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(str(reason))
        self.reason = reason


def quietly(*calls: Callable[[], object]) -> None:
    """Run each call, ignoring what it raises: closing a connection never raises."""
    for call in calls:
        try:
            call()
        except Exception:  # noqa: BLE001 - a connection being closed may already be broken
            pass


def unique_part_name(name: str) -> str:
    """A temporary name nobody else uses, for create_exclusive."""
    return f"{name}.{uuid.uuid4().hex[:12]}{PART_SUFFIX}"


class LocalFileError(Exception):
    """This machine's side failed (full or read-only temporary folder): not a network
    problem, so it is reported as it is and never retried."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(f"{path}: {exc.strerror or exc}")
        self.path = path
        self.reason = exc.strerror or str(exc)

    def to_transport_error(self, label: str) -> TransportError:
        return TransportError(Phrase("%1: cannot write %2 on this machine: %3.", (label, self.path, self.reason)),
                              hint=Phrase("Check the free space and the rights of the temporary folder."))


def local_size(label: str, path: Path) -> int:
    """Size of the file to upload, or a TransportError that says it is not there."""
    try:
        return Path(path).stat().st_size
    except OSError as exc:
        raise TransportError(Phrase("%1: cannot read %2 on this machine: %3.", (label, path, exc.strerror or exc)),
                             hint=Phrase("The bundle to publish is missing; the next cycle makes a new one.")) from None


class LocalPart:
    """A local file received under ``.<name>.part`` and renamed into place only when complete."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.part = self.target.with_name("." + self.target.name + PART_SUFFIX)
        self.handle: BinaryIO | None = None
        self.written = 0

    def __enter__(self) -> "LocalPart":
        try:
            self.handle = open(self.part, "wb")
        except OSError as exc:
            raise LocalFileError(self.part, exc) from exc
        return self

    def write(self, block: bytes) -> None:
        assert self.handle is not None
        try:
            self.handle.write(block)
        except OSError as exc:
            raise LocalFileError(self.part, exc) from exc
        self.written += len(block)

    def commit(self, expected: int | None) -> None:
        """fsync, check the size, rename over the target."""
        assert self.handle is not None
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            self.handle = None
            if expected is not None and self.written != expected:
                raise ValueError(f"received {self.written} of {expected} bytes")
            commit_rename(self.part, self.target, synced=True)
        except OSError as exc:
            raise LocalFileError(self.target, exc) from exc

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()
        self.part.unlink(missing_ok=True)


class ProgressCounter:
    """Turns "a block went by" into ``progress(done, total)``."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0
        report(progress, 0, total)

    def add(self, count: int) -> None:
        self.done += count
        report(self.progress, self.done, self.total)


def tls_fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate as browsers and openssl show it: AB:CD:..."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def normalize_tls_fingerprint(text: str) -> str:
    """Accept the fingerprint with or without colons/spaces, in any case."""
    return "".join(ch for ch in text if ch not in ": \t").lower()
