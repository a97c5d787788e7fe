"""Words of the core shown in the window, translated: states, results, kinds, events,
validation messages and the fixed status summaries.

The core speaks English (logs, CLI); the GUI translates what it shows. Every text is
a literal ``translate`` call so Qt's lupdate finds it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale, Qt

from app.clock import format_duration
from app.errors import SettingsError
from app.phrases import Phrase, fill, from_data
from app.sizes import readable_size


ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")


def local_time(value: float | str | None) -> str:
    """A timestamp or an ISO date, in local time and the user's date format."""
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        moment = QDateTime.fromMSecsSinceEpoch(int(value * 1000))
    else:
        moment = QDateTime.fromString(str(value).replace("Z", "+00:00"), Qt.ISODate)
        if not moment.isValid():
            return str(value)
    return QLocale().toString(moment.toLocalTime(), QLocale.ShortFormat)


def state_name(state: str) -> str:
    names = {
        "disabled": QCoreApplication.translate("State", "Off"),
        "idle": QCoreApplication.translate("State", "OK"),
        "running": QCoreApplication.translate("State", "Running"),
        "official_silent": QCoreApplication.translate("State", "Official silent"),
        "warning": QCoreApplication.translate("State", "Warning"),
        "error": QCoreApplication.translate("State", "Error"),
        "fenced": QCoreApplication.translate("State", "Replaced (stopped)"),
    }
    return names.get(state, state)


def result_name(result: str) -> str:
    names = {
        "running": QCoreApplication.translate("Result", "running"),
        "ok": QCoreApplication.translate("Result", "ok"),
        "partial": QCoreApplication.translate("Result", "partial"),
        "failed": QCoreApplication.translate("Result", "failed"),
        "nothing": QCoreApplication.translate("Result", "nothing new"),
        "rejected": QCoreApplication.translate("Result", "rejected"),
        "interrupted": QCoreApplication.translate("Result", "interrupted"),
        "cancelled": QCoreApplication.translate("Result", "cancelled"),
        "disabled": QCoreApplication.translate("Result", "not run (off)"),
    }
    return names.get(result, result)


def kind_name(kind: str) -> str:
    names = {
        "backup": QCoreApplication.translate("Kind", "backup"),
        "restore": QCoreApplication.translate("Kind", "restore"),
        "promotion": QCoreApplication.translate("Kind", "promotion"),
    }
    return names.get(kind, kind)


def trigger_name(trigger: str) -> str:
    names = {
        "schedule": QCoreApplication.translate("Trigger", "schedule"),
        "gui": QCoreApplication.translate("Trigger", "this window"),
        "manual": QCoreApplication.translate("Trigger", "by hand"),
        "cli": QCoreApplication.translate("Trigger", "command line"),
        "catch-up": QCoreApplication.translate("Trigger", "catch-up at start"),
        "promotion": QCoreApplication.translate("Trigger", "the promotion"),
        "wizard": QCoreApplication.translate("Trigger", "the Assistente"),
    }
    return names.get(trigger, trigger)


def event_name(event: str) -> str:
    names = {
        "backup_ok": QCoreApplication.translate("Event", "Backup done"),
        "backup_failed": QCoreApplication.translate("Event", "Backup failed"),
        "destination_unreachable": QCoreApplication.translate("Event", "Destination or source unreachable"),
        "restore_ok": QCoreApplication.translate("Event", "Restore done"),
        "restore_failed": QCoreApplication.translate("Event", "Restore failed"),
        "bundle_rejected": QCoreApplication.translate("Event", "Backup rejected (corrupt or foreign)"),
        "official_silent": QCoreApplication.translate("Event", "Official server silent"),
        "worker_started": QCoreApplication.translate("Event", "Service started"),
        "worker_stopped": QCoreApplication.translate("Event", "Service stopped"),
        "promotion_done": QCoreApplication.translate("Event", "Promotion done"),
        "contingency_behind": QCoreApplication.translate("Event", "Contingency server behind or silent"),
    }
    return names.get(event, event)


def step_name(step: str | None) -> str:
    if not step or step == "start":
        return QCoreApplication.translate("Step", "starting")
    names = {
        "backup": QCoreApplication.translate("Step", "database backup"),
        "bundle": QCoreApplication.translate("Step", "compressing"),
        "publish destination 1": QCoreApplication.translate("Step", "sending to destination 1"),
        "publish destination 2": QCoreApplication.translate("Step", "sending to destination 2"),
        "download": QCoreApplication.translate("Step", "downloading"),
        "verify": QCoreApplication.translate("Step", "verifying"),
        "extract": QCoreApplication.translate("Step", "extracting"),
        "restore": QCoreApplication.translate("Step", "restoring"),
    }
    return names.get(step, step)


VALIDATION_TEXTS = (
    QT_TRANSLATE_NOOP("Validation", "use true or false"),
    QT_TRANSLATE_NOOP("Validation", "use a whole number"),
    QT_TRANSLATE_NOOP("Validation", "use times of day as HH:MM (00:00 to 23:59)"),
    QT_TRANSLATE_NOOP("Validation", "give at least one time of day for a variable schedule"),
    QT_TRANSLATE_NOOP("Validation", "use a time of day as HH:MM"),
    QT_TRANSLATE_NOOP("Validation", "give the SQLite database file"),
    QT_TRANSLATE_NOOP("Validation", "give the database server (and instance)"),
    QT_TRANSLATE_NOOP("Validation", "give the database name"),
    QT_TRANSLATE_NOOP("Validation", "use letters, digits and _ (at most 116 characters, not starting with a digit)"),
    QT_TRANSLATE_NOOP("Validation", "give the folder"),
    QT_TRANSLATE_NOOP("Validation", "use \\\\server\\share\\folder"),
    QT_TRANSLATE_NOOP("Validation", "give the server's host name or IP"),
    QT_TRANSLATE_NOOP("Validation", "the first destination is required in official mode"),
    QT_TRANSLATE_NOOP("Validation", "the two destinations must be different folders"),
    QT_TRANSLATE_NOOP("Validation", "choose how to reach the official's folder"),
    QT_TRANSLATE_NOOP("Validation", "pick a registered e-mail account"),
    QT_TRANSLATE_NOOP("Validation", "give every account a name"),
    QT_TRANSLATE_NOOP("Validation", "give the SMTP server"),
    QT_TRANSLATE_NOOP("Validation", "use e-mail addresses like loja01@example.com"),
    QT_TRANSLATE_NOOP("Validation", "use text without line breaks or control characters"),
    QT_TRANSLATE_NOOP("Validation", "use OLD=NEW items, e.g. \\\\OFICIAL\\MGV7=D:\\MGV7"),
    QT_TRANSLATE_NOOP("Validation", "incremental bundles are built for SQLite and SQL Server only; use 0"),
    QT_TRANSLATE_NOOP("Validation", "continuous incremental bundles are built for SQLite only; use false"),
)


RANGE = re.compile(r"^use a whole number from (-?\d+) to (-?\d+)$")
LENGTH = re.compile(r"^use at most (\d+) characters$")


def problem_text(problem: SettingsError) -> str:
    """The message shown beside a field: what is allowed, in the user's language."""
    allowed = problem.allowed
    match = RANGE.match(allowed)
    length = LENGTH.match(allowed)
    if match:
        text = QCoreApplication.translate("Validation", "use a whole number from %1 to %2")
        text = text.replace("%1", match[1]).replace("%2", match[2])
    elif length:
        text = QCoreApplication.translate("Validation", "use at most %1 characters").replace("%1", length[1])
    else:
        text = QCoreApplication.translate("Validation", allowed) if allowed in VALIDATION_TEXTS else allowed
    value = problem.value
    if isinstance(value, str) and value and problem.key.split(".")[-1] in ("times", "recipients", "summary_time",
                                                                            "name", "path"):
        text = f"“{value}”: {text}"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value}: {text}"
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


STATUS_TEXTS = (
    QT_TRANSLATE_NOOP("Status", "Contingency mode is off."),
    QT_TRANSLATE_NOOP("Status", "No backup yet."),
    QT_TRANSLATE_NOOP("Status", "No backup restored yet."),
    QT_TRANSLATE_NOOP("Status", "Last backup %1 at %2."),
    QT_TRANSLATE_NOOP("Status", "Running: %1, step %2 (%3 s)."),
    QT_TRANSLATE_NOOP("Status", "The official has published nothing for %1 minutes."),
    QT_TRANSLATE_NOOP("Status", "Data from %1 (%2), restored and checked at %3."),
    QT_TRANSLATE_NOOP("Status", "Last backup failed: %1"),
    QT_TRANSLATE_NOOP("Status", "Last backup reached only some destinations: %1"),
    QT_TRANSLATE_NOOP("Status", "Stalled: %1, step %2 has made no progress for %3 min."),
    QT_TRANSLATE_NOOP("Status", "The worker is not running: nothing runs on schedule. Start the Contingência service."),
    QT_TRANSLATE_NOOP("Status", "Last restore %1: %2"),
    QT_TRANSLATE_NOOP("Status", "%1"),
    QT_TRANSLATE_NOOP("Status", "The official's backup is %1 min late; the alert goes out at %2 if none arrives."),
    QT_TRANSLATE_NOOP("Status", "The official's clock is %1 min ahead of this machine's: data age and silence are "
                                "counted from when this machine saw each backup. Set the official's clock right."),
)

SERVICE_TEXTS = (
    QT_TRANSLATE_NOOP("Service", "No Contingência service is installed on this machine (%1). Start the worker with "
                                 "'contingencia service' in a terminal, or install the service as "
                                 "build_spec/INSTALL.md says."),
    QT_TRANSLATE_NOOP("Service", "This system has no service manager the window can use (neither the Windows service "
                                 "manager nor systemd). Start the worker with 'contingencia service' in a terminal."),
    QT_TRANSLATE_NOOP("Service", "%1 failed: %2"),
)

#: how each template's arguments are shown (the others appear as they are)
ARGUMENT_NAMES = {
    "Running: %1, step %2 (%3 s).": {1: lambda v: kind_name(v), 2: lambda v: step_name(v)},
    "Stalled: %1, step %2 has made no progress for %3 min.": {1: lambda v: kind_name(v), 2: lambda v: step_name(v)},
    "Last restore %1: %2": {1: lambda v: result_name(v)},
}


def phrase_text(phrase: Phrase, context: str = "Promotion") -> str:
    """A core phrase in the interface's language (untranslated templates stay English).

    A template is looked up in ``context``, then among the core's messages ("Core"), so an
    error of the core inside a promotion step is translated too; the labels the core puts in
    its sentences ("destination 1", "source") are translated as well."""
    def translate(template: str) -> str:
        text = QCoreApplication.translate(context, template)
        return text if text != template else QCoreApplication.translate("Core", template)

    text = phrase.render(translate, label_name)
    return ISO_UTC.sub(lambda m: local_time(m.group(0)), text)


def label_name(value: object) -> str:
    """A label the core uses in its messages, in the interface's language (other values as they are)."""
    names = {
        "source": QCoreApplication.translate("Label", "source"),
        "destination 1": QCoreApplication.translate("Label", "destination 1"),
        "destination 2": QCoreApplication.translate("Label", "destination 2"),
        "database": QCoreApplication.translate("Label", "database"),
    }
    return names.get(value, str(value)) if isinstance(value, str) else str(value)


def core_text(message: object, context: str = "Core") -> str:
    """Whatever the core said (a ``Said`` string, an error, a phrase, plain text) in the interface's language."""
    phrase = message if isinstance(message, Phrase) else getattr(message, "phrase", None)
    return phrase_text(phrase, context) if isinstance(phrase, Phrase) else str(message)


def increments_text(worker: dict) -> str:
    """Which incremental mode the worker runs (continuous, every so many minutes, or none: ""), and
    a cycle longer than the interval, in the interface's language."""
    increments = (worker.get("increments") or {}) if worker.get("running") else {}
    lines = []
    if increments.get("continuous"):
        lines.append(QCoreApplication.translate("Status", "Incremental bundles: continuous, at most one every %1 s")
                     .replace("%1", str(increments.get("gap_s", ""))))
    if increments.get("interval_s"):
        lines.append(QCoreApplication.translate("Status", "Incremental bundles: published within %1 min of the last")
                     .replace("%1", str(int(increments["interval_s"]) // 60)))
    late = from_data(increments.get("overrun"))
    if late is not None:
        lines.append(phrase_text(late, "Core"))
    return "\n".join(lines)


def status_text(status: dict) -> str:
    """The core's status summary in the interface's language, from its template and arguments."""
    phrase = from_data(status.get("summary_phrase"))
    if phrase is not None:  # the arguments may be phrases of the core themselves (an error, the fencing)
        names = ARGUMENT_NAMES.get(phrase.template, {})
        args = [phrase_text(a, "Core") if isinstance(a, Phrase) else names.get(index, str)(a)
                for index, a in enumerate(phrase.args, start=1)]
        text = fill(_status_template(phrase.template), args)
        return ISO_UTC.sub(lambda m: local_time(m.group(0)), text)
    template = status.get("summary_template")
    if not template:
        return status.get("summary", "")
    names = ARGUMENT_NAMES.get(template, {})
    args = [names.get(index, str)(value) for index, value in enumerate(status.get("summary_args", []), start=1)]
    text = fill(QCoreApplication.translate("Status", template), args)
    return ISO_UTC.sub(lambda m: local_time(m.group(0)), text)


def _status_template(template: str) -> str:
    """A summary's template: the status's own words, or a problem phrased by the core (a contingency
    behind) as the core's catalogue translates it."""
    text = QCoreApplication.translate("Status", template)
    return text if text != template else QCoreApplication.translate("Core", template)


def mode_name(mode: str) -> str:
    names = {"official": QCoreApplication.translate("Mode", "Official"),
             "contingency": QCoreApplication.translate("Mode", "Contingency")}
    return names.get(mode, mode)


def human_size(size: int | None) -> str:
    """Bytes as people read them: "850 B", "12.4 MB", "3.1 GB" (in the interface's number format)."""
    return readable_size(size, lambda value: QLocale().toString(value, "f", 1)) if size else ""


def human_duration(seconds: float | None) -> str:
    """How long something took, with the seconds where they matter: "4.2 s", "3 min 05 s", "2 h 14 min"."""
    if seconds is None:
        return ""
    if seconds < 60:
        return QLocale().toString(float(seconds), "f", 1) + " s"
    return age(seconds)


def age(seconds: float | None) -> str:
    """An age or a delay: "42 s", "5 min 03 s", "2 h 14 min", "3 d 4 h"."""
    return "" if seconds is None else format_duration(seconds, exact=True)


def core_error(record: dict, key: str = "error") -> str:
    """A message the core recorded (a run's error or message), in the interface's language when
    the core kept its phrase beside it (``<key>_phrase``)."""
    phrase = from_data(record.get(f"{key}_phrase"))
    return phrase_text(phrase, "Core") if phrase is not None else str(record.get(key) or "")
