"""A rotating log file that several processes can share on Windows (kept apart from app.runtime.logs:
logging.handlers brings socket, pickle and queue, which a quick command does not need)."""

from __future__ import annotations

import logging
import logging.handlers
import time

RETRY_ROLLOVER_S = 60.0


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file that survives another process holding it during a rollover.

    Windows refuses to rename a file another process has open (WinError 32): the handler then
    keeps appending to the current file and tries again later, instead of failing on every record.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.next_try = 0.0

    def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 - logging's name
        if time.monotonic() < self.next_try:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:  # noqa: N802 - logging's name
        try:
            super().doRollover()
        except OSError:  # PermissionError on Windows: another process has the file open
            self.next_try = time.monotonic() + RETRY_ROLLOVER_S
            if self.stream is None or self.stream.closed:
                self.stream = self._open()
