"""The worker follows what was saved: a promotion of its own machine before its next poll, and
the names of its triggers (defects 4 and 9 of the window's issue)."""

from __future__ import annotations

from app.journal import Journal
from app.runtime.service import CATCH_UP_JOB, CYCLE_JOB, Service
from app.settings.store import SettingsStore
from tests.test_promotion import Setup


def test_a_poll_right_after_the_promotion_runs_nothing_and_rejects_nothing(tmp_path, home):
    setup = Setup(tmp_path, home)
    setup.cycle()
    SettingsStore(home).save(setup.contingency)
    service = Service(home)
    service._load_settings()  # the worker as it was before the promotion: contingency mode
    assert setup.promote().completed
    received = []
    service.sinks = [received.append]
    service._cycle("schedule")  # the scheduler fires before the next tick has reloaded the settings
    journal = Journal(home.journal_file)
    restores = journal.runs(10, "restore")
    assert [r.result for r in restores] == ["ok"], "no poll of the old official after the promotion"
    assert not [e for e in received if e.kind == "bundle_rejected"]
    assert service.settings.mode == "official", "the worker follows the promotion at once"


def test_only_the_made_up_backup_is_labelled_catch_up(tmp_path, home):
    setup = Setup(tmp_path, home)
    SettingsStore(setup.official_home).save(setup.official)
    service = Service(setup.official_home)
    service._load_settings()
    service.scheduler.start(paused=True)
    try:
        service._schedule(catch_up=True)  # never backed up: one backup is made up at start
        assert service.scheduler.get_job(CYCLE_JOB).args == ("schedule",)
        assert service.scheduler.get_job(CATCH_UP_JOB).args == ("catch-up",)
    finally:
        service.scheduler.shutdown(wait=False)
        service.notifier.close(1)


def test_a_worker_without_a_language_of_its_own_writes_in_the_machines_language(tmp_path, monkeypatch, home,
                                                                                smtp_plain):
    """systemd starts the worker with LANG unset (or C); the machine is configured in Portuguese."""
    from app.notify import language
    from app.notify.notifier import Notifier
    from app.events import Event, emit
    from app.phrases import Phrase, said
    from app.settings.model import Settings
    configured = tmp_path / "locale"
    configured.write_text('# written by the installer\nLANG="pt_BR.UTF-8"\n')
    monkeypatch.setattr(language, "LOCALE_FILES", (configured,))
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    assert language.message_language("") == "pt_BR"
    settings = Settings(machine_name="LOJA-01", language="", mode="official")
    settings.email_accounts = [smtp_plain.account()]
    settings.notify.account = smtp_plain.account().name
    notifier = Notifier(settings, home, Journal(home.journal_file))
    failed = said(Phrase("The backup failed."))  # as the cycle says it
    reason = said(Phrase("%1: %2 did not return what was written.", ("destination 1", "folder D:\\Backup")))
    emit([notifier], Event("backup_failed", "backup", False, failed, reason, "LOJA-01", "official"))
    assert notifier.close(20)
    message = smtp_plain.messages[0]
    assert "Oficial" in message.subject, message.subject
    assert "O backup falhou." in message.body and "não devolveu o que foi gravado" in message.body, message.body
    assert "The backup failed" not in message.body
