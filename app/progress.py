"""Progress callbacks shared by engines, transports and the bundle."""

from __future__ import annotations

from typing import Callable, Optional

#: ``progress(done, total)`` in bytes; ``total`` is 0 when unknown.
Progress = Optional[Callable[[int, int], None]]


def report(progress: Progress, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
