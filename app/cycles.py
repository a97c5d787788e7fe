"""The two pipelines, as plain functions of the settings.

Official: backup -> bundle -> publish to each destination on its own -> retention.
Contingency: read the marker -> fetch a newer bundle -> verify -> extract -> restore
(staging, check, swap). Both take the home's cycle lock, write the journal and emit
events; neither ever leaves a partial file under a final name or a half-restored
database.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from . import bundle as bundles
from .acks import full_wanted, refresh as refresh_acks, write_ack_quietly
from .delta import chain, follow, logship, walship
from .delta.snapshot import NoSnapshot
from .delta.sqlite_pages import DeltaRefused
from .clock import iso, parse_iso, utc_now
from .engines import get_engine
from .crypto import ENCRYPTED_SUFFIX
from .errors import (BackupError, BadBackupError, BundleError, BundleRefused, ContingencyError, FencedError,
                     LocalFault, LockBusyError, TransportError, WrongPassphrase)
from .events import Event, Sink, emit
from .identity import new_generation, official_identity, short
from .journal import Journal, Run, StateKey
from .markers import MARKER_NAME, Marker, check_fence, read_promoted
from .paths import Home
from .phrases import Phrase, from_data, phrase_of, said, to_data
from .publish import publish
from .runtime.locks import FileLock
from .settings.model import Settings
from .silence import seen_at, silence_deadline
from .sizes import in_units
from .transports import get_transport

log = logging.getLogger(__name__)

#: ``on_progress(step, done, total)`` for a terminal progress bar or the GUI
StepProgress = Callable[[str, int, int], None] | None


class Cancelled(ContingencyError):
    stage = "cancelled"


@dataclass
class CycleResult:
    result: str            # ok | partial | failed | nothing | rejected | disabled
    message: str
    run_id: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result in ("ok", "nothing")


@dataclass
class Context:
    """What a cycle needs besides the settings."""

    settings: Settings
    home: Home
    journal: Journal
    trigger: str = "manual"
    events: list[Sink] = field(default_factory=list)
    on_progress: StepProgress = None
    cancel: threading.Event = field(default_factory=threading.Event)
    lock_wait_s: float = 0.0
    #: the operator's word that a backup much smaller than the last one is right (official)
    accept_smaller: bool = False
    #: a full bundle now, even between the schedule's (official, incremental bundles on)
    full_bundle: bool = False
    #: the settings as saved now; asked once the lock is held, so a cycle that waited behind a
    #: promotion (or any save) runs with what was saved, not with what its caller loaded before
    current_settings: Callable[[], Settings] | None = None

    def event(self, kind: str, problem: str, ok: bool, summary: str, detail: str = "", **facts: Any) -> None:
        emit(self.events, Event(kind, problem, ok, summary, detail, self.settings.machine_name,
                                self.settings.mode, facts=facts))

    def progress_for(self, run: Run, step: str) -> Callable[[int, int], None]:
        def progress(done: int, total: int) -> None:
            if self.cancel.is_set():
                raise Cancelled(Phrase("The cycle was stopped on request."))
            run.progress(done, total)
            if self.on_progress:
                self.on_progress(step, done, total)
        return progress


def make_context(settings: Settings, home: Home, **options: Any) -> Context:
    return Context(settings, home, options.pop("journal", None) or Journal(home.journal_file), **options)


def cycle_lock(ctx: Context) -> FileLock:
    return FileLock(ctx.home.lock_file, "The cycle lock of this instance").acquire(ctx.lock_wait_s)


def gate(settings: Settings, mode: str) -> CycleResult | None:
    """The enabled/mode gate: a "disabled" result saying why the cycle of ``mode`` does not run
    on these settings (``details["refused"]``: "other-mode" or "off"), or None when it runs."""
    if settings.mode != mode:
        return CycleResult("disabled", said(Phrase("This machine is in %1 mode, not %2.", (settings.mode, mode))),
                           details={"refused": "other-mode"})
    if not settings.enabled:
        return CycleResult("disabled", said(Phrase("Contingency mode is off (enabled = false): nothing runs.")),
                           details={"refused": "off"})
    return None


def _fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


# === official ===================================================================

def official_work_dir(ctx: Context) -> Path:
    return Path(ctx.settings.official.work_folder or ctx.home.work_dir / "official")


def _run_cycle(settings: Settings, home: Home, mode: str, options: dict[str, Any],
               body: Callable[[Context], CycleResult]) -> CycleResult:
    """What every cycle does around its body: skip when off, hold the lock, close interrupted runs."""
    ctx = make_context(settings, home, **options)
    skipped = gate(ctx.settings, mode)
    if skipped:
        return skipped
    with cycle_lock(ctx), ctx.journal.kept():  # one journal connection for the whole cycle
        if ctx.current_settings is not None:
            ctx.settings = ctx.current_settings()
            skipped = gate(ctx.settings, mode)
            if skipped:
                return skipped
        ctx.journal.close_interrupted()
        remove_leftover_work(ctx)
        return body(ctx)


def remove_leftover_work(ctx: Context) -> list[Path]:
    """Remove the work folders of runs that were killed: holding the cycle lock, every
    ``run-N`` folder here belongs to a run that is over (both modes: the mode may have changed)."""
    removed = []
    for parent in (official_work_dir(ctx), contingency_temp_dir(ctx)):
        for leftover in parent.glob("run-*") if parent.is_dir() else ():
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
                removed.append(leftover)
    if removed:
        log.info("removed the work folders of interrupted runs: %s", ", ".join(p.name for p in removed))
    return removed


def run_official(settings: Settings, home: Home, **options: Any) -> CycleResult:
    """One backup cycle: every configured destination gets the bundle and its marker, each on its own."""
    return _run_cycle(settings, home, "official", options, _official_cycle)


def _official_cycle(ctx: Context) -> CycleResult:
    """One backup, then what each contingency acknowledged (app/acks.py)."""
    result = _backup_cycle(ctx)
    _read_acks(ctx)
    return result


def _backup_cycle(ctx: Context) -> CycleResult:
    with ctx.journal.run("backup", ctx.trigger) as run:
        try:
            return _official(ctx, run)
        except FencedError as exc:
            ctx.journal.set_state(StateKey.FENCED, {"message": str(exc), "phrase": to_data(exc.phrase),
                                                    "at": iso(utc_now())})
            run.result, run.error = "failed", said(exc.phrase)
            ctx.event("backup_failed", "fenced", False,
                      said(Phrase("This server was replaced and stopped publishing.")), said(exc.phrase))
            return CycleResult("failed", str(exc), run.id)
        except ContingencyError as exc:
            run.result, run.error = "failed", str(exc)
            log.error("backup failed: %s", exc, exc_info=log.isEnabledFor(logging.DEBUG))
            ctx.event("backup_failed", "backup", False, said(Phrase("The backup failed.")), said(exc.phrase))
            return CycleResult("failed", str(exc), run.id)
        except Exception as exc:  # an unexpected bug: still a clear journal entry
            log.exception("backup failed unexpectedly")
            run.result, run.error = "failed", said(Phrase("Unexpected error: %1 (see the log).", (repr(exc),)))
            ctx.event("backup_failed", "backup", False, said(Phrase("The backup failed.")), run.error)
            return CycleResult("failed", run.error, run.id)


def _official(ctx: Context, run: Run) -> CycleResult:
    s = ctx.settings
    fenced = ctx.journal.get_state(StateKey.FENCED)
    if fenced:
        raise FencedError(from_data(fenced.get("phrase")) or fenced["message"])
    epoch = int(ctx.journal.get_state(StateKey.EPOCH, 1))
    _check_fences_first(ctx, epoch)
    identity = official_identity(ctx.home)
    generation, sequence = _next_sequence(ctx.journal)
    engine = get_engine(s.database)
    work = _fresh_dir(official_work_dir(ctx) / f"run-{run.id}")
    force_full = ctx.full_bundle or _asked_for_full(ctx)
    logship.prepare(s, ctx.journal, engine, generation=generation, epoch=epoch, force_full=force_full,
                    now=utc_now())
    walship.prepare(s, ctx.journal, engine, generation=generation, epoch=epoch, force_full=force_full,
                    now=utc_now(), work_root=official_work_dir(ctx))
    engine.thorough_copy_check = chain.increment_refused(s, ctx.journal, official_work_dir(ctx), generation, epoch,
                                                         force_full, utc_now()) is not None
    try:
        bundled: list = []

        def bundle_it(nxt: chain.NextBundle) -> None:
            with run.step("bundle"):
                bundled[2:] = [bundles.create(
                    nxt.files, work, database=engine.database_name(), engine=engine.name, sequence=sequence,
                    epoch=epoch, level=s.official.compression, source_host=s.machine_name,
                    progress=ctx.progress_for(run, "bundle"), identity=identity, generation=generation,
                    chain=nxt.fields)]

        live, refused = _from_live(ctx, run, engine, work) if not engine.thorough_copy_check else (None, None)
        if live is not None:
            bundled[:2] = [_check_size(ctx, engine, live.size), live]
            with run.step("delta"):
                chain.patch_kept(live, official_work_dir(ctx))
            _bundle_checked(s, engine, run, chain.chain_dir(official_work_dir(ctx)) / chain.BASE_FILE,
                            lambda: bundle_it(live))
        else:
            with ExitStack() as step:
                step.enter_context(run.step("backup"))

                def bundle(files: list[Path]) -> None:
                    step.close()  # the copy is made; the engine's check of it goes on meanwhile
                    data_size = _check_not_shrunk(ctx, engine, files)
                    with run.step("delta"):
                        nxt = chain.plan(s, ctx.journal, files, work, official_work_dir(ctx), sequence=sequence,
                                         generation=generation, epoch=epoch, refused=refused,
                                         force_full=force_full, now=utc_now(), engine=engine)
                    engine.thorough_copy_check = not nxt.incremental
                    bundled[:2] = [data_size, nxt]
                    bundle_it(nxt)
                    step.enter_context(run.step("verify"))  # what is left of the check: its verdict
                if refused is not None:
                    engine.thorough_copy_check = True
                engine.backup_bundled(work, ctx.progress_for(run, "backup"), bundle)
        data_size, nxt, made = bundled
        if s.official.encryption_passphrase:
            with run.step("encrypt"):
                made = bundles.encrypt(made, s.official.encryption_passphrase, ctx.progress_for(run, "encrypt"))
        run.set(bundle=made.name, sequence=sequence, epoch=epoch, bytes=made.size)
        marker = _marker_for(ctx, made, engine)
        outcomes = _publish_all(ctx, run, made, marker, epoch)
        chain.after_publish(ctx.journal, made, nxt, official_work_dir(ctx), generation=generation, epoch=epoch,
                            published_everywhere=not any(outcomes.values()))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _official_result(ctx, run, made, outcomes, data_size)


def _from_live(ctx: Context, run: Run, engine, work: Path) -> tuple[chain.NextBundle | None, Phrase | None]:
    """A SQLite increment read from a snapshot of the live database, without a copy: ``(the
    increment, None)``; ``(None, why a full bundle)`` when it must be full; ``(None, None)`` when
    no snapshot could be read now (the backup API's copy instead)."""
    if engine.name != "sqlite":
        return None, None
    try:
        with run.step("delta"):
            return chain.from_live(ctx.journal, engine.path, engine.database_name(), work, official_work_dir(ctx),
                                   busy_timeout_s=ctx.settings.database.busy_timeout_s), None
    except NoSnapshot as exc:
        log.info("the increment is made from a copy: no snapshot of %s: %s", engine.path, said(exc.phrase))
        return None, None
    except DeltaRefused as exc:
        return None, exc.phrase


def _bundle_checked(s: Settings, engine, run: Run, copy: Path, bundle: Callable[[], None]) -> None:
    """The increment's bundle, with the patched kept copy's quick_check alongside
    (``official.increment_check``; ``pages``: no check)."""
    if s.official.increment_check == "pages":
        bundle()
        return
    engine.thorough_copy_check = False
    with ExitStack() as step:
        def alongside(files: list[Path]) -> None:
            bundle()
            step.enter_context(run.step("verify"))  # what is left of the check: its verdict

        engine.check_copy_while(copy, alongside)


def _asked_for_full(ctx: Context) -> bool:
    """A contingency that cannot follow the chain asked, in its acknowledgement, for a full bundle."""
    host = full_wanted(ctx.journal)
    if host:
        log.info("a full bundle: contingency %s waits for one", host)
    return host is not None


def _read_acks(ctx: Context) -> None:
    """What each contingency acknowledged, read at every cycle; never the cycle's failure."""
    try:
        refresh_acks(ctx.settings, ctx.journal, ctx.events)
    except Exception:  # noqa: BLE001 - a contingency's file must never fail the official's backup
        log.exception("reading the contingencies' acknowledgements failed")


def _next_sequence(journal: Journal) -> tuple[str, int]:
    """The generation and the next sequence number, never reused even after a failure.

    A journal without a sequence (new, reinstalled, damaged) starts a new generation."""
    last = journal.get_state(StateKey.OFFICIAL_SEQUENCE)
    generation = journal.get_state(StateKey.OFFICIAL_GENERATION)
    if last is None or not generation:
        generation = new_generation()
        journal.set_state(StateKey.OFFICIAL_GENERATION, generation)
    sequence = int(last or 0) + 1
    journal.set_state(StateKey.OFFICIAL_SEQUENCE, sequence)
    return generation, sequence


def shrink_problem(settings: Settings, size: int, last_size: int | None) -> tuple | None:
    """For a backup that shrank beyond ``database.shrink_limit_pct``: (MB, % smaller, last MB,
    the limit) for the message; None when it did not."""
    limit = settings.database.shrink_limit_pct
    if not last_size or limit >= 100 or size >= last_size * (1 - limit / 100):
        return None
    return (in_units(size), f"{100 - 100 * size / last_size:.0f}", in_units(last_size), limit)


def _check_not_shrunk(ctx: Context, engine, files: list[Path]) -> int:
    """Refuse to publish a backup drastically smaller than the last one published."""
    return _check_size(ctx, engine, sum(Path(f).stat().st_size for f in files))


def _check_size(ctx: Context, engine, size: int) -> int:
    last = (ctx.journal.get_state(StateKey.OFFICIAL_LAST_OK) or {}).get("data_size")
    if getattr(engine, "chain_backup", "") in ("log", "wal"):  # a log backup, the WAL: the change, not the database
        return last or size
    problem = shrink_problem(ctx.settings, size, last)
    if problem and not ctx.accept_smaller:
        raise BackupError(Phrase("The backup of %1 is %2 MB, %3% smaller than the last one published (%4 MB); "
                                 "database.shrink_limit_pct allows %5%.", (engine.describe(), *problem)),
                          hint=Phrase("Nothing was published: the contingency keeps its data. If the database really "
                                      "shrank, publish it once with 'contingencia backup-now --accept-smaller'."))
    return size


def _check_fences_first(ctx: Context, epoch: int) -> None:
    """A replaced official stops before spending time on a backup (publish checks again)."""
    for label, endpoint in ctx.settings.official.labelled_destinations():
        try:
            with get_transport(endpoint, label) as transport:
                check_fence(transport, epoch)
        except FencedError:
            raise
        except ContingencyError:
            continue  # unreachable now: the publish step reports it


def _marker_for(ctx: Context, made: bundles.BundleInfo, engine) -> Marker:
    """The marker says what the manifest says, field for field, plus the schedule."""
    o = ctx.settings.official
    from .runtime.schedule import next_backup_time  # here: apscheduler is not needed to read the status
    upcoming = next_backup_time(o, utc_now())
    m = made.manifest
    return Marker(bundle=made.name, size=made.size, sha256=made.sha256, sequence=m["sequence"], epoch=m["epoch"],
                  created=m["created"], engine=m["engine"], database=m["database"],
                  source_host=m["source_host"], identity=m["identity"], generation=m["generation"],
                  interval_min=0 if o.by_times else o.interval_min,
                  next_expected=iso(upcoming) if upcoming else "", **chain.marker_fields(m))


def _publish_all(ctx: Context, run: Run, made, marker: Marker, epoch: int) -> dict[str, str | None]:
    """Each destination on its own: one failing never stops the other. None means success."""
    outcomes: dict[str, str | None] = {}
    for name, endpoint in ctx.settings.official.destinations():
        label = "destination " + name[-1]
        try:
            with run.step(f"publish {label}"):
                transport = get_transport(endpoint, label)
                message = publish(transport, made, marker, retention=ctx.settings.official.retention,
                                  own_epoch=epoch, progress=ctx.progress_for(run, f"publish {label}"))
            outcomes[name] = None
            run.details[name] = message
            ctx.event("destination_unreachable", name, True, said(Phrase("%1 receives backups again.", (label,))))
        except FencedError:
            raise
        except Cancelled:
            raise
        except ContingencyError as exc:
            outcomes[name] = str(exc)
            run.details[name] = str(exc)
            ctx.event("destination_unreachable", name, False, said(Phrase("%1 did not receive the backup.", (label,))),
                      said(exc.phrase))
    return outcomes


def _official_result(ctx: Context, run: Run, made, outcomes: dict[str, str | None],
                     data_size: int) -> CycleResult:
    failed = {k: v for k, v in outcomes.items() if v}
    if len(failed) < len(outcomes):  # published somewhere: the size the next backup is compared with
        ctx.journal.set_state(StateKey.OFFICIAL_LAST_OK, {"bundle": made.name, "at": iso(utc_now()),
                                                          "data_size": data_size})
    if not failed:
        run.result = "ok"
        run.message = said(Phrase("%1 (%2 MB) published to %3 destination(s).",
                                  (made.name, in_units(made.size), len(outcomes))))
        ctx.event("backup_ok", "backup", True, said(Phrase("Backup published.")), run.message, bundle=made.name)
        return CycleResult("ok", run.message, run.id, {"bundle": made.name, "size": made.size})
    errors = " | ".join(failed.values())
    if len(failed) < len(outcomes):
        run.result = "partial"
        run.message = said(Phrase("%1 published to %2 of %3 destinations.",
                                  (made.name, len(outcomes) - len(failed), len(outcomes))))
        run.error = errors
        # a backup exists: the "backup" problem clears; each failing destination raised its own
        ctx.event("backup_ok", "backup", True, said(Phrase("Backup published to some destinations only.")),
                  f"{run.message} {errors}", bundle=made.name)
        return CycleResult("partial", f"{run.message} {errors}", run.id, {"bundle": made.name})
    run.result, run.error = "failed", errors
    run.message = said(Phrase("No destination received the backup."))
    ctx.event("backup_failed", "backup", False, run.message, errors)
    return CycleResult("failed", f"{run.message} {errors}", run.id)


# === contingency ================================================================

def contingency_temp_dir(ctx: Context) -> Path:
    return Path(ctx.settings.contingency.temp_folder or ctx.home.work_dir / "incoming")


def run_contingency(settings: Settings, home: Home, **options: Any) -> CycleResult:
    """One poll: restore the marker's bundle if it is newer than the last restored one."""
    return _run_cycle(settings, home, "contingency", options, _contingency_cycle)


def _contingency_cycle(ctx: Context) -> CycleResult:
    """One check of the source, then this contingency's acknowledgement of it (app/acks.py)."""
    result = _check_source(ctx)
    write_ack_quietly(ctx.settings, ctx.home, ctx.journal, result.result, result.message)
    return result


def recover_interrupted(ctx: Context, engine) -> list[str]:
    """What a killed restore left, repaired: a staging copy or a half-done swap (the engine's), a
    patch's journal (SQLite chains: the checked and recorded patch kept, any other played back).
    Everything that uses the contingency's live database runs it first, holding the cycle lock:
    the contingency cycle and the promotion, so neither ever reads a patched copy never checked."""
    notes = engine.recover(contingency_temp_dir(ctx)) + follow.recover(ctx.journal, engine) + _swapped(ctx, engine)
    for note in notes:
        log.info("recovered: %s", note)
    return notes


def _check_source(ctx: Context) -> CycleResult:
    engine = get_engine(ctx.settings.database)
    recover_interrupted(ctx, engine)
    try:
        marker = _read_source(ctx)
    except ContingencyError as exc:
        return _poll_failed(ctx, exc)
    if marker is None:
        return _nothing(ctx, said(Phrase("The source has no backup yet (no BACKUPOK.TXT).")))
    _check_silence(ctx, marker)
    return _maybe_restore(ctx, engine, marker)


def _read_source(ctx: Context) -> Marker | None:
    source = ctx.settings.contingency.source
    transport = get_transport(source, "source")

    def read() -> tuple[bytes | None, Any]:
        with transport:
            return transport.read_bytes(MARKER_NAME), read_promoted(transport)

    data, promoted = with_deadline(read, SOURCE_DEADLINE_FACTOR * source.timeout_s,
                                   f"source: reading {MARKER_NAME} in {transport.describe()}")
    if promoted is not None:
        _raise_highest_epoch(ctx, promoted.epoch)
    ctx.event("destination_unreachable", "source", True, said(Phrase("The source folder is reachable again.")))
    if data is None:
        return None
    marker = Marker.from_bytes(data, transport.describe())
    ctx.journal.set_state(StateKey.LAST_MARKER, marker.__dict__)
    _note_seen(ctx, marker)
    return marker


#: a marker created further ahead of this machine's clock than this is reported as clock skew
CLOCK_SKEW_S = 300


def _note_seen(ctx: Context, marker: Marker) -> None:
    """When this machine saw the marker change: data age and silence count from there, so an
    official whose clock is wrong cannot make them negative or hold the silence alarm back."""
    now = utc_now()
    seen = ctx.journal.get_state(StateKey.MARKER_SEEN)
    if not seen or seen.get("sha256") != marker.sha256:
        first = not seen and marker.created_at <= now  # no earlier observation: its own time if plausible
        at = marker.created_at if first else now
        ctx.journal.set_state(StateKey.MARKER_SEEN, {"sha256": marker.sha256, "at": iso(at)})
    ahead = (marker.created_at - now).total_seconds()
    if ahead > CLOCK_SKEW_S:
        ctx.journal.set_state(StateKey.CLOCK_SKEW, {"ahead_s": int(ahead), "created": marker.created,
                                                    "at": iso(now), "bundle": marker.bundle})
    elif ctx.journal.get_state(StateKey.CLOCK_SKEW):
        ctx.journal.delete_state(StateKey.CLOCK_SKEW)


#: the marker's read gets this many times the source's timeout (connect, marker, fence file)
SOURCE_DEADLINE_FACTOR = 3
_blocked: dict[str, threading.Thread] = {}


def with_deadline(action: Callable[[], Any], seconds: float, what: str) -> Any:
    """``action()``, or ``TransportError`` when it has not returned within ``seconds``.

    A read of a hung mount cannot be interrupted: it is left blocked in its own thread, and
    the cycle goes on (the silence check, the status) instead of freezing with it. While it
    stays blocked, no second read is started on top of it."""
    blocked = _blocked.get(what)
    if blocked is not None and blocked.is_alive():
        raise TransportError(Phrase("%1 is still blocked since an earlier check.", (what,)),
                             hint=Phrase("A hung network mount or share: check the link to the official."))
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = action()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name=f"deadline: {what}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        _blocked[what] = thread
        raise TransportError(Phrase("%1 did not answer within %2 s.", (what, f"{seconds:.0f}")),
                             hint=Phrase("A hung network mount or share: check the link to the official; "
                                         "the next check tries again."))
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _raise_highest_epoch(ctx: Context, epoch: int) -> None:
    if epoch > int(ctx.journal.get_state(StateKey.HIGHEST_EPOCH, 1)):
        ctx.journal.set_state(StateKey.HIGHEST_EPOCH, epoch)


def _poll_failed(ctx: Context, exc: ContingencyError,
                 summary: str = said(Phrase("The official's folder could not be read."))) -> CycleResult:
    """Record a failed poll once per distinct error, not at every poll."""
    message = str(exc)
    last = ctx.journal.get_state(StateKey.LAST_POLL, {})
    run_id = 0
    if last.get("error") != message:
        with ctx.journal.run("restore", ctx.trigger) as run:
            run.result, run.error, run.message = "failed", message, summary
            run_id = run.id
    ctx.journal.set_state(StateKey.LAST_POLL, {"at": iso(utc_now()), "result": "failed", "error": message})
    kind = "destination_unreachable" if isinstance(exc, TransportError) else "restore_failed"
    ctx.event(kind, "source" if kind == "destination_unreachable" else "restore", False, summary, message)
    _check_silence(ctx, None)
    return CycleResult("failed", message, run_id)


def _nothing(ctx: Context, message: str) -> CycleResult:
    ctx.journal.set_state(StateKey.LAST_POLL, {"at": iso(utc_now()), "result": "nothing", "message": message})
    return CycleResult("nothing", message)


def _check_silence(ctx: Context, marker: Marker | None) -> None:
    """B3: a marker older than the schedule allows means the official has gone silent."""
    if marker is None:
        last = ctx.journal.get_state(StateKey.LAST_MARKER)
        if not last:
            return
        marker = Marker(**last)
    seen = seen_at(ctx.journal, marker)
    deadline = silence_deadline(ctx.settings, marker, seen)
    now = datetime.now(timezone.utc)
    was = ctx.journal.get_state(StateKey.OFFICIAL_SILENT)
    if now > deadline:
        minutes = int((now - seen).total_seconds() // 60)
        info = {"since": iso(deadline), "last_backup": marker.created, "minutes": minutes}
        ctx.journal.set_state(StateKey.OFFICIAL_SILENT, info)
        ctx.event("official_silent", "official_silent", False,
                  said(Phrase("The official has published nothing for %1 minutes.", (minutes,))),
                  f"Last backup {marker.bundle} created {marker.created}; expected again by {iso(deadline)}.",
                  last_backup=marker.created)
    elif was:
        ctx.journal.delete_state(StateKey.OFFICIAL_SILENT)
        ctx.event("official_silent", "official_silent", True, said(Phrase("The official publishes again.")))


def last_restored(journal: Journal) -> dict[str, Any] | None:
    return journal.get_state(StateKey.LAST_RESTORED)


def _maybe_restore(ctx: Context, engine, marker: Marker) -> CycleResult:
    done = last_restored(ctx.journal)
    highest = int(ctx.journal.get_state(StateKey.HIGHEST_EPOCH, 1))
    if marker.epoch < highest:
        return _reject_once(ctx, marker, said(Phrase(
            "%1 has epoch %2, lower than %3: it comes from a server that was replaced (split-brain guard).",
            (marker.bundle, marker.epoch, highest))))
    stranger = _stranger(engine, marker, done)
    if stranger and not _accepted(ctx, marker):
        return _reject_once(ctx, marker, said(stranger.phrase), kind=stranger.kind)
    waiting = follow.waiting_for_full(ctx.journal, marker)
    if waiting:
        return _nothing(ctx, said(waiting))
    if done and _same_line(marker, done) and marker.position <= (done["epoch"], done["sequence"]) \
            and engine.exists():
        older = marker.position < (done["epoch"], done["sequence"])
        text = (Phrase("The marker names %1 (sequence %2), older than the last restored %3 (sequence %4); it is "
                       "ignored.", (marker.bundle, marker.sequence, done["bundle"], done["sequence"])) if older
                else Phrase("Nothing new: %1 is already restored.", (marker.bundle,)))
        return _nothing(ctx, said(text))
    rejected = ctx.journal.get_state(StateKey.REJECTED, {})
    if rejected.get("sha256") == marker.sha256 and not _passphrase_changed(ctx, rejected):
        return _nothing(ctx, said(Phrase("%1 was rejected before (%2); waiting for a new one.",
                                         (marker.bundle, rejected["reason"]))))
    if marker.bundle.endswith(ENCRYPTED_SUFFIX) and not ctx.settings.contingency.encryption_passphrase:
        return _poll_failed(ctx, LocalFault(
            Phrase("%1 is encrypted and no passphrase is configured on this machine.", (marker.bundle,)),
            hint=Phrase("Set contingency.encryption_passphrase to the official's passphrase; the next check "
                        "retries by itself.")), said(Phrase("The bundle cannot be opened here.")))
    return _restore(ctx, engine, marker)


def _describe_line(database: str, engine: str, identity: str, host: str) -> Phrase:
    return Phrase("database '%1' (%2, identity %3, from %4)", (database, engine, short(identity), host or "?"))


def _stranger(engine, marker: Marker, done: dict[str, Any] | None) -> BundleRefused | None:
    """A marker of another official database than the one this contingency is bound to."""
    bound = done or {}
    theirs = (marker.engine or engine.name, marker.database, marker.identity)
    ours = (engine.name, bound.get("database", marker.database),
            bound.get("identity") or marker.identity)  # an older official wrote no identity
    if theirs == ours:
        return None
    return BundleRefused(
        Phrase("%1 comes from another official: %2; this contingency restores %3. It was not restored.",
               (marker.bundle, _describe_line(marker.database, marker.engine, marker.identity, marker.source_host),
                _describe_line(ours[1], ours[0], ours[2], bound.get("source_host", "")))),
        kind="identity",
        hint=Phrase("If the official was reinstalled or replaced on purpose, accept it with 'contingencia accept' "
                    "(or Aceitar mesmo assim in the window's Estado tab); otherwise point contingency.source at "
                    "this store's folder."))


def _same_line(marker: Marker, done: dict[str, Any]) -> bool:
    """Same identity and generation: the sequence numbers compare (missing fields: an older program)."""
    return all(not done.get(k) or not getattr(marker, k) or done[k] == getattr(marker, k)
               for k in ("identity", "generation"))


def _accepted(ctx: Context, marker: Marker) -> bool:
    return (ctx.journal.get_state(StateKey.ACCEPT) or {}).get("sha256") == marker.sha256


def _reject_once(ctx: Context, marker: Marker, reason: str, kind: str = "verdict") -> CycleResult:
    rejected = ctx.journal.get_state(StateKey.REJECTED, {})
    if rejected.get("sha256") == marker.sha256:
        return _nothing(ctx, said(Phrase("%1 was rejected before; waiting for a new one.", (marker.bundle,))))
    ctx.journal.set_state(StateKey.REJECTED, {"sha256": marker.sha256, "bundle": marker.bundle, "kind": kind,
                                              "reason": reason, "at": iso(utc_now())})
    with ctx.journal.run("restore", ctx.trigger) as run:
        run.result, run.error = "rejected", reason
        run.message = said(Phrase("%1 was rejected and will not be restored.", (marker.bundle,)))
        run.set(bundle=marker.bundle, sequence=marker.sequence, epoch=marker.epoch)
    ctx.event("bundle_rejected", "restore", False, said(Phrase("The bundle %1 was rejected.", (marker.bundle,))),
              reason,
              bundle=marker.bundle)
    return CycleResult("rejected", reason, run.id)


def _restore(ctx: Context, engine, marker: Marker) -> CycleResult:
    temp = contingency_temp_dir(ctx)
    with ctx.journal.run("restore", ctx.trigger) as run:
        run.set(bundle=marker.bundle, sequence=marker.sequence, epoch=marker.epoch, bytes=marker.size)
        work = _fresh_dir(temp / f"run-{run.id}")
        body = follow.restore_chain if marker.kind == "incremental" else _fetch_verify_restore
        try:
            return body(ctx, engine, marker, run, work)
        except (BundleError, BadBackupError) as exc:  # a verdict on the bundle: once, not retried
            run.result = "rejected"
            run.error = said(exc.phrase)
            ctx.journal.set_state(StateKey.REJECTED, {"sha256": marker.sha256, "bundle": marker.bundle,
                                                      "kind": getattr(exc, "kind", "verdict"),
                                                      "reason": str(exc), "at": iso(utc_now()),
                                                      **_passphrase_record(ctx, exc)})
            ctx.event("bundle_rejected", "restore", False,
                      said(Phrase("The bundle %1 was rejected.", (marker.bundle,))), said(exc.phrase),
                      bundle=marker.bundle)
            return CycleResult("rejected", str(exc), run.id)
        except Cancelled:
            raise
        except OSError as exc:  # this machine's disk (transports and engines name their own faults)
            where = Path(exc.filename).parent if exc.filename else temp
            return _restore_failed(ctx, run, marker, LocalFault.from_os_error(exc, where))
        except ContingencyError as exc:  # transient: the source, this machine, a busy database
            return _restore_failed(ctx, run, marker, exc)
        except Exception as exc:
            log.exception("restore failed unexpectedly")
            run.result, run.error = "failed", said(Phrase("Unexpected error: %1 (see the log).", (repr(exc),)))
            ctx.event("restore_failed", "restore", False, said(Phrase("The restore failed.")), run.error)
            return CycleResult("failed", run.error, run.id)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _restore_failed(ctx: Context, run: Run, marker: Marker, exc: ContingencyError) -> CycleResult:
    run.result, run.error = "failed", said(phrase_of(exc))
    ctx.event("restore_failed", "restore", False,
              said(Phrase("The restore failed; the database keeps its previous data.")),
              said(phrase_of(exc)), bundle=marker.bundle)
    return CycleResult("failed", str(exc), run.id)


def _passphrase_record(ctx: Context, exc: Exception) -> dict[str, str]:
    """For a bundle the passphrase did not open: a salted scrypt tag of that passphrase (as strong
    as the bundle's own header), so a changed passphrase retries it by itself."""
    if not isinstance(exc, WrongPassphrase):
        return {}
    salt = os.urandom(16).hex()
    return {"passphrase_salt": salt, "passphrase_tag": _passphrase_tag(ctx, salt)}


def _passphrase_tag(ctx: Context, salt: str) -> str:
    secret = (ctx.settings.contingency.encryption_passphrase or "").encode("utf-8")
    return hashlib.scrypt(secret, salt=bytes.fromhex(salt), n=2 ** 14, r=8, p=1, dklen=16).hex()


def _passphrase_changed(ctx: Context, rejected: dict[str, Any]) -> bool:
    salt = rejected.get("passphrase_salt")
    return bool(salt) and _passphrase_tag(ctx, salt) != rejected.get("passphrase_tag")


def need_space(folder: Path, needed: int, what: str) -> None:
    """Refuse to start a copy or an extraction that cannot fit: this machine's problem, retried."""
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise LocalFault(Phrase("This machine's temporary folder %1 has %2 MB free; %3 needs %4 MB.",
                                (folder, in_units(free, digits=0), what, in_units(needed, digits=0))),
                         hint=Phrase("The bundle is not blamed: free space there or set contingency.temp_folder to "
                                     "a bigger disk; the next check retries."))


def _require_listed(transport, marker: Marker) -> int:
    """The size the source lists for the marker's bundle; an error when it is not there (yet)."""
    sizes = {f.name: f.size for f in transport.list()}
    if marker.bundle not in sizes:
        raise TransportError(Phrase("source: BACKUPOK.TXT names %1, which is not in %2.",
                                    (marker.bundle, transport.describe())),
                             hint=Phrase("The official may be publishing right now; the next check retries."))
    return sizes[marker.bundle]


def _fetch_verify_restore(ctx: Context, engine, marker: Marker, run: Run, work: Path) -> CycleResult:
    transport = get_transport(ctx.settings.contingency.source, "source")
    if transport.reads_in_place and not marker.bundle.endswith(ENCRYPTED_SUFFIX):
        return _restore_in_place(ctx, engine, marker, run, work, transport)
    local = work / marker.bundle
    encrypted = marker.bundle.endswith(ENCRYPTED_SUFFIX)
    need_space(work, marker.size * (2 if encrypted else 1), Phrase("receiving %1", (marker.bundle,)))
    with run.step("download"):
        with transport:
            _require_listed(transport, marker)
            received = transport.download(marker.bundle, local, ctx.progress_for(run, "download"))
    plain, manifest = open_verified(ctx, engine, run, work, local, marker.size, marker.sha256, received)
    check_against_marker(marker, manifest)
    summary = restore_full(ctx, engine, marker, run, work, manifest, plain, local)
    return restored(ctx, engine, marker, run, summary)


def _restore_in_place(ctx: Context, engine, marker: Marker, run: Run, work: Path, transport) -> CycleResult:
    """A bundle in a folder is read once, where it is (no copy first): its sha256 is taken while
    it is extracted and checked before anything is restored. A network source, a rate-limited
    folder or an encrypted bundle is received first instead."""
    with transport, ExitStack() as opened:
        with run.step("verify"):
            bundles.check_size(marker.bundle, _require_listed(transport, marker), marker.size)
            source = opened.enter_context(transport.open_in_place(marker.bundle))
            manifest = bundles.read_manifest(source)
            check_engine(engine, marker.bundle, manifest)
        check_against_marker(marker, manifest)
        files, data_size = extract_full(ctx, engine, marker, run, work, manifest, source, sha256=marker.sha256)
    summary = restore_extracted(ctx, engine, marker, run, work, manifest, files, data_size)
    return restored(ctx, engine, marker, run, summary)


def open_verified(ctx: Context, engine, run: Run, work: Path, local: Path, size: int, sha256: str,
                  received: str | None) -> tuple[Path, dict[str, Any]]:
    """A received bundle checked against the size and sha256 it was announced with, opened
    (decrypted) and its manifest read: ``(plain zip, manifest)``."""
    with run.step("verify"):
        bundles.check_file(local, size, sha256, ctx.progress_for(run, "verify"), received_sha256=received)
        plain = bundles.open_bundle(local, ctx.settings.contingency.encryption_passphrase or "", work,
                                    ctx.progress_for(run, "verify"))
        manifest = bundles.read_manifest(plain)
        check_engine(engine, local.name, manifest)
    return plain, manifest


def check_engine(engine, name: str, manifest: dict[str, Any]) -> None:
    if manifest["engine"] != engine.name:
        raise BundleError(Phrase("%1 holds a %2 backup; this machine restores %3.",
                                 (name, manifest['engine'], engine.name)),
                          hint=Phrase("Set the same database engine on both machines."))
    engine.refuse(manifest)


def check_against_marker(marker: Marker, manifest: dict[str, Any]) -> None:
    differ = marker.disagreements(manifest)
    if differ:
        raise BundleError(Phrase("%1: its manifest does not match the marker (%2).",
                                 (marker.bundle, ", ".join(differ))),
                          hint=Phrase("It may have been tampered with; it will not be restored."))


def restore_full(ctx: Context, engine, marker: Marker, run: Run, work: Path, manifest: dict[str, Any],
                 plain: Path, *received: Path) -> str:
    """Extract a verified full bundle (then remove it and the ``received`` files), restore it
    (staging, check, swap) and record it."""
    files, data_size = extract_full(ctx, engine, marker, run, work, manifest, plain)
    for done in (plain, *received):
        done.unlink(missing_ok=True)
    return restore_extracted(ctx, engine, marker, run, work, manifest, files, data_size)


def extract_full(ctx: Context, engine, marker: Marker, run: Run, work: Path, manifest: dict[str, Any],
                 source, *, sha256: str | None = None) -> tuple[list[Path], int]:
    """The members of a full bundle (a path, or a file read in place whose ``sha256`` is checked
    as it is read), once the standby accepts their size: ``(files, data size)``."""
    data_size = sum(m["size"] for m in manifest["members"])
    _check_not_shrunk_standby(ctx, engine, marker, data_size)
    need_space(work, data_size, Phrase("extracting %1", (marker.bundle,)))
    with run.step("extract"):
        files = bundles.extract(source, manifest, work / "extract", ctx.progress_for(run, "extract"), sha256=sha256)
    return files, data_size


def restore_extracted(ctx: Context, engine, marker: Marker, run: Run, work: Path, manifest: dict[str, Any],
                      files: list[Path], data_size: int) -> str:
    """The engine's restore of extracted members (staging, check, swap), recorded."""
    engine.thorough_check = full_check_due(ctx)
    engine.keep_restoring = "last_lsn" in manifest  # a SQL Server chain's full backup: its logs follow
    engine.restoring_manifest = manifest  # PostgreSQL's base backup: its LSNs, the official's limits
    _swapping(ctx, engine, marker, manifest, data_size)
    with run.step("restore"):
        summary = engine.restore(files, work, ctx.progress_for(run, "restore"))
    if engine.thorough_check:
        ctx.journal.set_state(StateKey.LAST_FULL_CHECK, iso(utc_now()))
    follow.record_full(ctx.journal, engine, marker, manifest)
    record_restored(ctx, engine, marker, summary, data_size)
    ctx.journal.delete_state(StateKey.RESTORING)
    return summary


def _live_inode(engine) -> int | None:
    try:
        return engine.path.stat().st_ino
    except OSError:
        return None


def _swapping(ctx: Context, engine, marker: Marker, manifest: dict[str, Any], data_size: int) -> None:
    """Before a SQLite restore, what it restores and which file is live: the swap renames another
    file over it, so a kill between that rename and the record is told apart (``_swapped``)."""
    if engine.name == "sqlite":
        ctx.journal.set_state(StateKey.RESTORING, {
            "marker": marker.to_text(), "copy_sha256": manifest["members"][0]["sha256"], "data_size": data_size,
            "live_inode": _live_inode(engine)})


def _swapped(ctx: Context, engine) -> list[str]:
    """A restore killed after its swap renamed the checked copy over the live file: that bundle is
    live, so it is recorded as live (status and the data age would otherwise name the one before)."""
    restoring = ctx.journal.get_state(StateKey.RESTORING)
    if not restoring:
        return []
    notes = []
    if _live_inode(engine) not in (None, restoring["live_inode"]):
        marker = Marker.parse(restoring["marker"])
        follow.record_full(ctx.journal, engine, marker, {"members": [{"sha256": restoring["copy_sha256"]}]})
        record_restored(ctx, engine, marker, said(Phrase("checked before an interrupted swap")),
                        restoring["data_size"])
        _raise_highest_epoch(ctx, marker.epoch)
        notes.append(f"{marker.bundle} was swapped in before the interruption: recorded as live")
    ctx.journal.delete_state(StateKey.RESTORING)
    return notes


def record_restored(ctx: Context, engine, marker: Marker, summary: str, data_size: int) -> None:
    """What the live database now is: the recovery point (``created``) status and promotion report."""
    ctx.journal.set_state(StateKey.LAST_RESTORED, {
        "bundle": marker.bundle, "sequence": marker.sequence, "epoch": marker.epoch,
        "created": marker.created, "restored_at": iso(utc_now()), "sha256": marker.sha256, "check": summary,
        "database": marker.database, "engine": engine.name, "identity": marker.identity,
        "generation": marker.generation, "source_host": marker.source_host, "data_size": data_size,
        "observed_at": iso(seen_at(ctx.journal, marker)), "kind": marker.kind, "chain": marker.chain})


def restored(ctx: Context, engine, marker: Marker, run: Run, summary: str) -> CycleResult:
    """The end of a successful restore: the state, the message, the event."""
    ctx.journal.delete_state(StateKey.ACCEPT)
    _raise_highest_epoch(ctx, marker.epoch)
    ctx.journal.set_state(StateKey.LAST_POLL, {"at": iso(utc_now()), "result": "ok"})
    run.message = said(Phrase("%1 restored into %2 (%3).", (marker.bundle, engine.describe(), summary)))
    ctx.event("restore_ok", "restore", True, said(Phrase("Backup restored.")), run.message, bundle=marker.bundle)
    return CycleResult("ok", run.message, run.id, {"bundle": marker.bundle, "check": summary})


def full_check_due(ctx: Context) -> bool:
    """The full integrity check at every restore (0) or once every ``full_check_every_h`` hours."""
    every = ctx.settings.contingency.full_check_every_h
    last = ctx.journal.get_state(StateKey.LAST_FULL_CHECK)
    return not every or not last or utc_now() - parse_iso(last) >= timedelta(hours=every)


def _check_not_shrunk_standby(ctx: Context, engine, marker: Marker, data_size: int) -> None:
    """A populated standby is not replaced by a drastically smaller database without a word."""
    done = last_restored(ctx.journal) or {}
    problem = shrink_problem(ctx.settings, data_size, done.get("data_size"))
    if problem and engine.exists() and not _accepted(ctx, marker):
        raise BundleRefused(Phrase("%1 holds a database of %2 MB, %3% smaller than the last one restored (%4 MB); "
                                   "database.shrink_limit_pct allows %5%. The standby keeps its data.",
                                   (marker.bundle, *problem)),
                            kind="shrink",
                            hint=Phrase("If the official's database really shrank, accept it with "
                                        "'contingencia accept' (or Aceitar mesmo assim in the window's Estado tab)."))


def release_rejected(journal: Journal, *, accept: bool) -> dict[str, Any] | None:
    """Forget the rejection so the next check tries that bundle again (``retry``); with ``accept``,
    it also passes the identity and shrink checks that once (``accept``). Returns what was released."""
    rejected = journal.get_state(StateKey.REJECTED)
    if not rejected:
        return None
    if accept:
        journal.set_state(StateKey.ACCEPT, {"sha256": rejected["sha256"], "bundle": rejected["bundle"],
                                            "at": iso(utc_now())})
    journal.delete_state(StateKey.REJECTED)
    return rejected


def newer_bundle(settings: Settings, home: Home) -> Marker | None:
    """The source's bundle when it is newer than the last restored one; nothing is fetched."""
    ctx = make_context(settings, home)
    marker = _read_source(ctx)
    done = last_restored(ctx.journal)
    if marker is None or (done and marker.position <= (done["epoch"], done["sequence"])):
        return None
    return marker


def check_connections(settings: Settings, home: Home) -> list[tuple[str, bool, str]]:
    """'Testar conexão': each destination or the source, and the database, in words."""
    results: list[tuple[str, bool, str]] = []
    if settings.mode == "official":
        endpoints = settings.official.labelled_destinations()
    else:
        endpoints = [("source", settings.contingency.source)]
    for label, endpoint in endpoints:
        try:
            with get_transport(endpoint, label) as transport:
                results.append((label, True, transport.check(write=settings.mode == "official")))
        except ContingencyError as exc:
            results.append((label, False, said(exc.phrase)))
    try:
        engine = get_engine(settings.database)
        if settings.mode == "contingency" and not engine.exists():
            results.append(("database", True, said(Phrase("%1 does not exist yet; the first restore creates it.",
                                                          (engine.describe(),)))))
        elif settings.mode == "contingency":
            results.append(("database", True, _repaired_check(settings, home, engine)))
        else:
            results.append(("database", True, engine.check()))
    except ContingencyError as exc:
        results.append(("database", False, said(exc.phrase)))
    return results


def _repaired_check(settings: Settings, home: Home, engine) -> str:
    """The standby's check after the repair every cycle runs first, under the cycle lock: a kill's
    hot journal otherwise fails the read-only look ("readonly database") until the next cycle."""
    ctx = make_context(settings, home)
    try:
        lock = cycle_lock(ctx)
    except LockBusyError:
        raise LockBusyError(Phrase("A cycle is running on %1 (it repairs and checks it first): test the "
                                   "connection again once it ends.", (engine.describe(),))) from None
    with lock:
        recover_interrupted(ctx, engine)
        return engine.check()
