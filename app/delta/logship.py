"""SQL Server's chain of bundles: log backups as the increments (``app/engines/sqlserver_log.py``).

The chain's format is ``chain.py``'s: the full bundle (``kind=full``) holds the full backup and its
LSNs; each incremental bundle holds one ``<db>.trn`` and names its base (``base_sequence``,
``base_bundle`` with its size and sha256, ``base_sha256``: the sha256 of the backup file the base
bundle holds) and its own LSNs (``first_lsn``, ``last_lsn``, ``base_lsn``: where the chain ended,
``recovery_fork``). The official journal's ``official.chain`` keeps ``last_lsn`` and
``recovery_fork`` instead of a kept copy.

Before the backup (``prepare``) the cycle decides what SQL Server writes: a log backup when the
chain goes on, else the chain's full backup; the database's recovery model is changed to FULL
only when ``database.allow_full_recovery`` allows it, and without it bundles stay plain full
ones (a database in SIMPLE). After a log backup (``plan``) its LSNs must follow the chain's:
another program's log backup, a switch to SIMPLE, a restore on the official or a log backup of
ours that was never published (a cycle killed after ``BACKUP LOG``) all show as a gap, and the
cycle takes a full backup at once and starts a new chain; a log is never published over a gap.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import faults
from ..errors import EngineError
from ..journal import Journal, StateKey
from ..phrases import Phrase, said
from ..settings.model import Settings
from .chain import NextBundle, full_reason, incremental_on

log = logging.getLogger(__name__)


def prepare(settings: Settings, journal: Journal, engine, *, generation: str, epoch: int, force_full: bool,
            now: datetime) -> None:
    """Tell the engine which backup this cycle takes: ``log``, ``full`` (a new chain) or a plain full one."""
    engine.chain_backup, engine.chain_reason = "", None
    if engine.name != "sqlserver" or not incremental_on(settings):
        return
    from ..engines import sqlserver_log  # only a SQL Server official loads it
    try:
        note = sqlserver_log.ensure_full_recovery(engine, settings.database.allow_full_recovery)
    except EngineError as exc:  # SIMPLE, and the change not allowed: full bundles, as before
        log.warning("%s", exc)
        engine.chain_reason = exc.phrase
        return
    if note:
        log.warning("%s", note)
    state = journal.get_state(StateKey.OFFICIAL_CHAIN) or {}
    engine.chain_reason = full_reason(settings, state, "last_lsn" in state, generation, epoch, force_full, now)
    engine.chain_backup = "full" if engine.chain_reason else "log"


def plan(engine, journal: Journal, files: list[Path], work: Path, *, sequence: int) -> NextBundle:
    """The bundle for what the engine backed up: a log that follows the chain, or a full backup."""
    from ..engines import sqlserver_log
    found = getattr(engine, "backup_set", None)
    if not getattr(engine, "chain_backup", "") or found is None:
        return NextBundle(files, {"kind": "full", "chain": sequence}, reason=engine.chain_reason)
    if found.kind == sqlserver_log.FULL_BACKUP:
        return _full(files, found, sequence, engine.chain_reason)
    faults.point("logship.log-backed-up")  # killed here: the log is truncated, its records in no bundle
    state = journal.get_state(StateKey.OFFICIAL_CHAIN) or {}
    why = sqlserver_log.follows(int(state["last_lsn"]), state["recovery_fork"], found,
                                after_full=state["sequence"] == state["chain"])
    if why is not None:
        log.warning("the log backup does not follow the chain (%s): a full backup starts a new one", why)
        for stale in files:
            stale.unlink(missing_ok=True)
        engine.chain_backup = "full"
        return _full(engine.backup(work), engine.backup_set, sequence, why)
    trn = files[0]
    fields = {"kind": "incremental", "chain": state["chain"], "base_sequence": state["sequence"],
              "base_sha256": state["result_sha256"], "result_sha256": _sha256(trn),
              "base_bundle": state["bundle"], "base_bundle_size": state["size"],
              "base_bundle_sha256": state["sha256"], "base_lsn": str(state["last_lsn"]), **found.to_fields()}
    return NextBundle(files, fields)


def _full(files: list[Path], found, sequence: int, reason: Phrase | None) -> NextBundle:
    return NextBundle(files, {"kind": "full", "chain": sequence, **found.to_fields()}, reason=reason)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


# --- the contingency ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LogIdentity:
    """What a standby copy is in its chain: the sha256 of the last backup file applied, and its LSN."""

    sha256: str
    last_lsn: str

    def to_data(self) -> dict:
        return {"result_sha256": self.sha256, "last_lsn": self.last_lsn}


def apply_log(ctx, engine, run, work: Path, step, plain: Path, manifest: dict, record) -> str:
    """One log backup restored into the standby copy (``RESTORE LOG ... WITH STANDBY``), then recorded.

    SQL Server applies a log backup whole or not at all. A kill after it and before the record leaves
    ``contingency.chain_applying`` naming it: the next attempt is refused as too early (4326) and is
    then known applied, not a break."""
    from .. import bundle as bundles, cycles
    from ..engines import sqlserver_log
    with run.step("extract"):
        [trn] = bundles.extract(plain, manifest, work / f"extract-{step.sequence}", ctx.progress_for(run, "extract"))
    plain.unlink(missing_ok=True)
    applying = ctx.journal.get_state(StateKey.CHAIN_APPLYING) or {}
    ctx.journal.set_state(StateKey.CHAIN_APPLYING, {"result_sha256": manifest["result_sha256"],
                                                     "bundle": step.bundle})
    with run.step("apply"):
        try:
            sqlserver_log.restore_log(engine, trn, engine.live, standby=True)
            summary = said(Phrase("log %1-%2 restored WITH STANDBY", (manifest['first_lsn'], manifest['last_lsn'])))
        except sqlserver_log.LogChainBroken as exc:
            if exc.why != "too-early" or applying.get("bundle") != step.bundle:
                raise
            summary = said(Phrase("log up to %1 already restored", (manifest['last_lsn'],)))
    faults.point("logship.log-restored")  # killed here: applied, not recorded; the next attempt sees 4326
    record(ctx.journal, step, LogIdentity(manifest["result_sha256"], str(manifest["last_lsn"])),
           manifest["base_sha256"])
    done = cycles.last_restored(ctx.journal) or {}
    cycles.record_restored(ctx, engine, step, summary, int(done.get("data_size") or 0))
    ctx.journal.delete_state(StateKey.CHAIN_APPLYING)
    trn.unlink(missing_ok=True)
    return summary
