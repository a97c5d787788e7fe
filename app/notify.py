"""E-mail notifications (F12): one message when a problem starts, reminders, one when it clears.

``Notifier`` is an event sink (``app.events``): a cycle calls ``notifier(event)`` and
goes on at once; one daemon thread decides what to send and talks SMTP, so a slow
or dead mail server never holds a cycle. What was announced, and what could not be
delivered yet, lives in the journal's state ("notify.*"), so a restarted worker
neither repeats a message nor forgets one. The last delivery's outcome is written
to "notify.status" for the status line, the tray and the GUI.
"""

from __future__ import annotations

import base64
import locale
import logging
import os
import queue
import smtplib
import socket
import ssl
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Callable

from .clock import format_duration, iso_from_timestamp
from .errors import NotifyError
from .events import Event
from .phrases import in_language
from .journal import Journal, StateKey
from .paths import Home
from .settings.model import EmailAccount, Settings

log = logging.getLogger(__name__)

PRODUCT = "Contingência"
SMTP_TIMEOUT_S = 20
SUCCESS_KINDS = ("backup_ok", "restore_ok")
PLAIN_KINDS = ("worker_started", "worker_stopped", "promotion_done")
PROBLEMS_KEY = StateKey.NOTIFY_PROBLEMS
OUTBOX_KEY = StateKey.NOTIFY_OUTBOX
STATUS_KEY = StateKey.NOTIFY_STATUS
SUMMARY_KEY = StateKey.NOTIFY_SUMMARY
#: a message the server would not take is retried at most this often, this many times
RETRY_INTERVAL_S = 60
MAX_ATTEMPTS = 20
OUTBOX_LIMIT = 50
DETAIL_LIMIT = 2000


# === language ============================================================================

#: where a Linux machine keeps its configured language (a service started by systemd has no LANG)
LOCALE_FILES = (Path("/etc/default/locale"), Path("/etc/locale.conf"))
NEUTRAL_LOCALES = ("", "C", "POSIX", "C.UTF-8", "C.utf8")


def system_language() -> str:
    """The machine's language tag, e.g. "pt_BR.UTF-8" or "Portuguese_Brazil" (Windows).

    The process's environment first; then what the machine is configured with, so a worker
    started by the service manager with no language of its own writes its e-mails in the
    language the operator's window shows."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(var, "") not in NEUTRAL_LOCALES:
            return os.environ[var]
    configured = _configured_language()
    if configured:
        return configured
    try:
        return locale.getlocale()[0] or ""
    except ValueError:
        return ""


def _configured_language() -> str:
    if sys.platform == "win32":
        try:
            import ctypes
            lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
            return locale.windows_locale.get(lcid, "")
        except (AttributeError, OSError):
            return ""
    for path in LOCALE_FILES:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        values = dict(line.split("=", 1) for line in lines if "=" in line and not line.lstrip().startswith("#"))
        for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
            value = values.get(var, "").strip().strip('"\'')
            if value not in NEUTRAL_LOCALES:
                return value
    return ""


def message_language(setting: str | None = "") -> str:
    """ "pt_BR" or "en": the setting when given, else the system's language."""
    chosen = (setting or "").strip() or system_language()
    return "pt_BR" if chosen.lower().startswith(("pt", "portuguese")) else "en"


TEXT: dict[str, dict[str, str]] = {
    "en": {
        "official": "Official", "contingency": "Contingency",
        "machine": "Machine", "mode": "Mode", "event": "Event", "when": "When",
        "since": "Problem since", "occurrences": "occurrences", "recovered_after": "Recovered after",
        "what": "What happened", "error": "Error", "details": "Details", "bundle": "Bundle",
        "last_good": "Last good backup", "last_restored": "Last restored backup",
        "data_age": "Data age", "none_yet": "none yet", "at": "at", "created": "created",
        "next": "What to do", "reminder": "reminder: for {duration}",
        "recovered": "recovered after {duration}", "footer":
            "Sent by {product} on {machine}. Choose the account and the events in the settings "
            "window, under E-mail notifications.",
        "test_subject": "test message", "test_body":
            "This is a test message from {product} on {machine}.\n\n"
            "If you can read it, the account \"{account}\" can send notifications "
            "to {recipients}.\n",
        "summary_subject": "daily summary", "summary_title": "Daily summary of the last 24 hours",
        "runs": "{kind} runs", "backup": "Backup", "restore": "Restore", "no_runs": "none",
        "open_problems": "Open problems", "no_problems": "none", "last_backup": "Last backup",
        "last_restore": "Last restore",
    },
    "pt_BR": {
        "official": "Oficial", "contingency": "Contingência",
        "machine": "Máquina", "mode": "Modo", "event": "Evento", "when": "Quando",
        "since": "Problema desde", "occurrences": "ocorrências", "recovered_after": "Resolvido após",
        "what": "O que aconteceu", "error": "Erro", "details": "Detalhes", "bundle": "Arquivo",
        "last_good": "Último backup bom", "last_restored": "Último backup restaurado",
        "data_age": "Idade dos dados", "none_yet": "nenhum ainda", "at": "em", "created": "criado em",
        "next": "O que fazer", "reminder": "lembrete: há {duration}",
        "recovered": "resolvido após {duration}", "footer":
            "Enviado pelo {product} em {machine}. Escolha a conta e os eventos na janela de "
            "configuração, em Notificações por e-mail.",
        "test_subject": "mensagem de teste", "test_body":
            "Esta é uma mensagem de teste do {product} em {machine}.\n\n"
            "Se você pode lê-la, a conta \"{account}\" consegue enviar notificações "
            "para {recipients}.\n",
        "summary_subject": "resumo diário", "summary_title": "Resumo diário das últimas 24 horas",
        "runs": "Execuções de {kind}", "backup": "backup", "restore": "restauração", "no_runs": "nenhuma",
        "open_problems": "Problemas em aberto", "no_problems": "nenhum", "last_backup": "Último backup",
        "last_restore": "Última restauração",
    },
}

TITLES: dict[str, dict[str, str]] = {
    "en": {
        "backup_ok": "backup completed", "backup_failed": "backup failed",
        "destination_unreachable": "destination unreachable", "restore_ok": "restore completed",
        "restore_failed": "restore failed", "bundle_rejected": "backup rejected",
        "official_silent": "official server silent", "worker_started": "service started",
        "worker_stopped": "service stopped", "promotion_done": "promotion completed",
        "destination1": "destination 1 unreachable", "destination2": "destination 2 unreachable",
        "source": "official's folder unreachable", "fenced": "server replaced, backups stopped",
    },
    "pt_BR": {
        "backup_ok": "backup concluído", "backup_failed": "backup falhou",
        "destination_unreachable": "destino inacessível", "restore_ok": "restauração concluída",
        "restore_failed": "restauração falhou", "bundle_rejected": "backup rejeitado",
        "official_silent": "servidor oficial em silêncio", "worker_started": "serviço iniciado",
        "worker_stopped": "serviço parado", "promotion_done": "promoção concluída",
        "destination1": "destino 1 inacessível", "destination2": "destino 2 inacessível",
        "source": "pasta do oficial inacessível", "fenced": "servidor substituído, backups parados",
    },
}

NEXT_STEPS: dict[str, dict[str, str]] = {
    "en": {
        "backup_failed": "Read the error above and the log; check that the database and the work "
                         "folder are reachable, then run 'contingencia backup-now' to confirm.",
        "fenced": "A contingency server was promoted in this server's place. Do not publish from "
                  "here again unless this machine becomes the official on purpose.",
        "destination_unreachable": "Check that the destination folder or FTP server is on and "
                                   "writable by the service account; the other destination keeps "
                                   "receiving backups.",
        "source": "Check from this machine that the official's shared folder or FTP server is "
                  "reachable with the configured user.",
        "restore_failed": "The contingency database keeps its previous data. Read the error and "
                          "the log; the next check tries again.",
        "bundle_rejected": "The backup failed verification and was not restored. Check the "
                           "official's disk and the transfer; the next backup will be tried.",
        "official_silent": "The official server stopped publishing backups. Check whether it is "
                           "running; if it is down, promote this server with the Assistente.",
        "worker_stopped": "If this was not planned, start the service again.",
        "promotion_done": "Check that the stores reach this server, then configure its backups.",
        "ok": "Nothing to do.",
        "recovered": "Nothing to do: the problem has cleared.",
    },
    "pt_BR": {
        "backup_failed": "Leia o erro acima e o log; verifique se o banco de dados e a pasta de "
                         "trabalho estão acessíveis e rode 'contingencia backup-now' para confirmar.",
        "fenced": "Um servidor de contingência foi promovido no lugar deste. Não volte a publicar "
                  "daqui, a menos que esta máquina volte a ser a oficial de propósito.",
        "destination_unreachable": "Verifique se a pasta de destino ou o servidor FTP está ligado "
                                   "e com escrita liberada para a conta do serviço; o outro destino "
                                   "continua recebendo backups.",
        "source": "Verifique, desta máquina, se a pasta compartilhada ou o FTP do oficial está "
                  "acessível com o usuário configurado.",
        "restore_failed": "O banco de contingência mantém os dados anteriores. Leia o erro e o "
                          "log; a próxima verificação tenta de novo.",
        "bundle_rejected": "O backup não passou na verificação e não foi restaurado. Verifique o "
                           "disco do oficial e a transferência; o próximo backup será tentado.",
        "official_silent": "O servidor oficial parou de publicar backups. Verifique se ele está "
                           "funcionando; se estiver fora do ar, promova este servidor pelo Assistente.",
        "worker_stopped": "Se não foi planejado, inicie o serviço de novo.",
        "promotion_done": "Verifique se as lojas chegam a este servidor e configure os backups dele.",
        "ok": "Nada a fazer.",
        "recovered": "Nada a fazer: o problema foi resolvido.",
    },
}


def title_of(kind: str, problem: str, lang: str) -> str:
    titles = TITLES[lang]
    if kind == "destination_unreachable" and problem in titles:
        return titles[problem]
    if problem == "fenced":
        return titles["fenced"]
    return titles.get(kind, kind)


def local_time(ts: float) -> str:
    return datetime.fromtimestamp(ts).astimezone().strftime("%Y-%m-%d %H:%M:%S %z")


def parse_iso_ts(text: str | None) -> float | None:
    try:
        return datetime.fromisoformat(str(text)).timestamp() if text else None
    except ValueError:
        return None


# === what to send: de-duplication ======================================================

@dataclass
class Notice:
    """A decision to write one message about one event."""

    variant: str  # start | reminder | recovered | plain
    event: Event
    kind: str  # the kind named in the subject (the failure's kind for a recovery)
    since: float | None = None
    count: int = 0


def decide(event: Event, problems: dict[str, dict], ticked: set[str], reminder_s: float,
           now: float) -> list[Notice]:
    """What ``event`` should send, updating ``problems`` (problem key -> what was announced).

    Problems are tracked even when their kind is not ticked, so the start time is
    right if the kind is ticked later or a ticked kind follows for the same problem.
    """
    if event.kind in PLAIN_KINDS:
        return [Notice("plain", event, event.kind)] if event.kind in ticked else []
    if event.ok:
        return _on_ok(event, problems, ticked)
    return _on_problem(event, problems, ticked, reminder_s, now)


def _problem_key(event: Event) -> str:
    return event.problem or event.kind


def _on_problem(event: Event, problems: dict[str, dict], ticked: set[str], reminder_s: float,
                now: float) -> list[Notice]:
    entry = problems.setdefault(_problem_key(event), {"kind": event.kind, "since": now,
                                                      "last_sent": None, "count": 0})
    entry["count"] += 1
    if event.kind not in ticked:
        return []
    if entry["last_sent"] is None:
        entry.update(kind=event.kind, last_sent=now)
        return [Notice("start", event, event.kind, entry["since"], entry["count"])]
    if reminder_s > 0 and now - entry["last_sent"] >= reminder_s:
        entry["last_sent"] = now
        return [Notice("reminder", event, event.kind, entry["since"], entry["count"])]
    return []


def _on_ok(event: Event, problems: dict[str, dict], ticked: set[str]) -> list[Notice]:
    entry = problems.pop(_problem_key(event), None)
    if entry and entry["last_sent"] is not None:
        # The start was announced, so the end is too, whether or not successes are ticked.
        return [Notice("recovered", event, entry["kind"], entry["since"], entry["count"])]
    if event.kind in SUCCESS_KINDS and event.kind in ticked:
        return [Notice("plain", event, event.kind)]
    return []  # e.g. "destination reachable" with no outage before: nothing to say


# === writing the messages ==============================================================

@dataclass
class Outgoing:
    """A message ready to send; a plain dict in the journal's outbox while it waits."""

    subject: str
    body: str
    created: float
    message_id: str = ""
    attempts: int = 0

    def as_state(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> "Outgoing":
        return cls(**{k: data[k] for k in ("subject", "body", "created", "message_id", "attempts") if k in data})


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


def to_email(outgoing: Outgoing, account: EmailAccount) -> EmailMessage:
    """The EmailMessage for the account: plain text UTF-8, quoted-printable so any server takes it."""
    msg = EmailMessage()
    msg["Subject"] = outgoing.subject
    msg["From"] = sender_header(account)
    msg["To"] = ", ".join(account.recipients)
    msg["Date"] = format_datetime(datetime.fromtimestamp(outgoing.created).astimezone())
    msg["Message-ID"] = outgoing.message_id or new_message_id()
    msg["Auto-Submitted"] = "auto-generated"  # tells vacation responders not to answer
    msg.set_content(outgoing.body, charset="utf-8", cte="quoted-printable")
    return msg


def new_message_id() -> str:
    # A fixed domain: make_msgid's default asks DNS for this host's name, which can hang.
    # Short enough that the header is never folded.
    return make_msgid(domain="contingencia.invalid")


def sender_address(account: EmailAccount) -> str:
    return parseaddr(account.sender or account.user)[1]


def sender_header(account: EmailAccount) -> str:
    raw = account.sender or account.user
    return raw if "<" in raw else f"{PRODUCT} <{raw}>"


# === SMTP ==============================================================================

def send_message(account: EmailAccount, message: EmailMessage, *, ssl_context: ssl.SSLContext | None = None,
                 timeout: float = SMTP_TIMEOUT_S) -> str:
    """Send one message through the account; the server's answer, e.g. "250 OK queued as X".

    Raises NotifyError with a message that names the account, the server and the
    cause, never the password.
    """
    check_account(account)
    try:
        smtp = open_smtp(account, ssl_context, timeout)
        try:
            login(smtp, account)
            return transmit(smtp, sender_address(account), account.recipients,
                            message.as_bytes(policy=policy.SMTP))
        finally:
            close_quietly(smtp)
    except NotifyError:
        raise
    except (smtplib.SMTPException, OSError, UnicodeError) as exc:
        raise NotifyError(scrub(explain(exc, account), account)) from None


def check_account(account: EmailAccount) -> None:
    where = f"The e-mail account '{account.name or account.host}'"
    if not account.host:
        raise NotifyError(f"{where} has no SMTP server.", hint="Give the server's host name or IP.")
    if not account.recipients:
        raise NotifyError(f"{where} has no recipient.", hint="Add at least one recipient address.")
    if not sender_address(account):
        raise NotifyError(f"{where} has no sender address.", hint="Give the sender (or the user) address.")
    if account.user and not account.password:
        raise NotifyError(f"{where} has the user '{account.user}' but no password in the keyring.",
                          hint="Enter the password again in the account's settings.")


def helo_name() -> str:
    # smtplib's default asks DNS for this host's full name, which can hang on a store LAN.
    return socket.gethostname() or "localhost"


def open_smtp(account: EmailAccount, ssl_context: ssl.SSLContext | None, timeout: float) -> smtplib.SMTP:
    context = ssl_context or ssl.create_default_context()
    if account.security == "ssl":
        return smtplib.SMTP_SSL(account.host, account.port, local_hostname=helo_name(),
                                timeout=timeout, context=context)
    smtp = smtplib.SMTP(account.host, account.port, local_hostname=helo_name(), timeout=timeout)
    if account.security != "starttls":
        return smtp
    try:
        smtp.ehlo()
        smtp.starttls(context=context)
        smtp.ehlo()
    except BaseException:
        close_quietly(smtp)
        raise
    return smtp


def login(smtp: smtplib.SMTP, account: EmailAccount) -> None:
    if not account.user:
        return
    password = account.password or ""
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("it offers no login (AUTH) on this connection")
    if password.isascii() and account.user.isascii():
        smtp.login(account.user, password)
        return
    # smtplib encodes credentials as ASCII; AUTH PLAIN is UTF-8 (RFC 4616), so send it by hand.
    if "plain" not in smtp.esmtp_features.get("auth", "").lower():
        raise smtplib.SMTPNotSupportedError("a user or password with accents needs AUTH PLAIN, "
                                            "which it does not offer")
    token = base64.b64encode(f"\0{account.user}\0{password}".encode("utf-8")).decode("ascii")
    code, resp = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, resp)


def transmit(smtp: smtplib.SMTP, sender: str, recipients: list[str], data: bytes) -> str:
    """MAIL, RCPT, DATA by hand: smtplib's sendmail drops the server's final answer."""
    smtp.ehlo_or_helo_if_needed()
    code, resp = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, resp, sender)
    refused = {}
    for rcpt in recipients:
        code, resp = smtp.rcpt(rcpt)
        if code not in (250, 251):
            refused[rcpt] = (code, resp)
    if len(refused) == len(recipients):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    code, resp = smtp.data(data)
    if code != 250:
        raise smtplib.SMTPDataError(code, resp)
    answer = f"{code} {_text(resp)}"
    if refused:
        log.warning("the SMTP server refused some recipients: %s", ", ".join(refused))
        answer += " (refused: " + ", ".join(f"{r} {c} {_text(m)}" for r, (c, m) in refused.items()) + ")"
    return answer


def close_quietly(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def explain(exc: BaseException, account: EmailAccount) -> str:
    """One clear sentence for what went wrong while talking to the SMTP server."""
    where = f"{account.host}:{account.port}"
    name = f"e-mail account '{account.name}'" if account.name else "e-mail account"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (f"The SMTP server {where} refused the user '{account.user}' and its password "
                f"({exc.smtp_code} {_text(exc.smtp_error)}). Check the user and password of the {name}.")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(f"{r} ({c} {_text(m)})" for r, (c, m) in exc.recipients.items())
        return f"The SMTP server {where} refused the recipient(s) {refused}. Check the recipients of the {name}."
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return (f"The SMTP server {where} refused the sender {exc.sender} ({exc.smtp_code} "
                f"{_text(exc.smtp_error)}). Use a sender address the server accepts for this user.")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return (f"The SMTP server {where} cannot be used as the {name} is set: {exc}. "
                "Check the security setting (many servers allow login only after STARTTLS or SSL) and the port.")
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"The SMTP server {where} answered {exc.smtp_code} {_text(exc.smtp_error)}."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return (f"The SMTP server {where} closed the connection ({exc or 'no reason given'}). "
                "Check the port and the security setting: SSL usually uses port 465, STARTTLS 587.")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"TLS failure with {where}: the server's certificate is not trusted "
                f"({exc.verify_message}). Check the host name, or install the certificate's CA.")
    if isinstance(exc, ssl.SSLError):
        return (f"TLS failure with {where} ({exc.reason or exc}). Check the security setting: "
                "SSL usually uses port 465, STARTTLS port 587.")
    if isinstance(exc, ConnectionRefusedError):
        return f"Connection refused by {where}. Check the SMTP server's name and port, and that it is running."
    if isinstance(exc, socket.gaierror):
        return f"The SMTP server name '{account.host}' could not be found ({exc.strerror}). Check the name."
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"No answer from the SMTP server {where} within {SMTP_TIMEOUT_S} s. Check the name, port and firewall."
    if isinstance(exc, UnicodeError):
        return f"The {name} has characters the SMTP server cannot take ({exc.__class__.__name__})."
    return f"Sending through the SMTP server {where} failed: {exc}."


def scrub(text: str, account: EmailAccount) -> str:
    """Remove the password (and its AUTH encodings) from text that may reach a log or a screen."""
    password = account.password or ""
    if not password:
        return text
    forms = {password,
             base64.b64encode(f"\0{account.user}\0{password}".encode("utf-8")).decode("ascii"),
             base64.b64encode(password.encode("utf-8")).decode("ascii")}
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "***")
    return text


def send_test(account: EmailAccount, lang: str | None = None, ssl_context: ssl.SSLContext | None = None,
              *, machine: str | None = None) -> str:
    """Send a test message through ``account`` now; the server's answer. Raises NotifyError."""
    lang = message_language(lang)
    machine = machine or socket.gethostname()
    t = TEXT[lang]
    body = t["test_body"].format(product=PRODUCT, machine=machine, account=account.name or account.host,
                                 recipients=", ".join(account.recipients))
    subject = f"[{PRODUCT}] {machine}: {t['test_subject']}"
    outgoing = Outgoing(subject, body, time.time(), new_message_id())
    return send_message(account, to_email(outgoing, account), ssl_context=ssl_context)


# === the notifier ======================================================================

class Notifier:
    """The e-mail event sink: ``notifier(event)`` returns at once; one thread sends.

    ``clock`` (seconds, like time.time) decides reminders and durations; tests
    inject one. ``ssl_context`` replaces the system's trusted CAs (tests).
    """

    def __init__(self, settings: Settings, home: Home, journal: Journal, *,
                 clock: Callable[[], float] = time.time, ssl_context: ssl.SSLContext | None = None,
                 queue_size: int = 1000) -> None:
        self.settings = settings
        self.home = home
        self.journal = journal
        self.clock = clock
        self.ssl_context = ssl_context
        self._queue: queue.Queue = queue.Queue(maxsize=queue_size)
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()

    # --- what callers use -----------------------------------------------------------
    def __call__(self, event: Event) -> None:
        self._submit(("event", event))

    def update_settings(self, settings: Settings) -> None:
        """Use new settings from the next event on (the worker reloads without a restart)."""
        self.settings = settings

    def send_daily_summary(self, now: float | datetime | None = None) -> bool:
        """Queue the daily summary (if enabled and not sent yet that day); True when queued."""
        if not self.settings.notify.daily_summary:
            return False
        stamp = now.timestamp() if isinstance(now, datetime) else (self.clock() if now is None else float(now))
        self._submit(("summary", stamp))
        return True

    def retry_pending(self) -> None:
        """Try the messages that could not be delivered yet (the service may call this now and then)."""
        self._submit(("retry", None))

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until everything queued so far is handled; False if ``timeout`` ran out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True

    def close(self, timeout: float | None = 30.0) -> bool:
        """Flush, then stop the thread (service shutdown)."""
        done = self.flush(timeout)
        if self._thread is not None and self._thread.is_alive():
            try:
                self._queue.put_nowait(("stop", None))
            except queue.Full:
                pass
        return done

    # --- the thread -----------------------------------------------------------------
    def _submit(self, job: tuple[str, Any]) -> None:
        try:
            self._queue.put_nowait(job)
        except queue.Full:  # never block a cycle; a full queue means the thread is stuck
            log.error("notification queue full; %s dropped", job[0])
            return
        self._ensure_thread()

    def _ensure_thread(self) -> None:
        with self._thread_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="notifier", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            kind, payload = self._queue.get()
            try:
                if kind == "stop":
                    return
                self._handle(kind, payload)
            except Exception:  # the thread must survive anything one job does
                log.exception("notification job %s failed", kind)
            finally:
                self._queue.task_done()

    def _handle(self, kind: str, payload: Any) -> None:
        if kind == "event":
            self._deliver(self._messages_for(payload))
        elif kind == "summary":
            self._deliver(self._summary_messages(payload))
        else:
            self._deliver([], force=True)

    # --- deciding ---------------------------------------------------------------------
    def _account(self) -> EmailAccount | None:
        name = self.settings.notify.account
        return self.settings.account(name) if name else None

    def _messages_for(self, event: Event) -> list[Outgoing]:
        now = self.clock()
        notify = self.settings.notify
        # Without an account nothing counts as announced, so nothing is "recovered" either.
        ticked = set(notify.events) if self._account() else set()
        problems = self.journal.get_state(PROBLEMS_KEY, {}) or {}
        before = repr(problems)
        notices = decide(event, problems, ticked, notify.reminder_min * 60, now)
        if repr(problems) != before:
            self.journal.set_state(PROBLEMS_KEY, problems)
        return [self._compose(n, now) for n in notices]

    def _compose(self, notice: Notice, now: float) -> Outgoing:
        lang = message_language(self.settings.language)
        machine = notice.event.machine or self.settings.machine_name
        mode = notice.event.mode or self.settings.mode
        facts = backup_facts(self.journal, mode, lang, now)
        return Outgoing(notice_subject(notice, machine, mode, lang, now),
                        notice_body(notice, machine, mode, lang, now, facts), now, new_message_id())

    def _summary_messages(self, now: float) -> list[Outgoing]:
        day = datetime.fromtimestamp(now).strftime("%Y-%m-%d")
        if not self._account() or (self.journal.get_state(SUMMARY_KEY) or {}).get("date") == day:
            return []
        self.journal.set_state(SUMMARY_KEY, {"date": day, "at": iso_from_timestamp(now)})
        lang = message_language(self.settings.language)
        s = self.settings
        subject = subject_line(s.machine_name, s.mode, TEXT[lang]["summary_subject"], lang)
        return [Outgoing(subject, summary_body(self.journal, s, lang, now), now, new_message_id())]

    # --- delivering -----------------------------------------------------------------
    def _deliver(self, new: list[Outgoing], *, force: bool = False) -> None:
        """Send the waiting messages, oldest first, then the new ones; keep what failed."""
        waiting = [Outgoing.from_state(d) for d in self.journal.get_state(OUTBOX_KEY, []) or []]
        now = self.clock()
        last_try = float(self.journal.get_state(StateKey.NOTIFY_LAST_ATTEMPT, 0) or 0)
        if not new and not (waiting and (force or now - last_try >= RETRY_INTERVAL_S)):
            return
        account = self._account()
        if account is None:  # waiting messages stay for when an account is chosen again
            return
        pending = waiting + new
        self.journal.set_state(StateKey.NOTIFY_LAST_ATTEMPT, now)
        left = self._send_in_order(account, pending, now)
        self._save_outbox(left)

    def _send_in_order(self, account: EmailAccount, pending: list[Outgoing], now: float) -> list[Outgoing]:
        for index, item in enumerate(pending):
            try:
                answer = send_message(account, to_email(item, account), ssl_context=self.ssl_context)
            except NotifyError as exc:
                item.attempts += 1
                self._record(False, str(exc), now, len(pending) - index)
                log.warning("e-mail not sent (%s): %s", item.subject, exc)
                # The server is likely down for all of them: keep the rest for the next try.
                return pending[index:]
            log.info("e-mail sent (%s): %s", item.subject, answer)
            self._record(True, "", now, len(pending) - index - 1)
        return []

    def _save_outbox(self, items: list[Outgoing]) -> None:
        # Bounded: a server down for days must not grow the journal without end.
        keep = [i for i in items if i.attempts < MAX_ATTEMPTS][-OUTBOX_LIMIT:]
        for item in (i for i in items if i not in keep):
            log.error("e-mail given up after %d attempts: %s", item.attempts, item.subject)
        if keep:
            self.journal.set_state(OUTBOX_KEY, [i.as_state() for i in keep])
        elif self.journal.get_state(OUTBOX_KEY) is not None:
            self.journal.delete_state(OUTBOX_KEY)

    def _record(self, ok: bool, error: str, now: float, pending: int) -> None:
        self.journal.set_state(STATUS_KEY, {"ok": ok, "at": iso_from_timestamp(now), "error": error,
                                            "pending": pending, "account": self.settings.notify.account})


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
