"""PostgreSQL's chain of bundles: WAL segments as the increments (``app/engines/postgres_wal.py``).

The chain's format is ``chain.py``'s. The full bundle holds a base backup (``base.tar``,
``backup_manifest``; manifest ``start_lsn``, ``end_lsn``, ``timeline``, ``system_identifier``,
``wal_segment_size``, ``next_segment``: the first segment the chain's first increment carries, and
``standby_limits``); each incremental bundle holds one ``<db>.wal.tar`` of complete segments and
names its base as every increment does (``base_sequence``, ``base_bundle`` with its size and
sha256, ``base_sha256``: the sha256 of the base bundle's first member) plus ``first_segment``,
``last_segment``, ``segments``, ``next_segment`` and ``replay_lsn`` (the standby has applied it once
it replayed this far). The official journal's ``official.chain`` keeps ``next_segment``,
``replay_lsn``, the timeline, the system and the segment size instead of a kept copy.

Before the backup (``prepare``) the cycle decides: the WAL when the chain goes on, a base backup
when it starts one (the reasons of ``chain.full_reason``), or a plain ``pg_dump`` when WAL
shipping is off or the server lacks what it needs (the reason says what to change). The WAL the
engine received must begin with the chain's next segment; anything else (a slot lost or
recreated, a new timeline, another server) makes the engine take a base backup in the same cycle.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from .. import faults
from ..errors import EngineError
from ..journal import Journal, StateKey
from ..phrases import Phrase, said
from ..settings.model import Settings
from .chain import NextBundle, chain_dir, full_reason, incremental_on

log = logging.getLogger(__name__)

#: what ``official.chain`` keeps of a PostgreSQL chain (``chain.after_publish``)
STATE_FIELDS = ("next_segment", "replay_lsn", "timeline", "system_identifier", "wal_segment_size", "base_size")


def shipping(settings: Settings) -> bool:
    return settings.database.engine == "postgres" and settings.database.wal_shipping and incremental_on(settings)


def prepare(settings: Settings, journal: Journal, engine, *, generation: str, epoch: int, force_full: bool,
            now, work_root: Path) -> None:
    """Tell the engine which backup this cycle takes: ``wal``, ``full`` (a base backup) or a pg_dump."""
    if engine.name != "postgres":
        return
    engine.chain_backup, engine.chain_reason, engine.chain_fields = "", None, {}
    if not incremental_on(settings):
        return
    if not settings.database.wal_shipping:
        engine.chain_reason = Phrase("PostgreSQL increments need database.wal_shipping")
        return
    from ..engines import postgres_wal
    try:
        with engine._connect(engine.live) as conn:
            postgres_wal.requirements(engine, conn)
    except EngineError as exc:  # the server lacks what it needs: pg_dump bundles, and why
        log.warning("%s %s", exc, exc.hint or "")
        engine.chain_reason = exc.phrase
        return
    state = journal.get_state(StateKey.OFFICIAL_CHAIN) or {}
    engine.chain_state = dict(state, receive_dir=str(chain_dir(work_root) / "wal"))
    engine.chain_reason = full_reason(settings, state, "next_segment" in state, generation, epoch, force_full, now)
    engine.chain_backup = "full" if engine.chain_reason else "wal"


def plan(engine, journal: Journal, files: list[Path], *, sequence: int) -> NextBundle:
    """The bundle for what the engine backed up: the WAL that follows the chain, or a base backup."""
    if engine.chain_backup != "wal":
        return NextBundle(files, {"kind": "full", "chain": sequence, **engine.chain_fields},
                          reason=engine.chain_reason)
    state = journal.get_state(StateKey.OFFICIAL_CHAIN) or {}
    fields = {"kind": "incremental", "chain": state["chain"], "base_sequence": state["sequence"],
              "base_sha256": state["result_sha256"], "result_sha256": _sha256(files[0]),
              "base_bundle": state["bundle"], "base_bundle_size": state["size"],
              "base_bundle_sha256": state["sha256"], **engine.chain_fields,
              "base_size": state.get("base_size", 0)}  # the chain's base backup: the measure of "too much WAL"
    return NextBundle(files, fields)


def _sha256(path: Path) -> str:
    from .logship import _sha256 as digest
    return digest(path)


# --- the contingency ----------------------------------------------------------------------------------
class WalIdentity:
    """What the standby is in its chain: the sha256 of the last bundle's member, where its WAL goes on."""

    def __init__(self, sha256: str, manifest: dict) -> None:
        self.sha256, self.manifest = sha256, manifest

    def to_data(self) -> dict:
        return {"result_sha256": self.sha256, "next_segment": self.manifest["next_segment"],
                "replay_lsn": self.manifest["replay_lsn"], "timeline": self.manifest["timeline"],
                "system_identifier": self.manifest["system_identifier"]}


def apply_wal(ctx, engine, run, work: Path, step, plain: Path, manifest: dict, record) -> str:
    """One increment's segments into the standby's archive, then its replay waited for and recorded.

    Applying twice is harmless (the same segments, under the same names), so a kill anywhere leaves
    the next cycle to apply the increment again."""
    from .. import bundle as bundles, cycles
    from ..engines import postgres_wal
    from ..errors import BadBackupError
    here = ctx.journal.get_state(StateKey.CHAIN_APPLIED) or {}
    same = ("next_segment", "system_identifier")
    if manifest["segments"] and (manifest["first_segment"], manifest["system_identifier"]) != \
            tuple(here.get(k) for k in same):
        raise BadBackupError(Phrase("the standby's WAL goes on at segment %1; %2 begins at %3",
                                    (here.get("next_segment"), step.bundle, manifest["first_segment"])))
    with run.step("extract"):
        [tar] = bundles.extract(plain, manifest, work / f"extract-{step.sequence}", ctx.progress_for(run, "extract"))
    plain.unlink(missing_ok=True)
    standby = postgres_wal.Standby(engine)
    standby.ensure_running()
    with run.step("apply"):
        began = time.perf_counter()
        names = standby.archive_segments(tar, manifest)
        faults.point("walship.archived")  # killed here: the segments are there, not recorded; applied again
        archived = time.perf_counter()
        standby.wake()
        with engine._connect(engine.live) as conn:
            woken = time.perf_counter()
            replayed = standby.wait_replayed(conn, manifest["replay_lsn"])
            done_at = time.perf_counter()
            standby.clean_archive(conn)
    log.info("WAL apply of %s: archive %.3f s, wake and connect %.3f s, replay %.3f s, archive cleaned %.3f s",
             step.bundle, archived - began, woken - archived, done_at - woken, time.perf_counter() - done_at)
    record(ctx.journal, step, WalIdentity(manifest["result_sha256"], manifest), manifest["base_sha256"])
    summary = said(Phrase("%1 WAL segment(s) replayed up to %2", (len(names), replayed)))
    done = cycles.last_restored(ctx.journal) or {}
    cycles.record_restored(ctx, engine, step, summary, int(done.get("data_size") or 0))
    tar.unlink(missing_ok=True)
    return summary
