"""Following a chain on the contingency: every increment that arrived, applied in order, or none.

When the marker names an incremental bundle, the contingency walks the chain back from it: each
bundle is downloaded and checked against the size and sha256 the later one (the marker, for the
newest) names, and the walk stops at the bundle the live copy already is (same chain, its
sequence the increment's ``base_sequence``, its sha256 the ``base_sha256``) or at the chain's full
bundle (this copy belongs to another chain, or to none yet). Then it applies, oldest first, the
full bundle if the walk reached it (the engine's usual restore) and each increment in place
(``apply.apply_in_place``), recording after each one what the live copy now is: the recovery
point is the last increment applied.

A break is never guessed over: a bundle the chain needs missing from the folder, one whose size
or sha256 is not the announced one, a live copy that is not the increment's base (changed here,
restored from elsewhere), another page size. The contingency keeps its data, says why
(``ChainBroken``, a rejection with a translated reason) and waits for the next full bundle
(``contingency.wants_full``); it asks for one through ``applied()`` (what the acknowledgement
written back to the official reports).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..markers import Marker
from ..clock import iso, utc_now
from ..crypto import ENCRYPTED_SUFFIX
from ..errors import BadBackupError, BundleError
from ..journal import Journal, StateKey
from ..phrases import Phrase, from_data, phrase_of, to_data
from ..transports import get_transport
from . import apply
from .sqlite_pages import DeltaRefused

log = logging.getLogger(__name__)

#: the most bundles one walk downloads before it gives up and waits for a full bundle
MAX_WALK = 5000


class ChainBroken(BundleError):
    """This contingency cannot follow the chain from where it is: it waits for a full bundle."""

    kind = "chain"


@dataclass(frozen=True)
class Link:
    """A bundle of the chain as the later one (or the marker) names it."""

    name: str
    size: int
    sha256: str


def applied(journal: Journal) -> dict[str, Any] | None:
    """What the live copy is in its chain, for the acknowledgement written back to the official:
    ``chain``, ``sequence``, ``bundle``, ``kind``, ``base_sha256`` (what the last increment applied
    to), ``result_sha256`` (what the copy is now), ``created`` (the recovery point), ``applied_at``,
    and ``wants_full`` with its ``reason`` when the chain is broken here."""
    state = journal.get_state(StateKey.CHAIN_APPLIED)
    wants = journal.get_state(StateKey.WANTS_FULL)
    if state is None and wants is None:
        return None
    found = {k: v for k, v in (state or {}).items() if k not in ("size", "page1_sha256")}
    found["wants_full"] = wants is not None
    if wants:
        found["reason"] = wants["reason"]
    return found


def record_full(journal: Journal, engine, marker: Marker, manifest: dict[str, Any]) -> None:
    """After a full restore: the live copy starts (or restarts) a chain."""
    journal.delete_state(StateKey.WANTS_FULL)
    copy_sha256 = manifest["members"][0]["sha256"]
    if "last_lsn" in manifest:  # SQL Server: a standby copy its log backups follow
        from . import logship
        _record(journal, marker, logship.LogIdentity(copy_sha256, str(manifest["last_lsn"])), base_sha256="")
        return
    if "next_segment" in manifest:  # PostgreSQL: a standby its WAL follows
        from . import walship
        _record(journal, marker, walship.WalIdentity(copy_sha256, manifest), base_sha256="")
        return
    if engine.name != "sqlite":
        journal.delete_state(StateKey.CHAIN_APPLIED)
        return
    identity = apply.identity_of(engine.path, copy_sha256)
    _record(journal, marker, identity, base_sha256="")


def _record(journal: Journal, marker: Marker, identity: apply.LiveIdentity, base_sha256: str) -> None:
    journal.set_state(StateKey.CHAIN_APPLIED, {
        "chain": marker.chain or marker.sequence, "sequence": marker.sequence, "bundle": marker.bundle,
        "kind": marker.kind or "full", "generation": marker.generation, "base_sha256": base_sha256,
        "created": marker.created, "applied_at": iso(utc_now()), **identity.to_data()})


def waiting_for_full(journal: Journal, marker: Marker) -> Phrase | None:
    """Why this incremental marker is not even fetched: the chain is already known broken here."""
    wants = journal.get_state(StateKey.WANTS_FULL)
    if not wants or marker.kind != "incremental" or wants.get("chain") != marker.chain \
            or wants.get("generation") != marker.generation:
        return None
    return Phrase("Waiting for the next full bundle: %1", (from_data(wants["reason"]) or wants["reason"],))


def recover(journal: Journal, engine) -> list[str]:
    """The live file whole after a kill during a patch (``apply.recover``)."""
    if engine.name != "sqlite" or not engine.db.path:
        return []

    def recorded() -> bool:
        applying = journal.get_state(StateKey.CHAIN_APPLYING) or {}
        live = journal.get_state(StateKey.CHAIN_APPLIED) or {}
        return bool(applying) and applying.get("result_sha256") == live.get("result_sha256")

    notes = apply.recover(engine.path, recorded)
    if journal.get_state(StateKey.CHAIN_APPLYING) is not None:
        journal.delete_state(StateKey.CHAIN_APPLYING)
    return notes


# --- the walk and the apply -------------------------------------------------------------------------
def restore_chain(ctx, engine, marker: Marker, run, work: Path):
    """The cycle's restore step for an incremental marker (``cycles._restore`` calls it)."""
    from .. import cycles  # cycles imports this module
    here = _live_state(ctx.journal, engine, marker)
    transport = get_transport(ctx.settings.contingency.source, "source")
    try:
        with transport:
            listing = {f.name: f.size for f in transport.list()}
            walked = _walk(ctx, engine, marker, run, work, transport, listing, here)
        summaries = [_apply_one(ctx, engine, run, work, link, plain, manifest, marker)
                     for link, plain, manifest in reversed(walked)]
    except (DeltaRefused, BadBackupError) as exc:  # another base, a damaged delta, a failed check
        raise _broken(ctx.journal, marker, phrase_of(exc)) from None
    increments = sum(1 for _, _, m in walked if m.get("kind") == "incremental")
    ctx.journal.delete_state(StateKey.WANTS_FULL)
    summary = Phrase("%1 increment(s) applied, %2", (increments, summaries[-1]))
    return cycles.restored(ctx, engine, marker, run, str(summary))


def _live_state(journal: Journal, engine, marker: Marker) -> dict[str, Any] | None:
    """What the live copy is, when it is in the marker's line (same generation) and exists."""
    state = journal.get_state(StateKey.CHAIN_APPLIED)
    if not state or not engine.exists() or state.get("generation") != marker.generation:
        return None
    return state


def _walk(ctx, engine, marker: Marker, run, work: Path, transport, listing: dict[str, int],
          here: dict[str, Any] | None) -> list[tuple[Link, Path, dict[str, Any]]]:
    """The bundles to apply, newest first, each received and checked."""
    from .. import cycles
    link = Link(marker.bundle, marker.size, marker.sha256)
    walked: list[tuple[Link, Path, dict[str, Any]]] = []
    while len(walked) < MAX_WALK:
        if link.name not in listing:
            raise _broken(ctx.journal, marker, Phrase("%1, which the chain needs, is not in the source folder",
                                                      (link.name,)))
        local = work / link.name
        cycles.need_space(work, link.size * (2 if link.name.endswith(ENCRYPTED_SUFFIX) else 1),
                          Phrase("receiving %1", (link.name,)))
        with run.step("download"):
            received = transport.download(link.name, local, ctx.progress_for(run, "download"))
        try:
            plain, manifest = cycles.open_verified(ctx, engine, run, work, local, link.size, link.sha256, received)
        except BundleError as exc:
            raise _broken(ctx.journal, marker, exc.phrase) from None
        if plain != local:
            local.unlink(missing_ok=True)
        _check_link(ctx.journal, marker, link, manifest, first=not walked)
        walked.append((link, plain, manifest))
        if manifest.get("kind") != "incremental":
            return walked  # the chain's full bundle
        if here and here.get("chain") == manifest["chain"] and here.get("sequence") == manifest["base_sequence"]:
            if here.get("result_sha256") != manifest["base_sha256"]:
                raise _broken(ctx.journal, marker, Phrase("the copy here is not the base of %1", (link.name,)))
            return walked
        link = Link(str(manifest["base_bundle"]), int(manifest["base_bundle_size"]),
                    str(manifest["base_bundle_sha256"]))
    raise _broken(ctx.journal, marker, Phrase("more than %1 bundles behind", (MAX_WALK,)))


def _check_link(journal: Journal, marker: Marker, link: Link, manifest: dict[str, Any], *, first: bool) -> None:
    """Every bundle of the walk belongs to the marker's chain and official; the newest is the marker's."""
    from .. import cycles
    if first:
        cycles.check_against_marker(marker, manifest)
        fields = (manifest.get("kind"), manifest.get("chain"), manifest.get("base_sequence"))
        if fields != (marker.kind, marker.chain, marker.base_sequence):
            raise _broken(journal, marker, Phrase("%1 does not say what the marker says of its chain", (link.name,)))
    shared = ("database", "identity", "generation")
    if manifest.get("chain") != marker.chain or any(manifest.get(k, "") != getattr(marker, k) for k in shared):
        raise _broken(journal, marker, Phrase("%1 belongs to another chain", (link.name,)))


def _apply_one(ctx, engine, run, work: Path, link: Link, plain: Path, manifest: dict[str, Any],
               newest: Marker) -> str:
    from .. import bundle as bundles, cycles
    step = _marker_of(link, manifest, newest)
    if manifest.get("kind") != "incremental":
        return cycles.restore_full(ctx, engine, step, run, work, manifest, plain)
    if engine.name == "sqlserver":
        from . import logship
        return logship.apply_log(ctx, engine, run, work, step, plain, manifest, _record)
    if engine.name == "postgres":
        from . import walship
        return walship.apply_wal(ctx, engine, run, work, step, plain, manifest, _record)
    with run.step("extract"):
        [delta] = bundles.extract(plain, manifest, work / f"extract-{step.sequence}", ctx.progress_for(run, "extract"))
    plain.unlink(missing_ok=True)
    state = ctx.journal.get_state(StateKey.CHAIN_APPLIED) or {}
    expected = apply.LiveIdentity.from_data(state)
    if expected is None:
        raise _broken(ctx.journal, newest, Phrase("this machine does not know what its copy is"))
    ctx.journal.set_state(StateKey.CHAIN_APPLYING, {"result_sha256": manifest["result_sha256"],
                                                     "bundle": link.name})
    engine.thorough_check = cycles.full_check_due(ctx)

    def checked(header, summary: str) -> None:  # before the commit: a kill after it keeps the patch
        _record(ctx.journal, step, apply.identity_of(engine.path, header.target_sha256), header.base_sha256)
        cycles.record_restored(ctx, engine, step, summary, engine.path.stat().st_size)

    with run.step("apply"):
        _, summary = apply.apply_in_place(delta, engine.path, expected, thorough=engine.thorough_check,
                                          quick=ctx.settings.contingency.increment_check == "quick_check",
                                          lock=engine.lock_live, on_checked=checked)
    ctx.journal.delete_state(StateKey.CHAIN_APPLYING)
    if engine.thorough_check:
        ctx.journal.set_state(StateKey.LAST_FULL_CHECK, iso(utc_now()))
    delta.unlink(missing_ok=True)
    return summary


def _marker_of(link: Link, manifest: dict[str, Any], newest: Marker) -> Marker:
    """A bundle of the walk described as its marker would have described it."""
    return Marker(bundle=link.name, size=link.size, sha256=link.sha256, sequence=manifest["sequence"],
                  epoch=manifest["epoch"], created=manifest["created"], engine=manifest["engine"],
                  database=manifest["database"], source_host=manifest.get("source_host", ""),
                  identity=manifest.get("identity", ""), generation=manifest.get("generation", ""),
                  kind=manifest.get("kind", "full"), chain=int(manifest.get("chain", 0)),
                  base_sequence=int(manifest.get("base_sequence", 0)),
                  interval_min=newest.interval_min, next_expected=newest.next_expected)


def _broken(journal: Journal, marker: Marker, reason: Phrase) -> ChainBroken:
    journal.set_state(StateKey.WANTS_FULL, {"chain": marker.chain, "generation": marker.generation,
                                            "bundle": marker.bundle, "reason": to_data(reason),
                                            "at": iso(utc_now())})
    log.warning("chain broken at %s: %s", marker.bundle, reason)
    return ChainBroken(Phrase("The chain of incremental bundles cannot be followed here: %1. This contingency "
                              "keeps its data and waits for the next full bundle.", (reason,)),
                       hint=Phrase("The official publishes one on its schedule, or at once with "
                                   "'contingencia backup-now --full'."))
