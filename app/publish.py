"""The publishing discipline, written once for every transport (F8, B1).

Upload under a temporary name, check the size, rename into place, then write the
marker, last. Retention keeps the newest chains of bundles whole (app/delta/retention.py) and
never the one the marker names.
"""

from __future__ import annotations

import logging

from .acks import is_ack_file
from .bundle import BundleInfo
from .delta.retention import doomed as doomed_by_chains
from .errors import TransportError
from .markers import Marker, check_fence, write_marker
from .phrases import Phrase
from .progress import Progress
from .transports.base import PART_SUFFIX, Transport

log = logging.getLogger(__name__)


def clean_leftovers(transport: Transport) -> list[str]:
    """Remove what an interrupted upload left (``*.part``), but not a contingency's acknowledgement
    being written (its own temporary copy, app/acks.py): only those two write here."""
    removed = []
    for entry in transport.list():
        if entry.name.endswith(PART_SUFFIX) and not is_ack_file(entry.name):
            transport.delete(entry.name)
            removed.append(entry.name)
    return removed


def publish(transport: Transport, bundle: BundleInfo, marker: Marker, *, retention: int,
            own_epoch: int, progress: Progress = None) -> str:
    """Publish one bundle to one destination; the marker is written only when the bundle is complete."""
    with transport:
        check_fence(transport, own_epoch)
        leftovers = clean_leftovers(transport)
        if leftovers:
            log.info("%s: removed leftovers %s", transport.label, leftovers)
        transport.upload(bundle.path, bundle.name, progress)
        arrived = {f.name: f.size for f in transport.list()}
        if arrived.get(bundle.name) != bundle.size:
            raise TransportError(
                Phrase("%1: %2 shows %3 bytes after the copy, not %4.",
                       (transport.label, bundle.name, arrived.get(bundle.name), bundle.size)),
                hint=Phrase("The marker was not written; the next cycle tries again."))
        write_marker(transport, marker)
        removed = apply_retention(transport, retention, protect=marker.bundle, names=list(arrived),
                                  chain=marker.chain)
    kept = f"; removed {len(removed)} old bundle(s)" if removed else ""
    return f"{transport.label}: {bundle.name} published to {transport.describe()}{kept}"


def apply_retention(transport: Transport, keep: int, *, protect: str, names: list[str], chain: int = 0) -> list[str]:
    doomed = doomed_by_chains(names, keep, protect=protect, chain=chain)
    for name in doomed:
        try:
            transport.delete(name)
        except TransportError as exc:  # an old bundle in use on the other side: next cycle
            log.warning("retention: %s", exc)
    return doomed
