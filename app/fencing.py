"""Split-brain guard (B4): the PROMOTED.TXT file a promotion leaves in every folder.

A promoted contingency server writes a higher epoch here. An official that finds an
epoch higher than its own stops publishing and says who replaced it and when.
"""

from __future__ import annotations

from dataclasses import dataclass

from .clock import iso, utc_now
from .errors import BundleError

PROMOTED_NAME = "PROMOTED.TXT"


@dataclass
class Promoted:
    epoch: int
    new_host: str
    at: str

    def to_text(self) -> str:
        return f"epoch={self.epoch}\r\nnew_host={self.new_host}\r\nat={self.at}\r\n"

    @classmethod
    def now(cls, epoch: int, new_host: str) -> "Promoted":
        return cls(epoch, new_host, iso(utc_now()))

    @classmethod
    def parse(cls, text: str) -> "Promoted":
        values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        try:
            return cls(int(values["epoch"]), values.get("new_host", "?").strip(), values.get("at", "?").strip())
        except (KeyError, ValueError):
            raise BundleError(f"{PROMOTED_NAME} is unreadable.", hint="Remove it only if no promotion happened.") from None


def read_promoted(transport) -> Promoted | None:
    data = transport.read_bytes(PROMOTED_NAME)
    return None if data is None else Promoted.parse(data.decode("utf-8", "replace"))
