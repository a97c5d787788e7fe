"""The messages themselves: subject and body of a notice, the daily summary and the test message.

Plain text, in the operator's language (``language``), with the facts an operator needs to act:
the machine and its mode, what happened and since when, the last good backup (on the
contingency, how old the restored data is) and what to do next.
"""

from __future__ import annotations

from datetime import datetime

from ..clock import format_duration
from ..journal import Journal, StateKey
from ..phrases import Phrase, in_language
from ..settings.model import EmailAccount, Settings
from .language import message_language
from .outbox import Outgoing
from .texts import CLEARED, NEXT_STEPS, NOTHING_TO_DO, PRODUCT, footer, mode_label, title_of
from .throttle import PROBLEMS_KEY, Notice

DETAIL_LIMIT = 2000

#: a message's lines: phrases of the core (rendered in the message's language) or plain text
Lines = list[Phrase | str]


def notice_message(notice: Notice, settings: Settings, journal: Journal, now: float) -> Outgoing:
    lang = message_language(settings.language)
    machine = notice.event.machine or settings.machine_name
    mode = notice.event.mode or settings.mode
    return Outgoing.new(notice_subject(notice, machine, mode, lang, now),
                        rendered(notice_body(notice, machine, mode, lang, now, backup_facts(journal, mode, now)),
                                 lang), now)


def summary_message(journal: Journal, settings: Settings, now: float) -> Outgoing:
    lang = message_language(settings.language)
    subject = subject_line(settings.machine_name, settings.mode, Phrase("daily summary"), lang)
    return Outgoing.new(subject, rendered(summary_body(journal, settings, lang, now), lang), now)


def test_message(account: EmailAccount, lang: str | None, machine: str, now: float) -> Outgoing:
    lang = message_language(lang)
    body = [Phrase("This is a test message from %1 on %2.", (PRODUCT, machine)), "",
            Phrase("If you can read it, the account \"%1\" can send notifications to %2.",
                   (account.name or account.host, ", ".join(account.recipients)))]
    return Outgoing.new(f"[{PRODUCT}] {machine}: {in_language(Phrase('test message'), lang)}", rendered(body, lang), now)


def rendered(lines: Lines, lang: str) -> str:
    return "\n".join(in_language(line, lang) for line in lines) + "\n"


def local_time(ts: float) -> str:
    return datetime.fromtimestamp(ts).astimezone().strftime("%Y-%m-%d %H:%M:%S %z")


def parse_iso_ts(text: str | None) -> float | None:
    try:
        return datetime.fromisoformat(str(text)).timestamp() if text else None
    except ValueError:
        return None


def subject_line(machine: str, mode: str, text: Phrase | str, lang: str) -> str:
    label = in_language(mode_label(mode), lang) if mode else ""
    where = f"{machine} ({label})" if label else machine
    return f"[{PRODUCT}] {where}: {in_language(text, lang)}"


def notice_subject(notice: Notice, machine: str, mode: str, lang: str, now: float) -> str:
    text = in_language(title_of(notice.kind, notice.event.problem), lang)
    duration = format_duration(now - (notice.since or now))
    if notice.variant == "reminder":
        text += " (" + in_language(Phrase("reminder: for %1", (duration,)), lang) + ")"
    elif notice.variant == "recovered":
        text += " — " + in_language(Phrase("recovered after %1", (duration,)), lang)
    return subject_line(machine, mode, text, lang)


def next_step(notice: Notice) -> Phrase:
    if notice.variant == "recovered":
        return CLEARED
    problem = notice.event.problem
    if problem in ("fenced", "source") and not notice.event.ok:
        return NEXT_STEPS[problem]
    return NEXT_STEPS.get(notice.kind, NOTHING_TO_DO)


def backup_facts(journal: Journal, mode: str, now: float) -> Lines:
    """The last good backup (and, on contingency, how old the restored data is)."""
    if mode == "contingency":
        restored = journal.get_state(StateKey.LAST_RESTORED) or {}
        created = parse_iso_ts(restored.get("created"))
        if not restored:
            return [Phrase("Last restored backup: none yet")]
        lines: Lines = [Phrase("Last restored backup: %1 (created %2)",
                               (restored.get("bundle"), local_time(created) if created else restored.get("created")))]
        if created:
            lines.append(Phrase("Data age: %1", (format_duration(now - created),)))
        return lines
    good = journal.last_run("backup", ("ok",))
    if good is None:
        return [Phrase("Last good backup: none yet")]
    return [Phrase("Last good backup: %1 at %2", (good.bundle or "?", local_time(good.finished or good.started)))]


def where_and_when(machine: str, mode: str, now: float) -> Lines:
    return [Phrase("Machine: %1", (machine,)), Phrase("Mode: %1", (mode_label(mode),)),
            Phrase("When: %1", (local_time(now),))]


def notice_body(notice: Notice, machine: str, mode: str, lang: str, now: float, facts: Lines) -> Lines:
    event = notice.event
    lines = where_and_when(machine, mode, now)
    lines.insert(2, Phrase("Event: %1", (title_of(notice.kind, event.problem),)))
    if notice.variant in ("start", "reminder") and notice.since is not None:
        lines.append(Phrase("Problem since: %1 (%2 occurrences)", (local_time(notice.since), notice.count)))
    if notice.variant == "recovered" and notice.since is not None:
        lines.append(Phrase("Recovered after: %1", (format_duration(now - notice.since),)))
    lines += ["", Phrase("What happened: %1", (in_language(event.summary, lang),))]
    if event.detail:
        detail = in_language(event.detail, lang)[:DETAIL_LIMIT]
        lines.append(Phrase("Details: %1", (detail,)) if event.ok else Phrase("Error: %1", (detail,)))
    if event.facts.get("bundle"):
        lines.append(Phrase("Bundle: %1", (event.facts["bundle"],)))
    return lines + [""] + facts + ["", Phrase("What to do: %1", (next_step(notice),)), "", "-- ", footer(machine)]


def summary_body(journal: Journal, settings: Settings, lang: str, now: float) -> Lines:
    """Counts of the last 24 hours' runs, the last backup and restore, open problems."""
    lines: Lines = [Phrase("Daily summary of the last 24 hours"), ""]
    lines += where_and_when(settings.machine_name, settings.mode, now) + [""]
    recent = [r for r in journal.runs(limit=5000) if r.started >= now - 86400]
    for kind in ("backup", "restore"):
        counts: dict[str, int] = {}
        for run in (r for r in recent if r.kind == kind):
            counts[run.result] = counts.get(run.result, 0) + 1
        text = ", ".join(f"{result} {n}" for result, n in sorted(counts.items()))
        if kind == "backup":
            lines.append(Phrase("Backup runs: %1", (text,)) if text else Phrase("Backup runs: none"))
        else:
            lines.append(Phrase("Restore runs: %1", (text,)) if text else Phrase("Restore runs: none"))
    lines.append("")
    backup, restore = journal.last_run("backup"), journal.last_run("restore")
    if backup is not None:
        lines.append(Phrase("Last backup: %1, %2 at %3", _run_facts(backup)))
    if restore is not None:
        lines.append(Phrase("Last restore: %1, %2 at %3", _run_facts(restore)))
    lines += backup_facts(journal, settings.mode, now)
    problems = journal.get_state(PROBLEMS_KEY, {}) or {}
    open_list = [f"  - {in_language(title_of(p['kind'], key), lang)} ({format_duration(now - p['since'])})"
                 for key, p in problems.items()]
    lines += ["", Phrase("Open problems:") if open_list else Phrase("Open problems: none")] + open_list
    return lines + ["", "-- ", footer(settings.machine_name)]


def _run_facts(run) -> tuple[str, str, str]:
    return run.result, run.bundle or "-", local_time(run.finished or run.started)
