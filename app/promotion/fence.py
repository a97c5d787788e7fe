"""Fencing on promotion (B4): a higher epoch in every folder the old official might use.

Every reachable folder (the contingency's source, and the new official's own
destinations if configured) gets ``PROMOTED.TXT`` with an epoch above every epoch
seen. An old official that comes back reads it before publishing
(``markers.check_fence``) and stops, saying who replaced it and when. The file is
created exclusively (``markers.place_fence``): when two contingency servers promote at
once, the second one finds the first one's file and stops instead of making two officials.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BundleError, ContingencyError, PromotionError
from ..journal import Journal, StateKey
from ..markers import PROMOTED_NAME, Fenced, Promoted, place_fence, read_marker, read_promoted
from ..phrases import Phrase
from ..settings.model import Endpoint, Settings
from ..transports import get_transport


@dataclass(frozen=True)
class FenceReport:
    label: str
    ok: bool
    message: Phrase


def fence_locations(settings: Settings) -> list[tuple[str, Endpoint]]:
    """The source, then the configured destinations, each folder once."""
    found: list[tuple[str, Endpoint]] = []
    seen: set[tuple] = set()
    candidates = [("source", settings.contingency.source)]
    candidates += settings.official.labelled_destinations()
    for label, ep in candidates:
        if ep.configured and ep.place not in seen:
            seen.add(ep.place)
            found.append((label, ep))
    return found


def highest_epoch_seen(journal: Journal, locations: list[tuple[str, Endpoint]]) -> int:
    """The highest epoch this machine knows of: its own, restored bundles, and every folder."""
    restored = journal.get_state(StateKey.LAST_RESTORED) or {}
    epochs = [int(journal.get_state(StateKey.EPOCH, 1)), int(journal.get_state(StateKey.HIGHEST_EPOCH, 1)),
              int(restored.get("epoch", 1))]
    for label, ep in locations:
        try:
            with get_transport(ep, label) as transport:
                epochs += _epochs_in(transport)
        except ContingencyError:
            continue  # unreachable now; reported when writing
    return max(epochs)


def _epochs_in(transport) -> list[int]:
    """The epochs a folder shows: its fence's and its marker's (an unreadable marker shows none)."""
    promoted = read_promoted(transport)
    epochs = [promoted.epoch] if promoted else []
    try:
        marker = read_marker(transport)
    except BundleError:
        return epochs
    return epochs + [marker.epoch] if marker else epochs


def write_fence(locations: list[tuple[str, Endpoint]], promoted: Promoted) -> list[FenceReport]:
    """PROMOTED.TXT into every location; unreachable ones are reported, not fatal."""
    reports = []
    for label, ep in locations:
        try:
            with get_transport(ep, label) as transport:
                reports.append(_write_one(transport, label, promoted))
        except PromotionError:
            raise
        except ContingencyError as exc:
            reports.append(FenceReport(label, False, Phrase(
                "%1: not reached (%2); the old official may still publish there if it comes back.",
                (label, str(exc)))))
    return reports


def _write_one(transport, label: str, promoted: Promoted) -> FenceReport:
    outcome, epoch = place_fence(transport, promoted, label)
    where = transport.describe()
    if outcome is Fenced.ALREADY:
        return FenceReport(label, True, Phrase("%1: %2 already names this server (epoch %3).", (label, where, epoch)))
    if outcome is Fenced.SUPERSEDED:
        return FenceReport(label, True, Phrase("%1: %2 updated in %3 (epoch %4).",
                                               (label, PROMOTED_NAME, where, epoch)))
    return FenceReport(label, True, Phrase("%1: %2 written to %3 (epoch %4).", (label, PROMOTED_NAME, where, epoch)))
