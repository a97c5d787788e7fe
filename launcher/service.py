"""``contingencia-service``: the Windows service host (pywin32), started by absolute import."""

from __future__ import annotations

import sys

from app.runtime.winservice import main

if __name__ == "__main__":
    sys.exit(main())
