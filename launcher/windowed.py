"""``contingenciaw``: opens the window, for a program started without a console.

A windowed program has no standard streams (``sys.stdout`` is None under pythonw.exe and a
windowed PyInstaller build); messages then go nowhere instead of failing.
"""

from __future__ import annotations

import os
import sys

from launcher import console


def main(argv: list[str] | None = None) -> int:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    args = sys.argv[1:] if argv is None else argv
    return console.main(["gui", *args])


if __name__ == "__main__":
    sys.exit(main())
