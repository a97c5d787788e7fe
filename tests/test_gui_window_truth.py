"""The window tells the truth and never undoes the operator's work, driven as a person drives it:
key clicks into the real fields, mouse clicks on the real buttons, the real Assistente.

Each test names the defect of the window's issue it guards (they failed before the fix)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWizard

from app.journal import Journal
from app.settings.store import SettingsStore
from tests.gui_helpers import click, make_sqlite_db, type_into, window_factory
from tests.test_promotion import NEW, OLD, Setup

pytestmark = pytest.mark.gui


@pytest.fixture
def open_window(qtbot):
    yield from window_factory(qtbot)


def promoted_setup(tmp_path, home) -> Setup:
    """A contingency machine with one restore done, its settings saved as the window saves them."""
    setup = Setup(tmp_path, home)
    setup.cycle()
    setup.contingency.promotion.path_maps = [f"\\\\{OLD}\\MGV7={setup.local}"]
    SettingsStore(home).save(setup.contingency)
    return setup


def drive_wizard_to_the_promotion(qtbot, wizard) -> None:
    """Every page by its buttons, up to a finished "Promover agora"."""
    wizard.show()
    click(qtbot, wizard.intro.confirm)
    click(qtbot, wizard.button(QWizard.NextButton))
    hosts = wizard.hosts_page
    type_into(qtbot, hosts.comm, NEW)
    click(qtbot, wizard.button(QWizard.NextButton))
    preview = wizard.preview
    qtbot.waitUntil(lambda: preview.isComplete() or "failed" in preview.status.text(), timeout=20000)
    assert preview.isComplete(), preview.status.text()
    click(qtbot, wizard.button(QWizard.NextButton))
    click(qtbot, wizard.button(QWizard.NextButton))  # no service commands
    apply_page = wizard.apply_page
    assert wizard.currentPage() is apply_page
    click(qtbot, apply_page.button)
    qtbot.waitUntil(lambda: apply_page.result is not None, timeout=30000)
    assert apply_page.isComplete(), apply_page.now.text()


# --- 1. Cancelar after the promotion, then Salvar ---------------------------------------------

def test_leaving_the_wizard_after_the_promotion_and_saving_keeps_the_promotion(home, store, open_window,
                                                                                 tmp_path, qtbot):
    promoted_setup(tmp_path, home)
    window = open_window(home, store)
    assert window.settings_view.mode.contingency_radio.isChecked()
    seen = {}

    def run_the_wizard(wizard):
        drive_wizard_to_the_promotion(qtbot, wizard)
        seen["cancel offered"] = wizard.button(QWizard.CancelButton).isVisible()
        seen["back enabled"] = wizard.button(QWizard.BackButton).isEnabled()
        qtbot.keyClick(wizard, Qt.Key_Escape)  # the operator leaves instead of going on to Concluir
        return False

    window._exec = run_the_wizard
    click(qtbot, window.buttons.wizard_button)
    assert window.settings_view.mode.official_radio.isChecked(), "the window shows what the Assistente saved"
    assert not window.is_dirty()
    click(qtbot, window.buttons.save_button)
    assert SettingsStore(home).load().mode == "official", "Salvar did not write the old mode back"
    assert not seen["cancel offered"] and not seen["back enabled"], "after the commit, no way back"


# --- 2. Estado and the tray after the promotion -------------------------------------------------

def test_the_status_follows_a_promotion_without_salvar(home, store, open_window, tmp_path, qtbot):
    setup = promoted_setup(tmp_path, home)
    window = open_window(home, store)
    qtbot.waitUntil(lambda: window.poller.last is not None, timeout=10000)
    assert window.poller.last.status["mode"] == "contingency"
    assert setup.promote().completed  # as the Assistente or the command line saves it
    qtbot.waitUntil(lambda: window.poller.last.status["mode"] == "official", timeout=10000)
    assert window.status_view.fields["machine"].text().startswith(f"{NEW} — Official")
    assert f"{NEW} — Official" in window.windowTitle()
    assert window.status_view.fields["data_age"].isHidden(), "an official shows its backups, not a data age"


# --- 3. a window left open and settings changed elsewhere ----------------------------------------

def test_salvar_in_an_untouched_window_keeps_what_config_set_changed(home, store, open_window, qtbot):
    store.save(store.load())
    window = open_window(home, store)
    SettingsStore(home).set_key("official.interval_min", "45")  # `contingencia config set` in a terminal
    spin = window.widget("official.interval_min")
    qtbot.waitUntil(lambda: spin.value() == 45, timeout=10000)
    click(qtbot, window.buttons.save_button)
    assert SettingsStore(home).load().official.interval_min == 45


def test_an_edited_field_changed_elsewhere_is_asked_about(home, store, open_window, qtbot):
    store.save(store.load())
    window = open_window(home, store)
    window.settings_view.advanced_check.setChecked(True)
    name = window.widget("machine_name")
    type_into(qtbot, name, "CAIXA-01")
    SettingsStore(home).set_key("machine_name", "SERVIDOR-02")
    SettingsStore(home).set_key("official.retention", "7")
    qtbot.waitUntil(lambda: not window.elsewhere_bar.isHidden(), timeout=10000)
    assert name.text() == "CAIXA-01", "what the operator typed stays until they choose"
    assert window.widget("official.retention").value() == 7, "an untouched field shows the saved value"
    assert "Machine name" in window.elsewhere_bar.text.text()
    click(qtbot, window.buttons.save_button)
    assert SettingsStore(home).load().machine_name == "SERVIDOR-02", "nothing saved before the operator chose"
    click(qtbot, window.elsewhere_bar.keep_button)
    click(qtbot, window.buttons.save_button)
    saved = SettingsStore(home).load()
    assert saved.machine_name == "CAIXA-01" and saved.official.retention == 7
    SettingsStore(home).set_key("machine_name", "SERVIDOR-03")
    type_into(qtbot, name, "CAIXA-09")
    qtbot.waitUntil(lambda: not window.elsewhere_bar.isHidden(), timeout=10000)
    click(qtbot, window.elsewhere_bar.reload_button)
    assert name.text() == "SERVIDOR-03" and not window.is_dirty()


# --- 6. the mouse wheel over the form --------------------------------------------------------------

def wheel(widget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_form_and_changes_a_value_only_when_focused(home, store, open_window, qtbot):
    window = open_window(home, store)
    click(qtbot, window.settings_view.mode.contingency_radio)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    spin = window.widget("contingency.poll_interval_s")  # a timeout once went from 120 s to 108 s so
    combo = window.widget("database.engine")
    window.buttons.save_button.setFocus()
    before, engine = spin.value(), combo.currentIndex()
    wheel(spin)
    wheel(combo)
    assert spin.value() == before and combo.currentIndex() == engine, "scrolling changed a value"
    click(qtbot, spin)  # the operator clicks into the field: now the wheel is meant for it
    qtbot.waitUntil(spin.hasFocus, timeout=5000)
    wheel(spin, 1)
    assert spin.value() == before + 1


# --- 10. the E-mail row ----------------------------------------------------------------------------

def test_the_email_row_says_when_the_last_email_left(home, store, open_window, qtbot):
    from app.settings.model import EmailAccount
    settings = store.load()
    settings.email_accounts = [EmailAccount(name="TI Loja", host="smtp.example.com", recipients=["ti@example.com"])]
    settings.notify.account = "TI Loja"
    store.save(settings)
    Journal(home.journal_file).set_state("notify.status", {"ok": True, "at": "2026-03-01T10:00:00Z", "error": "",
                                                           "pending": 0, "account": "TI Loja"})
    window = open_window(home, store)
    row = window.status_view.fields["notify"]
    qtbot.waitUntil(lambda: "TI Loja" in row.text(), timeout=10000)
    assert "sent" in row.text()
    Journal(home.journal_file).set_state("notify.status", {"ok": False, "at": "2026-03-01T11:00:00Z",
                                                           "error": "Connection refused", "pending": 2,
                                                           "account": "TI Loja"})
    qtbot.waitUntil(lambda: "Connection refused" in row.text(), timeout=10000)
    assert "2" in row.text()


# --- 11. the smaller ones ----------------------------------------------------------------------------

def test_a_port_out_of_range_is_refused_visibly(home, store, open_window, qtbot):
    window = open_window(home, store)
    window.settings_view.advanced_check.setChecked(True)
    click(qtbot, window.widget("database.engine"))
    window.bindings["database.engine"].set("postgres")  # the port row is shown for a server engine
    port = window.widget("database.port")
    type_into(qtbot, port.lineEdit(), "99999")
    assert port.lineEdit().text() == "99999", "the digits typed are not silently cut to 9999"
    error = window.frame("database.port").error
    assert not error.isHidden() and "65535" in error.text()


def test_salvar_warns_about_a_folder_that_does_not_exist(home, store, open_window, tmp_path, qtbot):
    window = open_window(home, store)
    database = make_sqlite_db(tmp_path / "loja.db")
    click(qtbot, window.widget("enabled"))
    click(qtbot, window.settings_view.mode.official_radio)
    window.bindings["official.destination1.kind"].set("folder")
    missing = tmp_path / "nao-existe"
    type_into(qtbot, window.widget("official.destination1.path").line, str(missing))
    window.settings_view.advanced_check.setChecked(True)
    type_into(qtbot, window.widget("database.path").line, str(database))
    click(qtbot, window.buttons.save_button)
    assert SettingsStore(home).load().official.destination1.path == str(missing)
    assert str(missing) in window.message.text() and "do not exist" in window.message.text()


def test_saved_says_plainly_when_no_service_runs(home, store, open_window, tmp_path, qtbot):
    window = open_window(home, store)
    share = tmp_path / "share"
    share.mkdir()
    click(qtbot, window.widget("enabled"))
    click(qtbot, window.settings_view.mode.official_radio)
    window.bindings["official.destination1.kind"].set("folder")
    type_into(qtbot, window.widget("official.destination1.path").line, str(share))
    window.settings_view.advanced_check.setChecked(True)
    type_into(qtbot, window.widget("database.path").line, str(make_sqlite_db(tmp_path / "loja.db")))
    click(qtbot, window.buttons.save_button)
    assert "without a restart" not in window.message.text()
    assert "not running" in window.message.text()


# --- 7. a run left open by a killed worker ------------------------------------------------------------

def dead_pid() -> int:
    import subprocess
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def saved_as(store, mode: str, tmp_path: Path):
    """Valid settings of an enabled machine in ``mode``, saved."""
    from app.settings.model import Endpoint
    settings = store.load()
    settings.enabled, settings.mode = True, mode
    settings.database.path = str(tmp_path / "loja.db")
    settings.official.destination1 = Endpoint(kind="folder", path=str(tmp_path))
    settings.contingency.source = Endpoint(kind="folder", path=str(tmp_path))
    store.save(settings)
    return settings


def test_a_backup_left_open_by_a_killed_worker_shows_as_interrupted_with_the_last_good_one(home, store, tmp_path,
                                                                                         open_window, qtbot):
    import sqlite3
    import time
    saved_as(store, "official", tmp_path)
    journal = Journal(home.journal_file)
    with journal.run("backup", "schedule") as run:
        run.result = "ok"
        run.set(bundle="loja-000041.zip", bytes=12_345_678)
    with sqlite3.connect(home.journal_file) as conn:  # what a SIGKILL mid-backup leaves behind
        conn.execute("INSERT INTO runs (kind, trigger, pid, started, result, step) VALUES "
                     "('backup', 'schedule', ?, ?, 'running', 'publish destination 1')", (dead_pid(), time.time() - 60))
    conn.close()
    window = open_window(home, store)
    last = window.status_view.fields["last_backup"]
    qtbot.waitUntil(lambda: "interrupted" in last.text(), timeout=10000)
    assert "— running" not in last.text()
    good = window.status_view.fields["last_good_backup"]
    assert not good.isHidden() and "loja-000041.zip" in good.text() and "12.3 MB" in good.text()


# --- 8. the contingency while the official is late ------------------------------------------------------

def test_the_contingency_says_the_official_is_late_during_the_grace_and_shows_the_last_check(home, store, tmp_path,
                                                                                            open_window, qtbot):
    import os
    import time
    from datetime import datetime, timedelta, timezone
    settings = saved_as(store, "contingency", tmp_path)
    settings.contingency.silent_grace_min = 30
    store.save(settings)
    created = (datetime.now(timezone.utc) - timedelta(minutes=70)).strftime("%Y-%m-%dT%H:%M:%SZ")
    journal = Journal(home.journal_file)
    journal.set_state("contingency.last_marker", {"bundle": "loja-000007.zip", "size": 10, "sha256": "x" * 64,
                                                  "sequence": 7, "epoch": 1, "created": created, "interval_min": 60})
    journal.set_state("contingency.last_restored", {"bundle": "loja-000007.zip", "sequence": 7, "epoch": 1,
                                                    "created": created, "restored_at": created, "sha256": "x" * 64})
    journal.set_state("contingency.last_poll", {"at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                "result": "nothing", "message": "Nothing new"})
    journal.set_state("worker", {"pid": os.getpid(), "heartbeat": time.time(), "next_run": None})
    window = open_window(home, store)
    qtbot.waitUntil(lambda: window.poller.last is not None, timeout=10000)
    assert window.poller.last.status["state"] == "warning", "not green while the official is late"
    assert "late" in window.status_view.fields["expected"].text()
    assert "alert" in window.status_view.fields["expected"].text()
    assert "nothing new" in window.status_view.fields["last_check"].text()
    assert "1 h 10 min" in window.status_view.fields["data_age"].text()


def test_without_an_installed_service_the_window_says_how_to_run_the_worker(home, store, open_window, qtbot):
    from app.runtime import servicectl
    window = open_window(home, store)
    control = servicectl.control()
    assert not control.available, "this test machine has no Contingência service installed"
    worker = window.status_view.fields["worker"]
    qtbot.waitUntil(lambda: "contingencia service" in worker.text(), timeout=10000)
    assert "not running" in worker.text()
    assert window.status_view.service_button.isHidden(), "no button that cannot work"


# --- 5. Portuguese where it matters most ----------------------------------------------------------------

@pytest.fixture
def portuguese():
    from ui import i18n
    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    yield
    i18n.uninstall(app)


def test_the_email_row_says_why_the_last_email_failed_in_portuguese(home, store, open_window, qtbot, portuguese,
                                                                    smtp_plain, smtp_down):
    from app.events import Event
    from app.notify.notifier import Notifier
    host, port = smtp_down
    settings = store.load()
    settings.email_accounts = [smtp_plain.account(port=port)]
    settings.notify.account = settings.email_accounts[0].name
    store.save(settings)
    notifier = Notifier(store.load(with_secrets=True), home, Journal(home.journal_file))
    notifier(Event("backup_failed", "backup", False, "The backup failed."))  # the real delivery, refused
    assert notifier.close(10)
    window = open_window(home, store)
    row = window.status_view.fields["notify"]
    qtbot.waitUntil(lambda: "Conexão recusada por" in row.text(), timeout=10000)
    assert f"{host}:{port}" in row.text() and "Connection refused" not in row.text()


def test_testar_conexao_answers_in_portuguese(home, store, open_window, tmp_path, qtbot, portuguese):
    saved_as(store, "official", tmp_path)
    make_sqlite_db(tmp_path / "loja.db")
    window = open_window(home, store)
    click(qtbot, window.buttons.test_button)
    qtbot.waitUntil(lambda: window.buttons.test_button.isEnabled() and "✔" in window.message.text(), timeout=20000)
    text = window.message.text()
    assert "está acessível e permite gravação" in text and "destino 1" in text, text
    assert "reachable" not in text and "tables" not in text, text


def test_testar_conexao_says_in_portuguese_that_a_cycle_is_running(home, store, open_window, tmp_path, qtbot,
                                                                   portuguese):
    """On a contingency the test repairs the database under the cycle lock first; held by a cycle, it
    says so instead of a read-only look's confusing error."""
    from app.runtime.locks import FileLock
    saved_as(store, "contingency", tmp_path)
    make_sqlite_db(tmp_path / "loja.db")
    window = open_window(home, store)
    with FileLock(home.lock_file, "a cycle"):
        click(qtbot, window.buttons.test_button)
        qtbot.waitUntil(lambda: window.buttons.test_button.isEnabled() and "✘" in window.message.text(),
                        timeout=20000)
    text = window.message.text()
    assert "Um ciclo está em andamento" in text and "teste a conexão de novo" in text, text
    assert "A cycle is running" not in text, text


def test_the_replaced_official_and_the_rejected_bundle_read_in_portuguese(home, qtbot, portuguese):
    from app.errors import FencedError
    from app.phrases import Phrase, said, to_data
    from ui import texts
    from app import status as core_status
    fenced = FencedError(Phrase("This server was replaced by %1 at %2 (epoch %3); it no longer publishes backups.",
                                ("CONTINGENCIA", "2026-03-01T10:00:00Z", 2)))
    replaced = Phrase(core_status.REPLACED, (fenced.phrase,))
    assert texts.status_text({"summary_phrase": to_data(replaced)}).startswith(
        "Este servidor foi substituído por CONTINGENCIA")
    reason = said(Phrase("%1 has epoch %2, lower than %3: it comes from a server that was replaced "
                         "(split-brain guard).", ("loja-000009.zip", 1, 2)))
    problem = Phrase(core_status.RESTORE_PROBLEM, ("rejected", reason.phrase))
    text = texts.status_text({"summary_phrase": to_data(problem)})
    assert "loja-000009.zip tem época 1, menor que 2" in text, text


def test_a_failed_required_hook_reads_in_portuguese_in_the_assistente(home, store, open_window, tmp_path, qtbot,
                                                                      portuguese):
    from app.promotion.hooks import Hook
    promoted_setup(tmp_path, home)
    window = open_window(home, store)
    seen = {}

    def run_the_wizard(wizard):
        wizard.show()
        click(qtbot, wizard.intro.confirm)
        click(qtbot, wizard.button(QWizard.NextButton))
        type_into(qtbot, wizard.hosts_page.comm, NEW)
        click(qtbot, wizard.button(QWizard.NextButton))
        qtbot.waitUntil(wizard.preview.isComplete, timeout=20000)
        click(qtbot, wizard.button(QWizard.NextButton))
        wizard.hooks_page.add(Hook("LMP", stop="false", start="true", required=True))
        click(qtbot, wizard.button(QWizard.NextButton))
        apply_page = wizard.apply_page
        click(qtbot, apply_page.button)
        qtbot.waitUntil(lambda: apply_page.result is not None, timeout=30000)
        seen["now"] = apply_page.now.text()
        seen["steps"] = [apply_page.steps.topLevelItem(i).text(1) for i in range(apply_page.steps.topLevelItemCount())]
        click(qtbot, wizard.button(QWizard.CancelButton))
        return False

    window._exec = run_the_wizard
    click(qtbot, window.buttons.wizard_button)
    assert "O comando obrigatório LMP falhou; nada foi alterado." in seen["now"], seen
    assert not any("failed" in step or "nothing was changed" in step for step in seen["steps"]), seen
    assert SettingsStore(home).load().mode == "contingency", "a stopped promotion changes nothing"


# --- Desfazer promoção ------------------------------------------------------------------------------------

def test_desfazer_promocao_puts_the_store_settings_back_and_says_what_it_left(home, store, open_window, tmp_path,
                                                                             qtbot):
    import sqlite3
    setup = promoted_setup(tmp_path, home)
    assert setup.promote().completed
    window = open_window(home, store)
    qtbot.waitUntil(lambda: not window.buttons.undo_button.isHidden(), timeout=10000)
    asked = []
    window.buttons.confirm_undo = lambda: asked.append(True) or True  # the question box, answered Sim
    click(qtbot, window.buttons.undo_button)
    qtbot.waitUntil(lambda: "put back" in window.message.text(), timeout=20000)
    hosts = {row[0] for row in sqlite3.connect(setup.live_db).execute("SELECT comm_control_host FROM stores")}
    assert hosts == {OLD}, "the stores point at the old official again"
    assert "mode (official)" in window.message.text() and "PROMOTED.TXT" in window.message.text()
    assert asked and SettingsStore(home).load().mode == "official", "the mode is the operator's to change"


# --- 11. the smaller ones, continued -----------------------------------------------------------------------

def test_a_corrected_field_loses_its_error_at_once(home, store, open_window, qtbot):
    window = open_window(home, store)
    click(qtbot, window.widget("enabled"))
    click(qtbot, window.buttons.save_button)  # official mode without a destination: refused
    frame = window.frame("official.destination1.path")
    assert not frame.error.isHidden()
    qtbot.keyClicks(window.widget("official.destination1.path").line, "/srv/contingencia")
    assert frame.error.isHidden(), "the message went away with the correction"


def test_qt_s_own_buttons_are_portuguese(qtbot, portuguese):
    from PySide6.QtWidgets import QDialogButtonBox
    box = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Discard | QDialogButtonBox.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["Cancelar", "Descartar", "Salvar"]


def test_the_window_fits_a_1000_pixel_screen(home, store, open_window):
    from ui.settings_window import FRAME_ALLOWANCE, initial_height
    window = open_window(home, store)
    available = 1000 - 40  # a 1000-px screen less its taskbar
    assert initial_height(available) + FRAME_ALLOWANCE <= available
    assert window.minimumSizeHint().height() <= initial_height(available), "the content can shrink that far"


def test_testar_conexao_explains_a_missing_folder_in_portuguese(home, store, open_window, tmp_path, qtbot,
                                                                portuguese):
    saved_as(store, "official", tmp_path)
    window = open_window(home, store)
    type_into(qtbot, window.widget("official.destination1.path").line, str(tmp_path / "nao-existe"))
    click(qtbot, window.buttons.test_button)
    qtbot.waitUntil(lambda: window.buttons.test_button.isEnabled() and "✘" in window.message.text(), timeout=20000)
    text = window.message.text()
    assert "não existe ou não está acessível" in text and "Confira o caminho" in text, text
    assert "does not exist" not in text


# --- the official form, filled as a person fills it ---------------------------------------------------------

def test_fill_the_official_form_save_and_reopen(home, store, open_window, tmp_path, qtbot):
    share = tmp_path / "contingencia"
    share.mkdir()
    database = make_sqlite_db(tmp_path / "mgv7.db")
    window = open_window(home, store)
    click(qtbot, window.widget("enabled"))
    click(qtbot, window.settings_view.mode.official_radio)
    kind = window.widget("official.destination1.kind")
    kind.setFocus()
    qtbot.keyClicks(kind, "Shared")  # the list finds "Shared folder" as the operator types
    assert kind.currentData() == "folder"
    type_into(qtbot, window.widget("official.destination1.path").line, str(share))
    type_into(qtbot, window.widget("official.interval_min").lineEdit(), "45")
    type_into(qtbot, window.widget("official.compression").lineEdit(), "9")
    click(qtbot, window.settings_view.advanced_check)
    type_into(qtbot, window.widget("database.path").line, str(database))
    type_into(qtbot, window.widget("machine_name"), "LOJA01-SRV")
    click(qtbot, window.buttons.save_button)
    assert window.message.text().startswith("Settings saved."), window.message.text()
    click(qtbot, window.buttons.close_button)

    again = open_window(home, SettingsStore(home))
    assert again.widget("enabled").isChecked() and again.settings_view.mode.official_radio.isChecked()
    assert again.widget("official.destination1.path").text() == str(share)
    assert again.widget("official.interval_min").value() == 45 and again.widget("official.compression").value() == 9
    assert again.widget("database.path").text() == str(database)
    assert again.widget("machine_name").text() == "LOJA01-SRV" and not again.is_dirty()
    saved = SettingsStore(home).load()
    assert (saved.enabled, saved.mode, saved.official.destination1.kind) == (True, "official", "folder")


def test_iniciar_servico_asks_systemd_to_start_the_unit(home, store, open_window, tmp_path, qtbot, monkeypatch):
    """systemctl here is a stand-in that records what it is asked (starting a real unit needs a real one)."""
    tools = tmp_path / "bin"
    tools.mkdir()
    asked = tmp_path / "asked"
    systemctl = tools / "systemctl"
    systemctl.write_text(f'#!/bin/sh\necho "$@" >> {asked}\n', encoding="utf-8")
    systemctl.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    window = open_window(home, store)
    button = window.status_view.service_button
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not button.isHidden() and button.text() == "Start service", timeout=10000)
    click(qtbot, button)
    qtbot.waitUntil(lambda: "start contingencia.service" in (asked.read_text() if asked.exists() else ""),
                    timeout=10000)
    assert asked.read_text().splitlines()[0] == "cat contingencia.service", "installed? asked first"


# --- 4. the promotion e-mail from the Assistente ---------------------------------------------------------

@pytest.mark.server
def test_the_assistente_sends_the_promotion_email_like_the_command_line(home, store, open_window, tmp_path, qtbot,
                                                                       smtp_plain):
    setup = promoted_setup(tmp_path, home)
    settings = SettingsStore(home).load()
    settings.language = "pt_BR"
    settings.email_accounts = [smtp_plain.account()]
    settings.notify.account = smtp_plain.account().name
    settings.notify.events = ["promotion_done"]
    SettingsStore(home).save(settings)
    window = open_window(home, store)

    def run_the_wizard(wizard):
        drive_wizard_to_the_promotion(qtbot, wizard)
        qtbot.keyClick(wizard, Qt.Key_Escape)
        return False

    window._exec = run_the_wizard
    click(qtbot, window.buttons.wizard_button)
    qtbot.waitUntil(lambda: len(smtp_plain.messages) >= 1, timeout=20000)
    assert "promoção concluída" in smtp_plain.messages[0].subject, smtp_plain.messages[0].subject
    assert setup.contingency.machine_name in smtp_plain.messages[0].subject


def test_the_tray_follows_a_promotion_without_salvar(home, store, tmp_path, qtbot):
    from ui.tray import Tray
    from ui.workers import StatusPoller
    setup = promoted_setup(tmp_path, home)
    poller = StatusPoller(home, store.load(with_secrets=False), interval_ms=100, store=store)
    tray = Tray(home)
    poller.updated.connect(tray.show_snapshot)
    poller.start()
    try:
        qtbot.waitUntil(lambda: "(Contingency)" in tray.tooltip, timeout=10000)
        assert setup.promote().completed
        qtbot.waitUntil(lambda: f"{NEW} (Official)" in tray.tooltip, timeout=10000)
    finally:
        poller.stop()
