"""Chains of bundles on the official: a full bundle now and then, incremental bundles between them.

A chain starts with a full bundle (today's bundle, manifest ``kind=full``, ``chain`` = its own
sequence). Each incremental bundle after it (``<db>+inc_<time>_<sequence>.zip``, manifest format
2) carries a page delta (``sqlite_pages``) from the copy last published to the new one, and names
its base in its manifest: ``base_sequence``, ``base_sha256`` (the base copy's content), and the
base *bundle* (``base_bundle``, its size and sha256), so a contingency that is several increments
behind walks the chain back from the marker with every file checked against a hash it already
trusts. Manifest, checksums, encryption, epoch and marker-last publishing are the full bundle's.

The official keeps the copy it published (``<work>/chain/base.sqlite``), the sha256 of each of its
pages (``base.pages``, ``page_hashes``: an increment reads only the new copy) and the chain's state
in its journal (``official.chain``), all only once a bundle reached every destination; a cycle
publishes a full bundle instead of an increment when incremental bundles are off
(``official.incremental_interval_min`` 0, or an engine other than SQLite), on request
(``backup-now --full``), when the schedule's full bundle is due, without a kept base or one
whose sha256 is not the copy last published (a kill between the two), after a destination missed
a bundle (it would see a gap), for another page size, and when the delta is not much smaller than
the copy (at 100 % change a full bundle is no bigger and starts a fresh chain).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .. import faults
from ..atomic import PART_SUFFIX, commit_rename, fsync_dir, replace
from ..clock import parse_iso
from ..journal import Journal, StateKey
from ..phrases import Phrase
from ..settings.model import OfficialSettings, Settings, for_engine
from . import apply, page_hashes, snapshot
from .sqlite_pages import DeltaRefused

BASE_FILE = "base.sqlite"
HASHES_FILE = "base.pages"
DELTA_SUFFIX = ".delta"
HASHES_SUFFIX = ".pages"
#: a delta changing at least this share of the copy's pages is published as a full bundle instead
FULL_INSTEAD_SHARE = 0.5


@dataclass
class NextBundle:
    """What this cycle bundles: the backup's files (full) or the delta (incremental)."""

    files: list[Path]
    fields: dict[str, Any]           # the manifest's chain fields
    copy: Path | None = None         # the consistent copy made now: the next base, once published
    reason: Phrase | None = None     # why a full bundle, when incremental bundles are on
    hashes: Path | None = None       # the page hashes of ``copy``, kept beside it once published
    patched: bool = False            # no copy: the kept copy was patched in place with the delta
    size: int = 0                    # the database's size the delta describes (no copy to measure)

    @property
    def incremental(self) -> bool:
        return self.fields["kind"] == "incremental"


def incremental_on(settings: Settings) -> bool:
    o = settings.official
    return (o.incremental_interval_min > 0 or o.continuous) and for_engine("official.incremental_interval_min",
                                                                           settings.database.engine)


def chain_dir(work_root: Path) -> Path:
    return Path(work_root) / "chain"


def plan(settings: Settings, journal: Journal, files: list[Path], work: Path, work_root: Path, *,
         sequence: int, generation: str, epoch: int, force_full: bool, now: datetime, engine=None,
         refused: Phrase | None = None) -> NextBundle:
    """A full bundle or an increment against the copy last published, and why (``refused``: why
    the snapshot's pass already found that it must be full)."""
    if settings.database.engine == "sqlserver":
        from . import logship
        return logship.plan(engine, journal, files, work, sequence=sequence)
    if settings.database.engine == "postgres":
        from . import walship
        return walship.plan(engine, journal, files, sequence=sequence)
    copy = files[0] if incremental_on(settings) and len(files) == 1 else None
    full = NextBundle(files, {"kind": "full", "chain": sequence}, copy)
    if copy is None:
        full.reason = Phrase("incremental bundles are off")
        return full
    full.hashes = Path(work) / (copy.stem + HASHES_SUFFIX)
    full.reason = refused or increment_refused(settings, journal, work_root, generation, epoch, force_full, now)
    state = journal.get_state(StateKey.OFFICIAL_CHAIN) or {}
    if full.reason is None:
        delta = Path(work) / (copy.stem + DELTA_SUFFIX)
        try:
            increment = _increment(state, chain_dir(work_root), copy, delta, full)
            if increment.incremental:
                return increment
        except DeltaRefused as exc:
            full.reason = exc.phrase
        delta.unlink(missing_ok=True)
    if not full.hashes.is_file():  # the delta's pass, when there was one, wrote them already
        page_hashes.write(copy, full.hashes)
    return full


def increment_refused(settings: Settings, journal: Journal, work_root: Path, generation: str, epoch: int,
                      force_full: bool, now: datetime) -> Phrase | None:
    """Why this cycle's bundle cannot be an increment, known before the copy is made (None: it
    may be one; the delta itself may still turn it into a full bundle)."""
    if not incremental_on(settings) or settings.database.engine != "sqlite":
        return Phrase("incremental bundles are off")
    folder = chain_dir(work_root)
    kept = (folder / BASE_FILE).is_file() and (folder / HASHES_FILE).is_file()
    return full_reason(settings, journal.get_state(StateKey.OFFICIAL_CHAIN) or {}, kept, generation, epoch,
                       force_full, now)


def _increment(state: dict, folder: Path, copy: Path, delta: Path, full: NextBundle) -> NextBundle:
    """The increment from the kept copy, or ``full`` with its reason when the delta is not one."""
    try:
        kept = _kept_hashes(state, folder)
    except DeltaRefused as exc:
        full.reason = exc.phrase
        return full
    header = page_hashes.compute(folder / BASE_FILE, kept, copy, delta, full.hashes, share=FULL_INSTEAD_SHARE)
    return NextBundle([delta], _increment_fields(state, header), copy, hashes=full.hashes)


def _kept_hashes(state: dict, folder: Path) -> page_hashes.PageHashes:
    """The kept page hashes, once a patch of the kept copy that a kill interrupted is undone;
    ``DeltaRefused`` when they are not those of the copy last published."""
    recover_kept(folder)
    kept = page_hashes.read(folder / HASHES_FILE)
    if kept.copy_sha256 != state["result_sha256"]:
        raise DeltaRefused(Phrase("the kept copy is not the one last published"), kind="base")
    return kept


def _increment_fields(state: dict, header) -> dict[str, Any]:
    return {"kind": "incremental", "chain": state["chain"], "base_sequence": state["sequence"],
            "base_sha256": header.base_sha256, "result_sha256": header.target_sha256,
            "base_bundle": state["bundle"], "base_bundle_size": state["size"],
            "base_bundle_sha256": state["sha256"], "changed_pages": header.changed}


def from_live(journal: Journal, database: Path, name: str, work: Path, work_root: Path, *,
              busy_timeout_s: float) -> NextBundle:
    """The increment read from a snapshot of the live ``database`` (``snapshot``): no copy.

    ``NoSnapshot`` when none could be read now (the caller makes the backup API's copy instead),
    ``DeltaRefused`` when the bundle must be full (its phrase says why). The kept copy is not
    touched here: ``patch_kept`` does that once the increment is known."""
    folder = chain_dir(work_root)
    state = journal.get_state(StateKey.OFFICIAL_CHAIN) or {}
    kept = _kept_hashes(state, folder)
    delta, hashes = Path(work) / (name + DELTA_SUFFIX), Path(work) / (name + HASHES_SUFFIX)
    try:
        header = _snapshot_delta(database, folder / BASE_FILE, kept, delta, hashes, busy_timeout_s)
    except BaseException:
        hashes.unlink(missing_ok=True)  # a later copy must get hashes of its own
        raise
    return NextBundle([delta], _increment_fields(state, header), hashes=hashes, patched=True,
                      size=header.target_pages * header.page_size)


def _snapshot_delta(database: Path, base: Path, kept, delta: Path, hashes: Path, busy_timeout_s: float):
    """The delta from a snapshot; a pass that a writer interrupted starts again, the last one
    holding the lock throughout (``snapshot``)."""
    for attempt in range(snapshot.ATTEMPTS):
        snap = snapshot.open_snapshot(database, busy_timeout_s=busy_timeout_s)
        snap.stepped = attempt < snapshot.ATTEMPTS - 1
        try:
            return page_hashes.compute_from(base, kept, snap.blocks(), snap.page_size, snap.pages, delta, hashes,
                                            share=FULL_INSTEAD_SHARE)
        except snapshot.Changed:
            continue
        finally:
            snapshot.close(snap)
    raise AssertionError("the last pass is not stepped")  # pragma: no cover


def patch_kept(nxt: NextBundle, work_root: Path) -> None:
    """The kept copy patched in place into the snapshot the increment describes, under a rollback
    journal of its old pages (``apply.apply_in_place``, the contingency's own patch): a kill at any
    point leaves the old copy or the new one, whole. The new page hashes are renamed in once the
    copy is whole and before the journal goes; a kill before that is undone by ``recover_kept``
    (old copy, old hashes: the next increment is against it), after it leaves hashes of another
    copy than the state's (the next bundle is full). Called before the bundle is published: a
    failure from here on leaves the kept files ahead of the state, and the next bundle is full."""
    folder = chain_dir(work_root)
    base = folder / BASE_FILE
    kept = page_hashes.read(folder / HASHES_FILE)
    expected = apply.LiveIdentity(kept.copy_sha256, kept.pages * kept.page_size, kept.of(1).hex())
    apply.apply_in_place(nxt.files[0], base, expected, thorough=False, quick=False, lock=lambda: _exclusive(base),
                         on_checked=lambda header, summary: commit_rename(nxt.hashes, folder / HASHES_FILE,
                                                                          synced=True))


def _exclusive(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def recover_kept(folder: Path) -> list[str]:
    """A patch of the kept copy that a kill interrupted is played back: the copy is the one its
    hashes were written for, or (killed after the new hashes were renamed in) the state no longer
    matches them and the next bundle is full."""
    base = folder / BASE_FILE
    return apply.recover(base, applied=lambda: False) if base.is_file() else []


def _drop_journals(base: Path) -> None:
    """A journal of the old kept copy must never be played back into the copy that replaces it."""
    for journal in (apply.journal_path(base), apply.our_journal_path(base),
                    apply.journal_path(base).with_name(apply.journal_path(base).name + PART_SUFFIX)):
        journal.unlink(missing_ok=True)


def full_reason(settings: Settings, state: dict, base_kept: bool, generation: str, epoch: int,
                force_full: bool, now: datetime) -> Phrase | None:
    """Why the next bundle starts a chain (None: it may be an increment)."""
    if force_full:
        return Phrase("a full bundle was asked for")
    if not state or not base_kept:
        return Phrase("no published copy is kept to compare with")
    if state.get("generation") != generation or state.get("epoch") != epoch:
        return Phrase("a new line of sequences or a new epoch starts a chain")
    if full_due(settings.official, parse_iso(state["full_created"]), now):
        return Phrase("the schedule's full bundle is due")
    return None


def next_full_time(official: OfficialSettings, after: datetime) -> datetime | None:
    """When the schedule's next full bundle is due after ``after`` (the cycle's own schedule
    when incremental bundles are off)."""
    if official.by_times:
        from ..runtime.schedule import official_trigger  # apscheduler is not needed to read the status
        from tzlocal import get_localzone
        return official_trigger(official).get_next_fire_time(None, after.astimezone(get_localzone()))
    return after + timedelta(minutes=official.interval_min)


def full_due(official: OfficialSettings, full_created: datetime, now: datetime) -> bool:
    """The schedule's full bundle is due: its time came since the chain's full bundle was made
    (within half an increment: a cycle that starts on time finishes a little after it)."""
    due = next_full_time(official, full_created)
    slack = timedelta(minutes=official.incremental_interval_min) / 2
    return due is None or now + slack >= due


def after_publish(journal: Journal, made, nxt: NextBundle, work_root: Path, *, published_everywhere: bool,
                  generation: str, epoch: int) -> None:
    """Keep the published copy as the next base, or drop the chain (the next bundle is full)."""
    from .walship import STATE_FIELDS  # SQL Server's and PostgreSQL's base: where the log goes on
    lsns = {k: nxt.fields[k] for k in ("last_lsn", "recovery_fork", *STATE_FIELDS) if k in nxt.fields}
    if (nxt.copy is None and not lsns and not nxt.patched) or not published_everywhere:
        journal.delete_state(StateKey.OFFICIAL_CHAIN)
        return
    faults.point("chain.published")
    if nxt.copy is not None:
        keep(nxt, chain_dir(work_root))
    state = journal.get_state(StateKey.OFFICIAL_CHAIN) or {}
    manifest = made.manifest
    result = nxt.fields.get("result_sha256") or manifest["members"][0]["sha256"]
    journal.set_state(StateKey.OFFICIAL_CHAIN, {
        "chain": nxt.fields["chain"], "sequence": manifest["sequence"], "bundle": made.name, "size": made.size,
        "sha256": made.sha256, "result_sha256": result, "generation": generation, "epoch": epoch,
        "full_created": state.get("full_created") if nxt.incremental else manifest["created"], **lsns})


def keep(nxt: NextBundle, folder: Path) -> None:
    """The published copy and its page hashes become the kept ones.

    The old hashes go first: from then until the state is recorded, a kill leaves no hashes, or
    hashes of another copy than the state's, and the next bundle is full. The copy is not flushed
    to disk (500 MB at 500 MB, for nothing): what a power cut leaves of it is only ever read at
    the pages an increment changes, each checked against its hash (``page_hashes.compute``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / HASHES_FILE).unlink(missing_ok=True)
    _drop_journals(folder / BASE_FILE)
    fsync_dir(folder)
    faults.point("chain.hashes-dropped")
    replace(nxt.copy, folder / BASE_FILE)
    faults.point("chain.base-kept")
    commit_rename(nxt.hashes, folder / HASHES_FILE, synced=True)
    faults.point("chain.hashes-kept")  # killed here: the hashes are not the state's copy, the next is full


def marker_fields(manifest: dict[str, Any]) -> dict[str, Any]:
    """The chain fields the marker repeats from the manifest (an older official's have none)."""
    return {"kind": manifest.get("kind", ""), "chain": int(manifest.get("chain", 0)),
            "base_sequence": int(manifest.get("base_sequence", 0))}
