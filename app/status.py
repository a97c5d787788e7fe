"""Status anywhere (B5): one dictionary for the CLI, the GUI, the tray and scripts.

``state`` is one of: disabled, idle, running, official_silent, warning, error, fenced.
"""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .clock import iso_from_timestamp, parse_iso
from .acks import first_problem, pair_status
from .journal import Journal, RunRecord, StateKey, pid_alive
from .phrases import Phrase, from_data, to_data
from .paths import Home
from .settings.model import Settings

HEARTBEAT_STALE_S = 30
#: a running step that has reported no progress for this long is shown as stalled
STALL_AFTER_S = 300


#: the error of a run whose process died before it finished (killed, crashed, machine off)
DIED = "The process running it stopped before the end (killed, crashed or switched off); the next run starts over."


def _as_seen(run: RunRecord | None) -> RunRecord | None:
    """A run still marked running whose process is gone is shown as what it is: interrupted."""
    if run is None or run.result != "running" or pid_alive(run.pid):
        return run
    return dataclasses.replace(run, result="interrupted", error=run.error or DIED)


def _run_summary(run: RunRecord | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {"id": run.id, "when": iso_from_timestamp(run.finished or run.started), "bundle": run.bundle,
            "size": run.bytes, "duration_s": round(run.duration, 2) if run.duration is not None else None,
            "result": run.result, "message": run.message, "error": run.error,
            "message_phrase": run.details.get("message_phrase"), "error_phrase": run.details.get("error_phrase")}


def worker_status(journal: Journal) -> dict[str, Any]:
    beat = journal.get_state(StateKey.WORKER) or {}
    alive = bool(beat) and pid_alive(beat.get("pid")) and time.time() - beat.get("heartbeat", 0) < HEARTBEAT_STALE_S
    return {"running": alive, "pid": beat.get("pid") if alive else None,
            "next_run": beat.get("next_run") if alive else None, "notify_error": beat.get("notify_error"),
            "increments": beat.get("increments") if alive else None}


def collect(settings: Settings, home: Home, journal: Journal | None = None) -> dict[str, Any]:
    journal = journal or Journal(home.journal_file)
    with journal.kept():  # one connection for the dozen reads: each close of another is a WAL checkpoint
        return _collect(settings, home, journal)


def _collect(settings: Settings, home: Home, journal: Journal) -> dict[str, Any]:
    running = journal.running()
    last_backup = _as_seen(journal.last_run("backup"))
    last_restore = _as_seen(journal.last_run("restore"))
    restored = journal.get_state(StateKey.LAST_RESTORED)
    silent = journal.get_state(StateKey.OFFICIAL_SILENT)
    fenced = journal.get_state(StateKey.FENCED)
    status: dict[str, Any] = {
        "machine": settings.machine_name, "mode": settings.mode, "enabled": settings.enabled,
        "home": str(home.root),
        "last_backup": _run_summary(last_backup),
        "last_good_backup": _run_summary(journal.last_run("backup", ("ok",))),
        "last_restore": _run_summary(last_restore),
        "last_verified_restore": restored,
        "data_age_s": data_age_s(restored),
        "official_silent": silent,
        "fenced": fenced,
        "current": None,
        "worker": worker_status(journal),
        "notify": journal.get_state(StateKey.NOTIFY_STATUS),
        "disk": disk_use(home),
        "last_poll": journal.get_state(StateKey.LAST_POLL),
        "expected": _expected(settings, journal),
        "destinations": _destinations(settings, journal, last_backup),
        "clock_skew": journal.get_state(StateKey.CLOCK_SKEW) if settings.mode == "contingency" else None,
        "promotion_undo": _undo_record(home),
        "rejected": journal.get_state(StateKey.REJECTED) if settings.mode == "contingency" else None,
        "pair": pair_status(settings, journal),
    }
    if running:
        last_sign = running.progress_at or running.step_started or running.started
        status["current"] = {"kind": running.kind, "step": running.step,
                             "step_running_s": round(time.time() - (running.step_started or running.started), 1),
                             "no_progress_s": round(time.time() - last_sign, 1),
                             "done_bytes": running.done_bytes, "total_bytes": running.total_bytes,
                             "run_id": running.id}
    status["state"], summary = _state(settings, status, last_backup, last_restore)
    status["summary"] = str(summary)
    status["summary_phrase"] = to_data(summary)  # nested phrases (an error of the core) translated too
    status["summary_template"], status["summary_args"] = summary.template, [str(a) for a in summary.args]
    return status


def data_age_s(restored: dict[str, Any] | None) -> int | None:
    """How old the restored data is: counted from when this machine saw that backup, never from
    the official's clock alone."""
    if not restored:
        return None
    since = parse_iso(restored.get("observed_at") or restored["created"])
    return max(0, int((datetime.now(timezone.utc) - since).total_seconds()))


def _expected(settings: Settings, journal: Journal) -> dict[str, Any] | None:
    """The official's next backup as this machine expects it: when, how late, when the alert goes out.

    On the contingency from the last marker read; on the official from the worker's schedule."""
    now = time.time()
    if settings.mode == "contingency":
        from .markers import Marker
        from .silence import expected_by, seen_at, silence_deadline
        last = journal.get_state(StateKey.LAST_MARKER)
        if not last:
            return None
        try:
            marker = Marker(**last)
            seen = seen_at(journal, marker)
            due = expected_by(settings, marker, seen).timestamp()
            alert = silence_deadline(settings, marker, seen).timestamp()
        except (TypeError, ValueError):
            return None
        return {"at": iso_from_timestamp(due), "late_s": max(0, int(now - due)), "alert_at": iso_from_timestamp(alert),
                "bundle": marker.bundle, "created": marker.created}
    beat = worker_status(journal)
    if not beat["next_run"]:
        return None
    due = parse_iso(beat["next_run"]).timestamp()
    return {"at": beat["next_run"], "late_s": max(0, int(now - due)), "alert_at": None}


def _undo_record(home: Home) -> bool:
    """Whether the last promotion can be undone (its undo record is there)."""
    return home.promotion_undo_file.is_file()


def _destinations(settings: Settings, journal: Journal, last_backup: RunRecord | None) -> list[dict[str, Any]]:
    """Each destination of the official with the result of its step in the last backup."""
    if settings.mode != "official" or last_backup is None:
        return []
    steps = {step["name"]: step for step in journal.steps(last_backup.id)}
    found = []
    for label, endpoint in settings.official.labelled_destinations():
        step = steps.get(f"publish {label}") or {}
        result = step.get("result") or ("interrupted" if last_backup.result == "interrupted" else "not reached")
        where = endpoint.path if endpoint.kind == "folder" else f"{endpoint.kind}://{endpoint.host}{endpoint.path}"
        found.append({"label": label, "where": where, "result": result, "error": step.get("error"),
                      "when": iso_from_timestamp(step.get("finished") or step.get("started"))})
    return found


# The summaries, as templates: the window translates the template and fills in the arguments.
OFF = "Contingency mode is off."
RUNNING = "Running: %1, step %2 (%3 s)."
STALLED = "Stalled: %1, step %2 has made no progress for %3 min."
SILENT = "The official has published nothing for %1 minutes."
RESTORE_PROBLEM = "Last restore %1: %2"
WORKER_DOWN = "The worker is not running: nothing runs on schedule. Start the Contingência service."
RESTORED = "Data from %1 (%2), restored and checked at %3."
NO_RESTORE = "No backup restored yet."
REPLACED = "%1"  # the fencing message, as the cycle recorded it
BACKUP_FAILED = "Last backup failed: %1"
NO_BACKUP = "No backup yet."
PARTIAL = "Last backup reached only some destinations: %1"
LAST_BACKUP = "Last backup %1 at %2."
LATE = "The official's backup is %1 min late; the alert goes out at %2 if none arrives."
CLOCK_SKEW = ("The official's clock is %1 min ahead of this machine's: data age and silence are counted "
              "from when this machine saw each backup. Set the official's clock right.")
TEMPLATES = (CLOCK_SKEW, OFF, RUNNING, STALLED, SILENT, RESTORE_PROBLEM, WORKER_DOWN, RESTORED, NO_RESTORE, REPLACED,
             BACKUP_FAILED, NO_BACKUP, PARTIAL, LAST_BACKUP, LATE)


def _state(settings: Settings, status: dict, last_backup: RunRecord | None,
           last_restore: RunRecord | None) -> tuple[str, Phrase]:
    if not settings.enabled:
        return "disabled", Phrase(OFF)
    if status["current"]:
        cur = status["current"]
        step = cur["step"] or "start"
        if cur["no_progress_s"] >= STALL_AFTER_S:
            return "warning", Phrase(STALLED, (cur["kind"], step, f"{cur['no_progress_s'] // 60:.0f}"))
        return "running", Phrase(RUNNING, (cur["kind"], step, f"{cur['step_running_s']:.0f}"))
    if settings.mode == "official":
        return _official_state(status, last_backup)
    if status["official_silent"]:
        return "official_silent", Phrase(SILENT, (str(status["official_silent"]["minutes"]),))
    if last_restore is not None and last_restore.result in ("failed", "rejected", "interrupted"):
        return ("error" if last_restore.result != "rejected" else "warning",
                Phrase(RESTORE_PROBLEM, (last_restore.result, _error(last_restore))))
    if status["clock_skew"]:
        return "warning", Phrase(CLOCK_SKEW, (str(status["clock_skew"]["ahead_s"] // 60),))
    if not status["worker"]["running"]:
        return "warning", Phrase(WORKER_DOWN)
    expected = status["expected"]
    if expected and expected["late_s"] >= 60:
        return "warning", Phrase(LATE, (str(expected["late_s"] // 60), expected["alert_at"]))
    if status["last_verified_restore"]:
        r = status["last_verified_restore"]
        return "idle", Phrase(RESTORED, (r["created"], r["bundle"], r["restored_at"]))
    return "idle", Phrase(NO_RESTORE)


def _official_state(status: dict, last_backup: RunRecord | None) -> tuple[str, Phrase]:
    if status["fenced"]:
        fenced = status["fenced"]
        return "fenced", Phrase(REPLACED, (from_data(fenced.get("phrase")) or fenced["message"],))
    if last_backup is not None and last_backup.result in ("failed", "interrupted"):
        return "error", Phrase(BACKUP_FAILED, (_error(last_backup),))
    if not status["worker"]["running"]:
        return "warning", Phrase(WORKER_DOWN)
    if last_backup is None:
        return "idle", Phrase(NO_BACKUP)
    if last_backup.result == "partial":
        return "warning", Phrase(PARTIAL, (_error(last_backup),))
    lagging = first_problem(status["pair"])
    if lagging:
        return "warning", from_data(lagging["problem"]) or Phrase(str(lagging.get("state")))
    return "idle", Phrase(LAST_BACKUP, (last_backup.bundle or "", iso_from_timestamp(last_backup.finished) or ""))


def _folder_bytes(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:  # removed meanwhile
                pass
    return total


def disk_use(home: Home) -> dict[str, int]:
    """What the home takes on its disk, and how much of it is work files (cleaned at every cycle)."""
    return {"home_bytes": _folder_bytes(home.root), "work_bytes": _folder_bytes(home.work_dir)}


def _error(run: RunRecord) -> Phrase | str:
    """A run's error as the core phrased it (translatable), or its text."""
    return from_data(run.details.get("error_phrase")) or run.error or ""

