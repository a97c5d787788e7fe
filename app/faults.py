"""Named points where the kill tests have the process die, exactly there.

``CONTINGENCIA_FAULT=<point>`` in the environment makes ``point(<point>)`` kill the
process on the spot (SIGKILL where there is one): no ``finally``, no clean-up, as a power
cut or the task manager would. Unset (always, outside the tests) a point costs one lookup.
"""

from __future__ import annotations

import os
import signal

FAULT_ENV = "CONTINGENCIA_FAULT"


def point(name: str) -> None:
    if os.environ.get(FAULT_ENV) == name:
        kill = getattr(signal, "SIGKILL", None)
        if kill is not None:
            os.kill(os.getpid(), kill)
        os._exit(137)  # Windows: as abrupt, without a signal
