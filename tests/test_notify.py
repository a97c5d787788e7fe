"""E-mail notifications: messages, SMTP security, de-duplication, failures, CLI.

Server tests talk to a real aiosmtpd server on 127.0.0.1 (tests/smtp_server.py).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from app.errors import NotifyError
from app.events import Event, emit
from app.journal import Journal
from app.clock import format_duration
from app.notify.language import message_language
from app.notify.notifier import Notifier
from app.notify.smtp import send_test
from app.notify.throttle import decide
from app.phrases import in_language
from app.settings.model import DEFAULT_EVENTS, Settings
from tests.smtp_server import REFUSED_DOMAIN, SMTP_PASSWORD  # the fixtures come through conftest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),  # aiosmtpd's own login_data
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning"),
]


class Clock:
    """A clock the test moves by hand, starting now (so dates in the messages look real)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def make_settings(account=None, *, language="en", mode="official", events=None, reminder_min=60) -> Settings:
    settings = Settings(machine_name="LOJA-01", language=language, mode=mode)
    if account is not None:
        settings.email_accounts = [account]
        settings.notify.account = account.name
    settings.notify.events = list(DEFAULT_EVENTS if events is None else events)
    settings.notify.reminder_min = reminder_min
    return settings


def fail(kind="backup_failed", problem="backup", detail="disk full on D:", mode="official") -> Event:
    return Event(kind, problem, False, "The backup failed.", detail, "LOJA-01", mode)


def ok(kind="backup_ok", problem="backup", mode="official") -> Event:
    return Event(kind, problem, True, "Backup published.", "LOJA-01-000002.zip published.", "LOJA-01", mode)


@pytest.fixture
def journal(home) -> Journal:
    return Journal(home.journal_file)


def notifier_for(settings, home, journal, clock=None, **options) -> Notifier:
    return Notifier(settings, home, journal, clock=clock or Clock(), **options)


def record_good_backup(journal: Journal, bundle="LOJA-01-000001.zip") -> None:
    with journal.run("backup") as run:
        run.set(bundle=bundle)
        run.message = f"{bundle} published."


# --- decisions (no server) ------------------------------------------------------------

def test_decide_one_message_per_problem_reminder_and_recovery():
    problems: dict = {}
    ticked = set(DEFAULT_EVENTS)
    sent = [decide(fail(), problems, ticked, 3600, t) for t in (0, 60, 120)]
    assert [len(s) for s in sent] == [1, 0, 0] and sent[0][0].variant == "start"
    assert decide(fail(), problems, ticked, 3600, 3599) == []
    reminder = decide(fail(), problems, ticked, 3600, 3600)
    assert [n.variant for n in reminder] == ["reminder"] and reminder[0].count == 5
    recovered = decide(ok(), problems, ticked, 3600, 8040)
    assert [(n.variant, n.kind, n.since) for n in recovered] == [("recovered", "backup_failed", 0)]
    assert problems == {}
    assert decide(ok(), problems, ticked, 3600, 9000) == []  # backup_ok is not ticked


def test_decide_unticked_and_ok_without_problem():
    problems: dict = {}
    assert decide(ok("destination_unreachable", "destination1"), problems, set(DEFAULT_EVENTS), 60, 0) == []
    assert decide(fail("bundle_rejected", "restore"), problems, {"restore_failed"}, 60, 0) == []
    # the same problem, now with a ticked kind: announced, with the time it really started
    later = decide(fail("restore_failed", "restore"), problems, {"restore_failed"}, 60, 300)
    assert [(n.variant, n.since) for n in later] == [("start", 0)]
    assert decide(fail(), {}, set(DEFAULT_EVENTS), 0, 10**9) != []  # reminder 0: start still sent
    no_reminder: dict = {}
    decide(fail(), no_reminder, set(DEFAULT_EVENTS), 0, 0)
    assert decide(fail(), no_reminder, set(DEFAULT_EVENTS), 0, 10**6) == []
    assert decide(Event("worker_started", "worker", True, "Started."), {}, set(DEFAULT_EVENTS), 0, 0) == []
    assert len(decide(Event("worker_started", "worker", True, "Started."), {}, {"worker_started"}, 0, 0)) == 1
    assert len(decide(ok(), {}, {"backup_ok"}, 0, 0)) == 1


def test_language_follows_setting_then_system(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert message_language("pt_BR") == "pt_BR"
    assert message_language("en") == "en"
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert message_language("") == "pt_BR"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert message_language("") == "en"
    monkeypatch.delenv("LANG")
    monkeypatch.setattr("locale.getlocale", lambda *a: ("Portuguese_Brazil", "1252"))
    assert message_language(None) == "pt_BR"
    assert format_duration(2 * 3600 + 14 * 60 + 59) == "2 h 14 min"
    assert format_duration(5 * 60) == "5 min"


# --- SMTP ------------------------------------------------------------------------------

@pytest.mark.server
def test_send_test_plain_in_portuguese_and_english(smtp_plain):
    answer = send_test(smtp_plain.account(), "pt_BR", machine="LOJA-01")
    assert answer.startswith("250 OK queued as")
    send_test(smtp_plain.account(), "en", machine="LOJA-01")
    pt, en = smtp_plain.messages
    assert pt.subject == "[Contingência] LOJA-01: mensagem de teste"
    assert en.subject == "[Contingência] LOJA-01: test message"
    assert pt.rcpt_tos == ["ti@example.com", "gerente@example.com"]
    assert pt.mail_from == "contingencia@example.com"
    assert "Esta é uma mensagem de teste" in pt.body and "This is a test message" in en.body
    assert pt.message.get_content_type() == "text/plain"
    assert pt.message.get_content_charset() == "utf-8"
    assert pt.message["Date"] and pt.message["Message-ID"].startswith("<")
    assert pt.message["Message-ID"] != en.message["Message-ID"]


@pytest.mark.server
def test_starttls_with_auth(smtp_starttls, smtp_tls_client):
    answer = send_test(smtp_starttls.account(), "en", ssl_context=smtp_tls_client)
    assert answer.startswith("250 ")
    assert len(smtp_starttls.messages) == 1


@pytest.mark.server
def test_ssl_with_auth(smtp_ssl, smtp_tls_client):
    assert send_test(smtp_ssl.account(), "en", ssl_context=smtp_tls_client).startswith("250 ")
    assert len(smtp_ssl.messages) == 1


@pytest.mark.server
def test_wrong_password_is_clear_and_hides_the_password(smtp_starttls, smtp_tls_client, caplog):
    secret = "Errada-" + SMTP_PASSWORD
    with pytest.raises(NotifyError) as info:
        send_test(smtp_starttls.account(password=secret), "en", ssl_context=smtp_tls_client)
    text = str(info.value)
    assert "refused the user 'loja01@example.com'" in text and "535" in text
    assert secret not in text and secret not in caplog.text
    assert smtp_starttls.messages == []


@pytest.mark.server
def test_untrusted_certificate_and_missing_tls(smtp_starttls, smtp_tls_client):
    with pytest.raises(NotifyError, match="TLS failure.*not trusted"):
        send_test(smtp_starttls.account(), "en")  # the system CAs do not know the test certificate
    with pytest.raises(NotifyError, match=r"offers no login \(AUTH\)") as info:
        send_test(smtp_starttls.account(security="none"), "en")
    assert SMTP_PASSWORD not in str(info.value)


@pytest.mark.server
def test_refused_recipient_and_refused_connection(smtp_plain, smtp_down):
    with pytest.raises(NotifyError, match="refused the recipient.*nobody@" + REFUSED_DOMAIN):
        send_test(smtp_plain.account(recipients=["nobody@" + REFUSED_DOMAIN]), "en")
    host, port = smtp_down
    with pytest.raises(NotifyError, match=f"Connection refused by {host}:{port}") as refused:
        send_test(smtp_plain.account(port=port), "en")
    # the window shows the same sentence in Portuguese (the test button, the e-mail row)
    assert in_language(refused.value, "pt_BR").startswith(f"Conexão recusada por {host}:{port}. Verifique")


# --- the notifier --------------------------------------------------------------------------

@pytest.mark.server
def test_notifier_one_message_reminder_and_recovery_in_portuguese(smtp_plain, home, journal):
    record_good_backup(journal)
    clock = Clock()
    notifier = notifier_for(make_settings(smtp_plain.account(), language="pt_BR", reminder_min=60),
                            home, journal, clock)
    for _ in range(3):
        emit([notifier], fail())
        clock.advance(10)
    assert notifier.flush(10)
    assert len(smtp_plain.messages) == 1
    first = smtp_plain.messages[0]
    assert first.subject == "[Contingência] LOJA-01 (Oficial): backup falhou"
    assert first.rcpt_tos == ["ti@example.com", "gerente@example.com"]
    for text in ("Máquina: LOJA-01", "Modo: Oficial", "Erro: disk full on D:",
                 "Último backup bom: LOJA-01-000001.zip", "O que fazer: Leia o erro"):
        assert text in first.body

    clock.advance(40)  # 70 min after the first message: one reminder
    emit([notifier], fail())
    emit([notifier], fail())
    assert notifier.flush(10)
    assert len(smtp_plain.messages) == 2
    assert smtp_plain.messages[1].subject == "[Contingência] LOJA-01 (Oficial): backup falhou (lembrete: há 1 h 10 min)"

    clock.advance(64)  # 2 h 14 min after the problem started
    emit([notifier], ok())
    emit([notifier], ok())  # a plain success afterwards: backup_ok is not ticked
    assert notifier.flush(10)
    assert len(smtp_plain.messages) == 3
    last = smtp_plain.messages[2]
    assert last.subject == "[Contingência] LOJA-01 (Oficial): backup falhou — resolvido após 2 h 14 min"
    assert "Resolvido após: 2 h 14 min" in last.body and "Nada a fazer" in last.body


@pytest.mark.server
def test_notifier_english_contingency_message_has_data_age(smtp_plain, home, journal):
    clock = Clock()
    created = datetime.fromtimestamp(clock.now - 3900, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    journal.set_state("contingency.last_restored", {"bundle": "LOJA-01-000007.zip", "created": created,
                                                    "restored_at": created})
    notifier = notifier_for(make_settings(smtp_plain.account(), mode="contingency"), home, journal, clock)
    notifier(Event("official_silent", "official_silent", False,
                   "The official has published nothing for 65 minutes.", "Last backup LOJA-01-000007.zip.",
                   "LOJA-01", "contingency"))
    assert notifier.flush(10)
    (message,) = smtp_plain.messages
    assert message.subject == "[Contingência] LOJA-01 (Contingency): official server silent"
    assert "Last restored backup: LOJA-01-000007.zip" in message.body
    assert "Data age: 1 h 05 min" in message.body
    assert "promote this server with the Assistente" in message.body


@pytest.mark.server
def test_state_survives_a_worker_restart(smtp_plain, home, journal):
    settings = make_settings(smtp_plain.account())
    clock = Clock()
    first = notifier_for(settings, home, journal, clock)
    first(fail("destination_unreachable", "destination2", "FTP 10.0.0.9: connection refused"))
    assert first.close(10)
    second = notifier_for(settings, home, Journal(home.journal_file), clock)
    second(fail("destination_unreachable", "destination2", "FTP 10.0.0.9: connection refused"))
    clock.advance(5)
    second(ok("destination_unreachable", "destination2"))
    assert second.flush(10)
    subjects = [m.subject for m in smtp_plain.messages]
    assert subjects == ["[Contingência] LOJA-01 (Official): destination 2 unreachable",
                        "[Contingência] LOJA-01 (Official): destination 2 unreachable — recovered after 5 min"]


@pytest.mark.server
def test_unticked_kinds_and_no_account_send_nothing(smtp_plain, home, journal):
    notifier = notifier_for(make_settings(smtp_plain.account()), home, journal)
    notifier(Event("restore_ok", "restore", True, "Backup restored."))
    notifier(Event("worker_started", "worker", True, "The service started."))
    notifier(ok("destination_unreachable", "destination1"))
    silent = notifier_for(make_settings(None), home, journal)
    silent(fail())
    assert notifier.flush(10) and silent.flush(10)
    assert smtp_plain.messages == []
    ticked = notifier_for(make_settings(smtp_plain.account(), events=["worker_started", "restore_ok"]),
                          home, Journal(home.journal_file))
    ticked(Event("worker_started", "worker", True, "The service started."))
    ticked(Event("restore_ok", "restore", True, "Backup restored.", "", "LOJA-01", "contingency"))
    assert ticked.flush(10)
    assert [m.subject.split(": ", 1)[1] for m in smtp_plain.messages] == ["service started", "restore completed"]


@pytest.mark.server
def test_send_failure_is_recorded_not_raised_and_retried(smtp_plain, smtp_down, home, journal, caplog):
    host, port = smtp_down
    account = smtp_plain.account(port=port, user="loja", password="Nao-Mostrar-42")
    settings = make_settings(account)
    clock = Clock()
    notifier = notifier_for(settings, home, journal, clock)
    started = time.monotonic()
    emit([notifier], fail())  # the caller never waits for SMTP nor sees its error
    assert time.monotonic() - started < 0.5
    assert notifier.flush(10)
    status = journal.get_state("notify.status")
    assert status["ok"] is False and f"Connection refused by {host}:{port}" in status["error"]
    assert "Nao-Mostrar-42" not in str(status) and "Nao-Mostrar-42" not in caplog.text
    assert len(journal.get_state("notify.outbox")) == 1

    # the server is back: the waiting message goes out at the next try, not a second time
    settings.email_accounts = [smtp_plain.account()]
    clock.advance(2)
    notifier.retry_pending()
    emit([notifier], fail())  # same problem: no new message
    assert notifier.flush(10)
    assert [m.subject for m in smtp_plain.messages] == ["[Contingência] LOJA-01 (Official): backup failed"]
    assert journal.get_state("notify.status")["ok"] is True
    assert journal.get_state("notify.outbox") is None


@pytest.mark.server
def test_daily_summary(smtp_plain, home, journal):
    record_good_backup(journal)
    with journal.run("backup") as run:
        run.result, run.error = "failed", "disk full"
    settings = make_settings(smtp_plain.account())
    notifier = notifier_for(settings, home, journal)
    assert notifier.send_daily_summary() is False  # off by default
    settings.notify.daily_summary = True
    assert notifier.send_daily_summary(time.time())
    notifier.send_daily_summary(time.time())  # the same day: sent once
    assert notifier.flush(10)
    (message,) = smtp_plain.messages
    assert message.subject == "[Contingência] LOJA-01 (Official): daily summary"
    assert "Backup runs: failed 1, ok 1" in message.body
    assert "Last good backup: LOJA-01-000001.zip" in message.body


# --- command line ------------------------------------------------------------------------------

def run_cli(home, *args, env=None, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", "--home", str(home.root), *args],
                          cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=60,
                          env={**os.environ, **(env or {})})


def cli_main(home, *args) -> int:
    from app.cli import main
    return main(["--home", str(home.root), *args])


@pytest.mark.server
def test_cli_accounts_and_test_message(smtp_starttls, smtp_cert, home, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(SMTP_PASSWORD + "\n"))
    assert cli_main(home, "notify", "account", "add", "--name", "loja", "--host", smtp_starttls.host,
                    "--port", str(smtp_starttls.port), "--security", "starttls", "--user", "loja01@example.com",
                    "--sender", "contingencia@example.com", "--recipient", "ti@example.com",
                    "--recipient", "gerente@example.com", "--password-stdin") == 0
    assert cli_main(home, "notify", "account", "list") == 0
    listing = capsys.readouterr().out
    assert "* loja:" in listing and "password saved" in listing and SMTP_PASSWORD not in listing
    assert SMTP_PASSWORD not in home.settings_file.read_text("utf-8")

    # The operator's way to trust a private CA: SSL_CERT_FILE, read by the default SSL context.
    done = run_cli(home, "notify", "test", env={"SSL_CERT_FILE": str(smtp_cert[0])})
    assert done.returncode == 0, done.stderr
    assert "250 OK queued as" in done.stdout
    assert smtp_starttls.messages[0].rcpt_tos == ["ti@example.com", "gerente@example.com"]

    failed = run_cli(home, "notify", "test")  # no SSL_CERT_FILE: the certificate is not trusted
    assert failed.returncode == 1
    assert failed.stderr.strip().count("\n") == 0 and "TLS failure" in failed.stderr

    assert cli_main(home, "notify", "account", "remove", "loja") == 0
    assert cli_main(home, "notify", "test") == 1
    assert "no e-mail account is chosen" in capsys.readouterr().err
