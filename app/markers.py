"""The folder protocol: the two small files a shared folder holds beside the bundles.

- ``BACKUPOK.TXT`` (``Marker``) names the complete bundle of the folder, its size, sha256,
  sequence and epoch. The official writes it last, after the bundle is complete under its
  final name (``publish.py``); the contingency reads it first (``cycles.py``). Its presence
  keeps MGV7's meaning: a complete backup is here.
- ``PROMOTED.TXT`` (``Promoted``) is the split-brain guard (B4): a promoted contingency
  server writes a higher epoch there (``place_fence``, created exclusively so two promotions
  at once cannot both win). An official that finds an epoch higher than its own stops
  publishing (``check_fence``) and says who replaced it and when.

Both are key=value lines with CRLF endings, readable in Notepad on the store's server. (The
third kind of file there, a contingency's ``ACK_<id>.TXT``, is the pair monitor's: ``acks.py``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from .bundle import FORMAT_VERSION, is_bundle_name, safe_member_name
from .clock import iso, parse_iso, utc_now
from .errors import BundleError, FencedError, PromotionError
from .phrases import Phrase

MARKER_NAME = "BACKUPOK.TXT"
PROMOTED_NAME = "PROMOTED.TXT"


# --- BACKUPOK.TXT -------------------------------------------------------------

@dataclass
class Marker:
    """``BACKUPOK.TXT``: names the complete bundle of this folder."""

    bundle: str
    size: int
    sha256: str
    sequence: int
    epoch: int
    created: str
    engine: str = ""
    database: str = ""
    source_host: str = ""
    interval_min: int = 0       # the official's schedule, so the contingency knows when to expect the next
    next_expected: str = ""     # ISO UTC time of the official's next planned backup
    identity: str = ""          # the official database's identity (app/identity.py)
    generation: str = ""        # the line of the sequence
    kind: str = ""              # full or incremental (app/delta/chain.py); empty: an older official's, full
    chain: int = 0              # the sequence of the chain's full bundle
    base_sequence: int = 0      # an incremental's: the sequence of the bundle it applies to

    INT_FIELDS = ("size", "sequence", "epoch", "interval_min", "chain", "base_sequence")
    REQUIRED = ("bundle", "size", "sha256", "sequence", "epoch", "created")

    def to_text(self) -> str:
        lines = [f"format={FORMAT_VERSION}"]
        for key in ("bundle", "size", "sha256", "sequence", "epoch", "created", "engine", "database",
                    "source_host", "interval_min", "next_expected", "identity", "generation",
                    "kind", "chain", "base_sequence"):
            value = str(getattr(self, key))
            if "\r" in value or "\n" in value or "\x00" in value:  # one line per field, never an injected one
                raise ValueError(f"the marker's {key} has a line break")
            lines.append(f"{key}={value}")
        return "\r\n".join(lines) + "\r\n"

    @classmethod
    def parse(cls, text: str, where: str = "") -> "Marker":
        values: dict[str, str] = {}
        for line in text.splitlines():
            if "=" in line:
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip()
        missing = [k for k in cls.REQUIRED if not values.get(k)]
        if missing:
            raise BundleError(Phrase("The marker %1%2 is incomplete (missing %3).",
                                     (MARKER_NAME, ' in ' + where if where else '', ', '.join(missing))),
                              hint=Phrase("The official may be an older program or still writing; the next check "
                                          "will retry."))
        try:
            fields = {k: (int(values[k]) if k in cls.INT_FIELDS else values[k])
                      for k in cls.__dataclass_fields__ if k in values}
            marker = cls(**fields)
            parse_iso(marker.created)
        except ValueError:
            raise BundleError(Phrase("The marker %1%2 has an invalid value.",
                                     (MARKER_NAME, ' in ' + where if where else ''))) from None
        safe_member_name(marker.bundle)
        if not is_bundle_name(marker.bundle):
            raise BundleError(Phrase("The marker names %1, which is not a bundle name.", (f'{marker.bundle!r}',)))
        return marker

    @classmethod
    def from_bytes(cls, data: bytes, where: str = "") -> "Marker":
        return cls.parse(data.decode("utf-8", "replace"), where)

    @property
    def created_at(self) -> datetime:
        return parse_iso(self.created)

    #: what the marker and the manifest both say, and must say alike
    SHARED = ("engine", "database", "sequence", "epoch", "created", "source_host", "identity", "generation")

    def disagreements(self, manifest: dict[str, Any]) -> list[str]:
        """The shared fields on which the manifest says otherwise (an older official omits the same
        ones from both)."""
        return [k for k in self.SHARED if str(getattr(self, k)) != str(manifest.get(k, ""))]

    @property
    def position(self) -> tuple[int, int]:
        """Order of bundles: a higher epoch (after a promotion) wins, then the sequence."""
        return (self.epoch, self.sequence)


def read_marker(transport) -> Marker | None:
    """The folder's marker, or None when there is none (no complete bundle yet)."""
    data = transport.read_bytes(MARKER_NAME)
    return None if data is None else Marker.from_bytes(data, transport.describe())


def write_marker(transport, marker: Marker) -> None:
    """The last write of a publish: only once the bundle it names is complete in the folder."""
    transport.write_bytes(MARKER_NAME, marker.to_text().encode("utf-8"))


# --- PROMOTED.TXT -------------------------------------------------------------

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
            raise BundleError(Phrase("%1 is unreadable.", (PROMOTED_NAME,)),
                              hint=Phrase("Remove it only if no promotion happened.")) from None


def read_promoted(transport) -> Promoted | None:
    data = transport.read_bytes(PROMOTED_NAME)
    return None if data is None else Promoted.parse(data.decode("utf-8", "replace"))


def check_fence(transport, own_epoch: int) -> None:
    """Stop when a promoted server has taken over (a higher epoch in the folder)."""
    promoted = read_promoted(transport)
    if promoted is not None and promoted.epoch > own_epoch:
        raise FencedError(
            Phrase("This server was replaced by %1 at %2 (epoch %3); it no longer publishes backups.",
                   (promoted.new_host, promoted.at, promoted.epoch)),
            hint=Phrase("Configure this machine as a contingency of the new official, or promote it again on "
                        "purpose."))


class Fenced(Enum):
    """What ``place_fence`` found and did in one folder."""
    WRITTEN = "written"          # no fence there: ours created
    ALREADY = "already"          # this server's promotion, same or higher epoch, already there
    SUPERSEDED = "superseded"    # an older promotion's file, replaced by ours


def place_fence(transport, promoted: Promoted, label: str) -> tuple[Fenced, int]:
    """Write ``PROMOTED.TXT`` into one folder; another server's equal or higher fence is refused.

    Returns what was done and the epoch the folder's fence now holds."""
    data = promoted.to_text().encode("utf-8")
    if transport.create_exclusive(PROMOTED_NAME, data):
        return Fenced.WRITTEN, promoted.epoch
    existing = read_promoted(transport)
    if existing is not None and existing.epoch >= promoted.epoch:
        if existing.new_host.lower() != promoted.new_host.lower():
            raise PromotionError(
                Phrase("%1: %2 says %3 was already promoted at %4 (epoch %5).",
                       (label, transport.describe(), existing.new_host, existing.at, existing.epoch)),
                hint=Phrase("Two servers must not both be official: check which one the stores should use before "
                            "promoting this one."))
        return Fenced.ALREADY, existing.epoch
    transport.write_bytes(PROMOTED_NAME, data)
    return Fenced.SUPERSEDED, promoted.epoch
