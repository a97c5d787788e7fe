"""``run_promotion``: the one sequence the CLI, the wizard and the demo share.

catch up -> plan (preview) -> [dry run stops here] -> stop services -> fencing ->
apply in one transaction (undo record first) -> create folders -> start services ->
mode official. Input and profile problems raise ``PromotionError`` before anything
happens; a failure later is recorded in the result's steps and stops what follows.
"""

from __future__ import annotations

import copy
import logging
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, NamedTuple

from ..clock import parse_iso
from ..cycles import last_restored, make_context, newer_bundle, recover_interrupted, run_contingency
from ..engines import get_engine
from ..errors import ContingencyError, LockBusyError, PromotionError
from ..events import Event, Sink, emit
from ..identity import write_identity
from ..journal import Journal, StateKey
from ..markers import Promoted
from ..paths import Home
from ..phrases import Phrase, joined, phrase_of, said
from ..runtime.locks import FileLock
from ..settings.model import Settings, map_sides, validate
from ..clock import format_age
from .apply import apply_plan, create_folders as make_folders
from .db import Database
from .fence import fence_locations, highest_epoch_seen, write_fence
from .hooks import Hook, HookResult, hooks_path, load_hooks, run_hook
from .pathmap import PathMap
from .plan import Plan, general_hosts, make_plan
from .profile import load_profile

log = logging.getLogger(__name__)

#: ``progress(done, total, text)``: steps done of total, and what happens now
PromotionProgress = Callable[[int, int, str], None] | None
STEPS = ("catch-up", "plan", "stop services", "fencing", "apply", "folders", "start services", "mode")


class Step(NamedTuple):
    name: str
    ok: bool
    message: str                  # English, for the command line and the journal
    phrase: Phrase | None = None  # the same, for the window to translate


@dataclass
class PromotionResult:
    plan: Plan | None = None
    steps: list[Step] = field(default_factory=list)
    elapsed_s: float = 0.0
    dry_run: bool = False
    completed: bool = False          # every step ran and the mode is official
    error: str = ""                  # what stopped the promotion, if anything
    epoch: int | None = None
    undo_file: Path | None = None
    settings: Settings | None = None  # the settings as saved (mode official)
    hooks: list[HookResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.completed or (self.dry_run and not self.error)

    def report(self) -> str:
        lines = [f"[{'ok' if s.ok else 'FAILED'}] {s.name}: {s.message}" for s in self.steps]
        if self.error:
            lines.append(f"Stopped: {self.error}")
        lines.append(f"{'Dry run' if self.dry_run else 'Promotion'} took {self.elapsed_s:.1f} s.")
        return "\n".join(lines)


class _Run:
    """The state of one promotion while it runs."""

    def __init__(self, settings: Settings, home: Home, progress: PromotionProgress, dry_run: bool) -> None:
        self.settings = settings
        self.home = home
        self.journal = Journal(home.journal_file)
        self.result = PromotionResult(dry_run=dry_run)
        self.progress = progress
        self.total = 2 if dry_run else len(STEPS)
        self.started = time.monotonic()
        self.events: list[Sink] = []

    def say(self, text: str) -> None:
        if self.progress:
            self.progress(min(len(self.result.steps), self.total), self.total, text)

    def step(self, name: str, ok: bool, message: str | Phrase) -> Step:
        phrase = message if isinstance(message, Phrase) else Phrase("%1", (message,))
        step = Step(name, ok, str(phrase), phrase)
        self.result.steps.append(step)
        self.say(step.message)
        return step

    def stop(self, name: str, message: str | Phrase) -> PromotionResult:
        step = self.step(name, False, message)
        self.result.error = said(step.phrase)
        return self.finish()

    def finish(self) -> PromotionResult:
        self.result.elapsed_s = time.monotonic() - self.started
        return self.result


def run_promotion(settings: Settings, home: Home, *, new_host: str, path_maps: list[tuple[str, str]],
                  profile_path: str | Path | None = None, dry_run: bool = False, create_folders: bool = False,
                  hooks: list[Hook] | None = None, progress: PromotionProgress = None,
                  skip_catch_up: bool = False, role_hosts: dict[str, str] | None = None,
                  old_host: str | None = None, all_stores: bool = True, lock_wait_s: float = 30.0,
                  trigger: str = "manual", events: list[Sink] | None = None) -> PromotionResult:
    """Promote this contingency server (or only preview it with ``dry_run``).

    ``role_hosts`` overrides the host per role (comm_control, web_manager, remote_load...);
    ``events`` receive a ``promotion_done`` event at the end of a real promotion.
    """
    maps = _check_input(new_host, path_maps, role_hosts)
    run = _Run(settings, home, progress, dry_run)
    run.events = events or []
    profile = load_profile(profile_path or settings.promotion.profile)
    hooks = load_hooks(hooks_path(home, settings.promotion.hooks_file)) if hooks is None else hooks
    if not skip_catch_up:
        run.say("Checking the source for a newer backup...")
        _catch_up(run, lock_wait_s)
    engine = get_engine(settings.database)
    lock = _recovered(run, engine, lock_wait_s)
    try:
        if not engine.exists():
            raise PromotionError(Phrase("%1 does not exist: no backup was restored on this machine yet.",
                                        (engine.describe(),)),
                                 hint=Phrase("Restore one first (contingencia restore-now); there is nothing to "
                                             "promote."))
        if not dry_run:  # after the catch-up applied every increment; a dry run leaves the chain going on
            _open_for_writes(run, engine)
        db = Database(engine.connect(), engine.name, engine.paramstyle)
        try:
            olds = _old_hosts(old_host or settings.promotion.old_host, run.journal, db, profile,
                              [new_host, *(role_hosts or {}).values()])
            plan = make_plan(db, profile, database=engine.describe(), old_hosts=olds, new_host=new_host.strip(),
                             maps=maps, hosts=role_hosts, all_stores=all_stores)
            run.result.plan = plan
            run.step("plan", True, Phrase("%1 value(s) to change, %2 local folder(s) needed, %3 warning(s).",
                                          (len(plan.changes), len(plan.folders()), len(plan.warnings))))
            if dry_run:
                db.conn.rollback()
                return run.finish()
            return _promote(run, db, plan, hooks, new_host.strip(), create_folders, trigger)
        finally:
            db.conn.close()
    finally:
        if lock:
            lock.release()


def _recovered(run: _Run, engine, lock_wait_s: float) -> FileLock | None:
    """The cycle lock, held, and what a killed restore left repaired under it (``recover_interrupted``,
    the cycle's own): with no catch-up, or one that could not run, nothing else would repair it, and
    the promoted database could be a patched copy never checked. A dry run only reads: it releases
    the lock at once, and goes on without it while a cycle runs (that cycle repairs first)."""
    try:
        lock = FileLock(run.home.lock_file, "The cycle lock of this instance").acquire(lock_wait_s)
    except LockBusyError:
        if run.result.dry_run:
            return None
        raise
    try:
        notes = recover_interrupted(make_context(run.settings, run.home, journal=run.journal), engine)
    except (ContingencyError, OSError, sqlite3.Error) as exc:
        lock.release()
        raise PromotionError(Phrase("The promotion first repairs what an interrupted restore may have left in "
                                    "%1, and that failed: %2", (engine.describe(), phrase_of(exc))),
                             hint=Phrase("Nothing was promoted. Run one contingency cycle (contingencia "
                                         "restore-now), read its log, then promote again.")) from None
    if notes:
        run.step("repair", True, Phrase("What an interrupted restore left was repaired first: %1", ("; ".join(notes),)))
    if run.result.dry_run:
        lock.release()
        return None
    return lock


def _check_input(new_host: str, path_maps: list[tuple[str, str]], role_hosts: dict[str, str] | None) -> list[PathMap]:
    for label, host in [("new host", new_host), *((f"{r} host", h) for r, h in (role_hosts or {}).items() if h)]:
        if not host or not host.strip():
            raise PromotionError(Phrase("No new host was given."),
                                 hint=Phrase("Give the name or IP the stores will use to reach this machine "
                                             "(--new-host)."))
        if any(ch in host.strip() for ch in " \\/\t"):
            raise PromotionError(Phrase("The %1 %2 is not a host name or IP.", (label, f'{host!r}')),
                                 hint=Phrase("Give a plain name like CONTINGENCIA or an IP like 10.0.0.20."))
    maps = []
    for old, new in path_maps:
        try:
            maps.append(PathMap(*map_sides(str(old), str(new))))
        except ValueError:
            raise PromotionError(Phrase("The path change %1 -> %2 has an empty side.", (f'{old!r}', f'{new!r}')),
                                 hint=Phrase("Give both the old prefix and the new one.")) from None
    return maps


def _old_hosts(explicit: str, journal: Journal, db: Database, profile, new_hosts: list[str]) -> list[str]:
    """The old official's names: given, or from the last marker and the backup-computer setting."""
    if explicit:
        found = [h.strip() for h in explicit.split(",") if h.strip()]
    else:
        marker = journal.get_state(StateKey.LAST_MARKER) or {}
        found = [marker.get("source_host", "")] + general_hosts(db, profile)
    fresh = {h.lower() for h in new_hosts if h}
    olds = list(dict.fromkeys(h.strip() for h in found if h and h.strip() and h.strip().lower() not in fresh))
    if not olds:
        raise PromotionError(Phrase("The old official's host name is not known (no restored backup names it and "
                                    "the backup-computer setting does not either)."),
                             hint=Phrase("Give it with --old-host (or promotion.old_host)."))
    return olds


def data_age_text(journal: Journal) -> Phrase:
    restored = last_restored(journal)
    if not restored:
        return Phrase("no backup was restored yet")
    age = int((datetime.now(timezone.utc) - parse_iso(restored["created"])).total_seconds())
    return Phrase("data from %1 (%2), %3 old", (restored["created"], restored["bundle"], format_age(age)))


def _catch_up(run: _Run, lock_wait_s: float) -> None:
    """One last restore when the source is reachable and holds a newer complete bundle."""
    source = copy.deepcopy(run.settings)
    source.enabled, source.mode = True, "contingency"
    if not source.contingency.source.configured:
        run.step("catch-up", True, Phrase("No source is configured; going on with %1.", (data_age_text(run.journal),)))
        return
    if run.result.dry_run:
        _catch_up_preview(run, source)
        return
    try:
        outcome = run_contingency(source, run.home, trigger="promotion", lock_wait_s=lock_wait_s)
        result, message = outcome.result, outcome.message
    except ContingencyError as exc:
        result, message = "failed", str(exc)
    age = data_age_text(run.journal)
    if result == "ok":
        run.step("catch-up", True, Phrase("A newer backup was restored first: %1 Now %2.", (message, age)))
    elif result == "nothing":
        run.step("catch-up", True, Phrase("Nothing newer to restore (%1); %2.", (message, age)))
    else:
        run.step("catch-up", False, Phrase("The source could not be used (%1); going on with %2.", (message, age)))


def _catch_up_preview(run: _Run, source: Settings) -> None:
    """A dry run changes nothing: it only says whether the promotion will restore a newer backup first."""
    age = data_age_text(run.journal)
    try:
        marker = newer_bundle(source, run.home)
    except ContingencyError as exc:
        run.step("catch-up", False, Phrase("The source could not be read (%1); the promotion would go on with %2.",
                                           (str(exc), age)))
        return
    if marker is None:
        run.step("catch-up", True, Phrase("Nothing newer to restore; %1.", (age,)))
    else:
        run.step("catch-up", True, Phrase("A newer backup is waiting: %1 (created %2). The promotion restores it "
                                          "first; this preview shows today's %3.", (marker.bundle, marker.created, age)))


def _promote(run: _Run, db: Database, plan: Plan, hooks: list[Hook], new_host: str,
             create_folders: bool, trigger: str) -> PromotionResult:
    with run.journal.run("promotion", trigger) as entry:
        result = _promote_steps(run, db, plan, hooks, new_host, create_folders)
        entry.result = "ok" if result.completed else "failed"
        entry.message = (f"Promoted: {len(plan.changes)} value(s) changed, epoch {result.epoch}."
                         if result.completed else "The promotion stopped.")
        entry.error = result.error or None
        entry.details = {"steps": [[s.name, s.ok, s.message] for s in result.steps]}
        entry.set(epoch=result.epoch)
    summary = "This server was promoted to official." if result.completed else "The promotion stopped."
    emit(run.events, Event("promotion_done", "promotion", result.completed, summary, result.report(),
                           run.settings.machine_name, "official" if result.completed else run.settings.mode,
                           facts={"epoch": result.epoch, "changes": len(plan.changes)}))
    return result


def _promote_steps(run: _Run, db: Database, plan: Plan, hooks: list[Hook], new_host: str,
                   create_folders: bool) -> PromotionResult:
    timeout = run.settings.promotion.hook_timeout_s
    failed = _hooks(run, hooks, "stop", timeout)
    if failed:
        return run.stop("stop services", Phrase("The required hook %1 failed; nothing was changed.", (failed,)))
    try:
        _fence(run, new_host)
    except ContingencyError as exc:
        return run.stop("fencing", exc.phrase)
    run.say("Changing the settings in one transaction...")
    record = run.home.promotion_undo_file
    try:
        count = apply_plan(db, plan, record)
    except ContingencyError as exc:
        return run.stop("apply", exc.phrase)
    run.result.undo_file = record
    run.step("apply", True, Phrase("%1 value(s) changed in one transaction; undo record %2.", (count, record)))
    _folders(run, plan, create_folders)
    failed = _hooks(run, hooks, "start", timeout)
    if failed:
        return run.stop("start services", Phrase(
            "The required hook %1 failed to start; the settings are changed but the mode was not switched: start "
            "it by hand, then set the mode to official (contingencia config set mode official).", (failed,)))
    _prepare_database(run)
    _switch_mode(run)
    return run.finish()


def _open_for_writes(run: _Run, engine) -> None:
    """SQL Server's standby copy recovered (RESTORE WITH RECOVERY) before the promotion writes to it."""
    note = engine.open_for_writes()
    if note:
        log.info("Promotion: %s", note)
        run.say(note)


def _prepare_database(run: _Run) -> None:
    """The engine's own preparation of the promoted database (SQL Server: users to logins, owner)."""
    try:
        note = get_engine(run.settings.database).prepare_for_service()
    except ContingencyError as exc:
        note = f"The database could not be fully prepared for service: {exc}"
        log.warning("%s", note)
    if note:
        log.info("Promotion: %s", note)
        run.say(note)


def _hooks(run: _Run, hooks: list[Hook], phase: str, timeout: float) -> str:
    """Run one phase of every hook; returns the name of a failed required hook, or ''."""
    name = "stop services" if phase == "stop" else "start services"
    results = []
    for hook in hooks:
        run.say(f"{'Stopping' if phase == 'stop' else 'Starting'} {hook.name}...")
        outcome = run_hook(hook, phase, timeout)
        if outcome is None:
            continue
        results.append(outcome)
        run.result.hooks.append(outcome)
        if not outcome.ok and hook.required:
            run.step(name, False, outcome.phrase())
            return hook.name
    if not results:
        run.step(name, True, Phrase("No service hook to run."))
    else:
        run.step(name, all(r.ok for r in results), joined([r.phrase() for r in results]))
    return ""


def _fence(run: _Run, new_host: str) -> None:
    run.say("Writing PROMOTED.TXT (fencing)...")
    locations = fence_locations(run.settings)
    epoch = highest_epoch_seen(run.journal, locations) + 1
    reports = write_fence(locations, Promoted.now(epoch, new_host))
    restored = last_restored(run.journal) or {}
    sequence = max(int(restored.get("sequence", 0)), int(run.journal.get_state(StateKey.OFFICIAL_SEQUENCE, 0)))
    run.journal.set_state(StateKey.EPOCH, epoch)
    run.journal.set_state(StateKey.HIGHEST_EPOCH, epoch)
    run.journal.set_state(StateKey.OFFICIAL_SEQUENCE, sequence)
    if restored.get("identity"):  # the same database carries on: the same identity and line, a higher epoch
        write_identity(run.home, restored["identity"])
    if restored.get("generation"):
        run.journal.set_state(StateKey.OFFICIAL_GENERATION, restored["generation"])
    run.journal.delete_state(StateKey.FENCED)
    run.result.epoch = epoch
    reached = [r for r in reports if r.ok]
    text = joined([r.message for r in reports], " ") if reports else Phrase("No folder is configured to fence.")
    run.step("fencing", bool(reached) and len(reached) == len(reports),
             Phrase("Epoch %1; the new official continues after sequence %2. %3", (epoch, sequence, text)))


def _folders(run: _Run, plan: Plan, create: bool) -> None:
    needed = plan.folders()
    if not create:
        run.step("folders", True, Phrase("Not asked to create folders (%1 local folder(s) named by the new paths).",
                                         (len(needed),)))
        return
    report = make_folders(plan)
    made = [f for f, ok, what in report if ok and what == "created"]
    bad = [f"{f} {what}" for f, ok, what in report if not ok]
    counts = (len(made), len(report) - len(made) - len(bad))
    if bad:
        run.step("folders", False, Phrase("%1 folder(s) created, %2 already there; %3 failed: %4",
                                          (*counts, len(bad), "; ".join(bad))))
    else:
        run.step("folders", True, Phrase("%1 folder(s) created, %2 already there.", counts))


def _switch_mode(run: _Run) -> None:
    from ..settings.store import SettingsStore  # Qt-backed: loaded only when the mode is switched
    settings = copy.deepcopy(run.settings)
    settings.mode = "official"
    done = Phrase("This machine is now the official server (mode official).")
    if settings.enabled and validate(settings):
        settings.enabled = False
        done = Phrase("This machine is now the official server (mode official). Backups are not configured for "
                      "the new official yet, so contingency mode was turned off: set official.destination1 and "
                      "turn it on (the wizard offers it).")
    try:
        SettingsStore(run.home).save(settings)
    except ContingencyError as exc:
        run.stop("mode", Phrase("The settings could not be saved with mode official: %1", (exc.phrase,)))
        return
    run.result.settings = settings
    run.result.completed = True
    run.step("mode", True, done)
