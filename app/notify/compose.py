"""The messages themselves: subject and body of a notice, the daily summary and the test message.

Plain text, in the operator's language (``language``), with the facts an operator needs to act:
the machine and its mode, what happened and since when, the last good backup (on the
contingency, how old the restored data is) and what to do next.
"""

from __future__ import annotations

from datetime import datetime

from ..clock import format_duration
from ..journal import Journal, StateKey
from ..phrases import in_language
from ..settings.model import EmailAccount, Settings
from .language import message_language
from .outbox import Outgoing
from .texts import NEXT_STEPS, PRODUCT, TEXT, title_of
from .throttle import PROBLEMS_KEY, Notice

DETAIL_LIMIT = 2000


def notice_message(notice: Notice, settings: Settings, journal: Journal, now: float) -> Outgoing:
    lang = message_language(settings.language)
    machine = notice.event.machine or settings.machine_name
    mode = notice.event.mode or settings.mode
    facts = backup_facts(journal, mode, lang, now)
    return Outgoing.new(notice_subject(notice, machine, mode, lang, now),
                        notice_body(notice, machine, mode, lang, now, facts), now)


def summary_message(journal: Journal, settings: Settings, now: float) -> Outgoing:
    lang = message_language(settings.language)
    subject = subject_line(settings.machine_name, settings.mode, TEXT[lang]["summary_subject"], lang)
    return Outgoing.new(subject, summary_body(journal, settings, lang, now), now)


def test_message(account: EmailAccount, lang: str | None, machine: str, now: float) -> Outgoing:
    lang = message_language(lang)
    t = TEXT[lang]
    body = t["test_body"].format(product=PRODUCT, machine=machine, account=account.name or account.host,
                                 recipients=", ".join(account.recipients))
    return Outgoing.new(f"[{PRODUCT}] {machine}: {t['test_subject']}", body, now)


def local_time(ts: float) -> str:
    return datetime.fromtimestamp(ts).astimezone().strftime("%Y-%m-%d %H:%M:%S %z")


def parse_iso_ts(text: str | None) -> float | None:
    try:
        return datetime.fromisoformat(str(text)).timestamp() if text else None
    except ValueError:
        return None



def subject_line(machine: str, mode: str, text: str, lang: str) -> str:
    mode_label = TEXT[lang].get(mode, mode)
    where = f"{machine} ({mode_label})" if mode_label else machine
    return f"[{PRODUCT}] {where}: {text}"


def notice_subject(notice: Notice, machine: str, mode: str, lang: str, now: float) -> str:
    text = title_of(notice.kind, notice.event.problem, lang)
    if notice.variant == "reminder":
        text += " (" + TEXT[lang]["reminder"].format(duration=format_duration(now - (notice.since or now))) + ")"
    elif notice.variant == "recovered":
        text += " — " + TEXT[lang]["recovered"].format(duration=format_duration(now - (notice.since or now)))
    return subject_line(machine, mode, text, lang)


def next_step(notice: Notice, lang: str) -> str:
    steps = NEXT_STEPS[lang]
    if notice.variant == "recovered":
        return steps["recovered"]
    problem = notice.event.problem
    if problem in ("fenced", "source") and not notice.event.ok:
        return steps[problem]
    return steps.get(notice.kind, steps["ok"])


def backup_facts(journal: Journal, mode: str, lang: str, now: float) -> list[str]:
    """The last good backup (and, on contingency, how old the restored data is)."""
    t = TEXT[lang]
    if mode == "contingency":
        restored = journal.get_state(StateKey.LAST_RESTORED) or {}
        created = parse_iso_ts(restored.get("created"))
        if not restored:
            return [f"{t['last_restored']}: {t['none_yet']}"]
        lines = [f"{t['last_restored']}: {restored.get('bundle')} ({t['created']} "
                 f"{local_time(created) if created else restored.get('created')})"]
        if created:
            lines.append(f"{t['data_age']}: {format_duration(now - created)}")
        return lines
    good = journal.last_run("backup", ("ok",))
    if good is None:
        return [f"{t['last_good']}: {t['none_yet']}"]
    return [f"{t['last_good']}: {good.bundle or '?'} {t['at']} {local_time(good.finished or good.started)}"]


def notice_body(notice: Notice, machine: str, mode: str, lang: str, now: float,
                facts: list[str]) -> str:
    t, event = TEXT[lang], notice.event
    lines = [f"{t['machine']}: {machine}", f"{t['mode']}: {t.get(mode, mode)}",
             f"{t['event']}: {title_of(notice.kind, event.problem, lang)}", f"{t['when']}: {local_time(now)}"]
    if notice.variant in ("start", "reminder") and notice.since is not None:
        lines.append(f"{t['since']}: {local_time(notice.since)} ({notice.count} {t['occurrences']})")
    if notice.variant == "recovered" and notice.since is not None:
        lines.append(f"{t['recovered_after']}: {format_duration(now - notice.since)}")
    lines += ["", f"{t['what']}: {in_language(event.summary, lang)}"]
    if event.detail:
        lines.append(f"{t['details'] if event.ok else t['error']}: {in_language(event.detail, lang)[:DETAIL_LIMIT]}")
    if event.facts.get("bundle"):
        lines.append(f"{t['bundle']}: {event.facts['bundle']}")
    lines += [""] + facts + ["", f"{t['next']}: {next_step(notice, lang)}", "", "-- ",
                             t["footer"].format(product=PRODUCT, machine=machine)]
    return "\n".join(lines) + "\n"



def summary_body(journal: Journal, settings: Settings, lang: str, now: float) -> str:
    """Counts of the last 24 hours' runs, the last backup and restore, open problems."""
    t = TEXT[lang]
    lines = [t["summary_title"], "", f"{t['machine']}: {settings.machine_name}",
             f"{t['mode']}: {t.get(settings.mode, settings.mode)}", f"{t['when']}: {local_time(now)}", ""]
    recent = [r for r in journal.runs(limit=5000) if r.started >= now - 86400]
    for kind in ("backup", "restore"):
        counts: dict[str, int] = {}
        for run in (r for r in recent if r.kind == kind):
            counts[run.result] = counts.get(run.result, 0) + 1
        text = ", ".join(f"{result} {n}" for result, n in sorted(counts.items())) or t["no_runs"]
        lines.append(f"{t['runs'].format(kind=t[kind])}: {text}")
    lines.append("")
    for label, kind in (("last_backup", "backup"), ("last_restore", "restore")):
        run = journal.last_run(kind)
        if run is not None:
            lines.append(f"{t[label]}: {run.result}, {run.bundle or '-'} {t['at']} "
                         f"{local_time(run.finished or run.started)}")
    lines += backup_facts(journal, settings.mode, lang, now)
    problems = journal.get_state(PROBLEMS_KEY, {}) or {}
    open_list = [f"  - {title_of(p['kind'], key, lang)} ({format_duration(now - p['since'])})"
                 for key, p in problems.items()]
    lines += ["", f"{t['open_problems']}: {'' if open_list else t['no_problems']}"] + open_list
    lines += ["", "-- ", t["footer"].format(product=PRODUCT, machine=settings.machine_name)]
    return "\n".join(lines) + "\n"
