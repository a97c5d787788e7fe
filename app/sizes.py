"""Sizes as the operator reads them, in the core's messages, the command line and the window:
decimal units (1 MB is 10^6 bytes), as disks and file managers count."""

from __future__ import annotations

from typing import Callable

UNITS = {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}


def in_units(size: float, unit: str = "MB", digits: int = 1) -> str:
    """The figure a message writes before ``unit``: ``in_units(12_345_678)`` is "12.3"."""
    return f"{size / UNITS[unit]:.{digits}f}"


def readable_size(size: float, number: Callable[[float], str] = lambda value: f"{value:.1f}") -> str:
    """Bytes in the unit that reads best: "850 B", "12.4 MB", "3.1 GB"; ``number`` writes the
    figure (the window's in its language's number format)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000:
            return f"{value:.0f} B" if unit == "B" else f"{number(value)} {unit}"
        value /= 1000
    return f"{number(value)} TB"
