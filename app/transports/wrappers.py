"""Retries and bandwidth limits, as transports wrapped around a transport.

``get_transport`` returns ``Retrying(Limited(<protocol transport>))`` (``Limited`` only when
the endpoint has a ``bandwidth_kbps``). Each wrapper implements the whole ``Transport``
interface by calling the one inside, so the protocols know nothing of either:

- ``Retrying`` runs an operation again, on a new connection after a back-off, when it failed
  with an error the transport does not call permanent (``Transport.is_permanent``: only a
  broken connection is worth another try; a refused login or a full disk is not). An upload
  that is tried again starts from the beginning, under the temporary name. Each new try is
  logged with the error that caused it; the last error says how many tries were made.
- ``Limited`` keeps uploads and downloads at or under a rate (bytes per second) by pausing
  between the blocks the transport reports as sent or received, so the average rate over
  the transfer stays under the limit (blocks are 256 KiB on the network, 1 MiB for folders).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Callable, TypeVar

from ..errors import TransportError
from ..phrases import Phrase
from ..progress import Progress, report
from .base import ConnectionLostError, RemoteFile, Transport

T = TypeVar("T")
log = logging.getLogger(__name__)


class TransportWrapper(Transport):
    """A transport that hands every call to ``inner``."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        super().__init__(inner.endpoint, inner.label)
        self.kinds = inner.kinds

    def __getattr__(self, name: str):  # what only the protocol has (its quirks, for the tests)
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    @property
    def port(self) -> int:
        return self.inner.port

    @property
    def server(self) -> str:
        return self.inner.server

    def describe(self) -> str:
        return self.inner.describe()

    def is_permanent(self, error: TransportError) -> bool:
        return self.inner.is_permanent(error)

    def connect(self) -> None:
        self.inner.connect()

    def close(self) -> None:
        self.inner.close()

    def drop(self) -> None:
        self.inner.drop()

    def list(self) -> list[RemoteFile]:
        return self.inner.list()

    def upload(self, local: Path, name: str, progress: Progress = None) -> None:
        self.inner.upload(local, name, progress)

    def download(self, name: str, local: Path, progress: Progress = None) -> str:
        return self.inner.download(name, local, progress)

    @property
    def reads_in_place(self) -> bool:  # type: ignore[override]
        return self.inner.reads_in_place

    def open_in_place(self, name: str):
        return self.inner.open_in_place(name)

    def read_bytes(self, name: str, limit: int = 1 << 20) -> bytes | None:
        return self.inner.read_bytes(name, limit)

    def write_bytes(self, name: str, data: bytes) -> None:
        self.inner.write_bytes(name, data)

    def create_exclusive(self, name: str, data: bytes) -> bool:
        return self.inner.create_exclusive(name, data)

    def delete(self, name: str) -> None:
        self.inner.delete(name)


class Retrying(TransportWrapper):
    """Every operation tried up to ``attempts`` times while its errors are not permanent."""

    attempts = 3
    #: the wait before the second try, the third, ... (the last one repeats)
    retry_delays: tuple[float, ...] = (1.0, 3.0)

    def _retry(self, operation: Callable[[], T]) -> T:
        for attempt in range(1, self.attempts + 1):
            try:
                return operation()
            except TransportError as error:
                if self.inner.is_permanent(error):
                    raise
                self.inner.drop()
                if attempt == self.attempts:
                    raise self._spent(error) from None
                delay = self.retry_delays[min(attempt - 1, len(self.retry_delays) - 1)] if self.retry_delays else 0
                log.warning("%s (try %d of %d; trying again in %g s)", error, attempt, self.attempts, delay)
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _spent(self, error: TransportError) -> TransportError:
        """The last error, saying it was tried ``attempts`` times."""
        if isinstance(error, ConnectionLostError):
            return error.after(self.attempts)
        return TransportError(Phrase("%1 (tried %2 times).", (error.message.rstrip('.'), self.attempts)),
                              hint=error.hint)

    def connect(self) -> None:
        self._retry(self.inner.connect)

    def list(self) -> list[RemoteFile]:
        return self._retry(self.inner.list)

    def upload(self, local: Path, name: str, progress: Progress = None) -> None:
        self._retry(lambda: self.inner.upload(local, name, progress))

    def download(self, name: str, local: Path, progress: Progress = None) -> str:
        return self._retry(lambda: self.inner.download(name, local, progress))

    def read_bytes(self, name: str, limit: int = 1 << 20) -> bytes | None:
        return self._retry(lambda: self.inner.read_bytes(name, limit))

    def write_bytes(self, name: str, data: bytes) -> None:
        self._retry(lambda: self.inner.write_bytes(name, data))

    def create_exclusive(self, name: str, data: bytes) -> bool:
        return self._retry(lambda: self.inner.create_exclusive(name, data))

    def delete(self, name: str) -> None:
        self._retry(lambda: self.inner.delete(name))


class Throttle:
    """A progress callback that pauses so that ``done`` bytes take at least ``done / rate`` s."""

    def __init__(self, rate: int, progress: Progress) -> None:
        self.rate = rate
        self.progress = progress
        self.started = time.monotonic()
        self.last = 0

    def __call__(self, done: int, total: int) -> None:
        if done < self.last:  # the transfer started over (a new connection): so does the clock
            self.started = time.monotonic()
        self.last = done
        report(self.progress, done, total)
        ahead = done / self.rate - (time.monotonic() - self.started)
        if ahead > 0:
            time.sleep(ahead)


class Limited(TransportWrapper):
    """Uploads and downloads at no more than ``rate`` bytes per second (on average)."""

    reads_in_place = False  # a read in place could not be held to the rate: downloads are

    def __init__(self, inner: Transport, rate: int) -> None:
        super().__init__(inner)
        self.rate = rate

    def upload(self, local: Path, name: str, progress: Progress = None) -> None:
        self.inner.upload(local, name, Throttle(self.rate, progress))

    def download(self, name: str, local: Path, progress: Progress = None) -> str:
        return self.inner.download(name, local, Throttle(self.rate, progress))
