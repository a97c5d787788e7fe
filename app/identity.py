"""Which official database a bundle comes from, and which line of its sequence.

The official creates its identity once (``identity.txt`` in its home) and writes it into
every marker and manifest; a contingency is bound to the identity it first restored and
refuses any other. The generation names one run of the sequence: a new journal (a
reinstall that kept the home, a damaged journal) starts a new generation, so the
contingency knows the sequence restarted on purpose instead of ignoring every marker as
"older than the last restored".
"""

from __future__ import annotations

import re
import uuid

from .atomic import write_atomic
from .clock import utc_now
from .paths import Home

IDENTITY = re.compile(r"^[0-9a-f]{32}$")


def official_identity(home: Home) -> str:
    """This official's identity, created on first use."""
    try:
        text = home.identity_file.read_text("ascii").strip()
        if IDENTITY.match(text):
            return text
    except (OSError, UnicodeDecodeError):
        pass
    identity = uuid.uuid4().hex
    write_identity(home, identity)
    return identity


def write_identity(home: Home, identity: str) -> None:
    """Take over an identity (a promoted contingency carries on the line it restored)."""
    write_atomic(home.identity_file, (identity + "\n").encode("ascii"))


def new_generation() -> str:
    """A new line of the sequence: when it began, and a random part so two never collide."""
    return utc_now().strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def short(identity: str) -> str:
    return identity[:8] if identity else "(none)"
