"""The settings window driven for real (offscreen): round trip of every field, validation,
enabling rules, e-mail accounts, "Executar agora", history and the tray icon."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QToolButton

from app.journal import Journal
from app.settings.model import EVENT_KINDS, EmailAccount, Settings, flat_keys, validate
from tests.gui_helpers import (choose, click, dialog_button, fill_official_folder, make_sqlite_db, set_field,
                               type_into, type_text, window_factory)

pytestmark = pytest.mark.gui


@pytest.fixture
def open_window(qtbot):
    yield from window_factory(qtbot)

PASSWORDS = {
    "database.password": "db-secret-1",
    "official.destination2.password": "ftp-secret-2",
    "contingency.source.password": "src-secret-3",
}


def full_values(tmp_path: Path) -> dict:
    """A non-default, valid value for every key the window shows (passwords aside)."""
    return {
        "enabled": True, "mode": "official", "machine_name": "LOJA01-SRV", "language": "pt_BR",
        "database.engine": "sqlserver", "database.path": str(tmp_path / "mgv.db"), "database.server": "SRV\\MGV7",
        "database.port": 1433, "database.name": "MGV7", "database.auth": "sql", "database.user": "mgv",
        "database.driver": "ODBC Driver 18 for SQL Server", "database.data_folder": "D:\\SQLData",
        "database.busy_policy": "fail", "database.busy_timeout_s": 90,
        "official.destination1.kind": "folder", "official.destination1.path": str(tmp_path / "share1"),
        "official.destination1.host": "", "official.destination1.port": 0, "official.destination1.user": "",
        "official.destination1.passive": True, "official.destination1.tls_fingerprint": "",
        "official.destination1.host_key": "", "official.destination1.key_file": "",
        "official.destination1.timeout_s": 45,
        "official.destination2.kind": "ftps", "official.destination2.path": "/contingencia",
        "official.destination2.host": "10.0.0.5", "official.destination2.port": 2121,
        "official.destination2.user": "backup", "official.destination2.passive": False,
        "official.destination2.tls_fingerprint": "AB:CD", "official.destination2.host_key": "SHA256:xyz",
        "official.destination2.key_file": str(tmp_path / "id_ed25519"), "official.destination2.timeout_s": 20,
        "official.schedule": "times", "official.interval_min": 15, "official.times": ["06:00", "12:30", "23:45"],
        "official.compression": 9, "official.retention": 5, "official.work_folder": str(tmp_path / "work"),
        "contingency.source.kind": "sftp", "contingency.source.path": "/srv/backup",
        "contingency.source.host": "oficial.loja", "contingency.source.port": 2222,
        "contingency.source.user": "contingencia", "contingency.source.passive": False,
        "contingency.source.tls_fingerprint": "", "contingency.source.host_key": "SHA256:abc",
        "contingency.source.key_file": str(tmp_path / "key"), "contingency.source.timeout_s": 60,
        "contingency.temp_folder": str(tmp_path / "temp"), "contingency.poll_interval_s": 120,
        "contingency.silent_after_min": 90, "contingency.silent_grace_min": 5, "contingency.full_check_every_h": 6,
        "notify.account": "TI Loja", "notify.events": ["backup_failed", "restore_ok", "promotion_done"],
        "notify.reminder_min": 60, "notify.daily_summary": True, "notify.summary_time": "07:30",
        "promotion.profile": str(tmp_path / "profile.toml"), "promotion.new_host": "contingencia01",
        "promotion.old_host": "OFICIAL", "promotion.path_maps": ["\\\\OFICIAL\\MGV7=D:\\MGV7"],
        "promotion.create_folders": False, "promotion.hooks_file": str(tmp_path / "hooks.toml"),
        "promotion.hook_timeout_s": 300,
    }


ACCOUNT = EmailAccount(name="TI Loja", host="smtp.example.com", port=465, security="ssl", user="ti",
                       password=None, sender="contingencia@example.com",
                       recipients=["ti@example.com", "gerente@example.com"])


def test_every_setting_has_a_widget_and_an_error_place(home, store, open_window):
    window = open_window(home, store)
    keys = [info.key for info in flat_keys()]
    assert sorted(window.bindings) == sorted(keys)
    for key in keys:
        assert window.frame(key).error.isHidden()


def test_every_field_round_trips_and_passwords_stay_in_the_keyring(home, store, open_window, tmp_path):
    values = full_values(tmp_path)
    window = open_window(home, store)
    window.accounts_row.accounts = [EmailAccount(**{**ACCOUNT.__dict__, "password": "mail-secret-4"})]
    window.accounts_row.fill()
    for key, value in values.items():
        set_field(window, key, value)
    for key, password in PASSWORDS.items():
        type_text(window.widget(key), password)
    assert window.is_dirty()
    assert window.save(), window.message.text()
    assert not window.is_dirty()

    ini = home.settings_file.read_text("utf-8")
    for secret in list(PASSWORDS.values()) + ["mail-secret-4"]:
        assert secret not in ini
    loaded = store.load(with_secrets=True)
    assert loaded.database.password == "db-secret-1"
    assert loaded.contingency.source.password == "src-secret-3"
    assert loaded.email_accounts[0].password == "mail-secret-4"

    again = open_window(home, store)  # a new window reads everything back
    shown = again.collect()
    for key, value in values.items():
        assert again.bindings[key].get() == value, key
    assert shown.email_accounts == [ACCOUNT]
    assert again.accounts_row.combo.currentText() == "TI Loja"
    for key in PASSWORDS:
        field = again.widget(key)
        assert field.text() == "" and field.placeholderText() and field.saved, key
    assert not again.widget("official.destination1.password").saved
    assert not again.is_dirty()


def test_an_empty_password_field_keeps_the_saved_password(home, store, open_window, qtbot):
    window = open_window(home, store)
    click(qtbot, window.settings_view.advanced_check)
    choose(qtbot, window.widget("database.engine"), "P")
    type_into(qtbot, window.widget("database.server"), "localhost")
    type_into(qtbot, window.widget("database.name"), "loja")
    type_into(qtbot, window.widget("database.password"), "first")
    click(qtbot, window.buttons.save_button)
    assert store.load(with_secrets=True).database.password == "first", window.message.text()
    assert window.widget("database.password").text() == ""  # never shown again, only "saved"
    type_into(qtbot, window.widget("database.name"), "loja2")
    click(qtbot, window.buttons.save_button)
    saved = store.load(with_secrets=True)
    assert saved.database.name == "loja2" and saved.database.password == "first"


def test_invalid_inputs_show_their_message_and_save_nothing(home, store, open_window, qtbot):
    window = open_window(home, store)
    schedule = window.settings_view.official.schedule
    click(qtbot, window.settings_view.general.enabled)
    click(qtbot, window.settings_view.mode.official_radio)
    type_into(qtbot, window.widget("official.destination1.path").line, "")
    click(qtbot, schedule.variable_radio)
    click(qtbot, schedule.time_checks[0])
    type_into(qtbot, schedule.time_edits[0], "2599")  # the mask puts the colon
    click(qtbot, window.buttons.save_button)  # the focus is on the button when Salvar finds the problems

    path_error = window.frame("official.destination1.path").error
    times_error = window.frame("official.times").error
    assert path_error.isVisible() and "give the folder" in path_error.text().lower()
    assert times_error.isVisible() and "25:99" in times_error.text()
    assert window.frame("database.path").error.isVisible()  # sqlite needs its file
    assert window.settings_view.advanced_check.isChecked()  # the database field was hidden: revealed
    assert "nothing was saved" in window.message.text().lower()
    assert not home.settings_file.exists() or "destination1" not in home.settings_file.read_text()
    assert store.load(with_secrets=False) == Settings(machine_name=store.load().machine_name)
    # the first field with a problem has the focus (the window's, active or not: offscreen)
    assert window.focusWidget() is window.widget("official.destination1.path").line
    type_into(qtbot, window.widget("official.destination1.path").line, "C:\\")
    assert path_error.isHidden()  # a corrected field loses its message at once


def test_a_config_value_out_of_range_is_shown_beside_its_field(home, store, open_window):
    window = open_window(home, store)
    assert window.widget("official.compression").maximum() == 9
    settings = window.collect()
    settings.official.compression = 12  # as a hand-edited INI or TOML would bring it
    problems = validate(settings)
    assert [p.key for p in problems] == ["official.compression"]
    window.show_problems(problems)
    error = window.frame("official.compression").error
    assert error.isVisible() and "0" in error.text() and "9" in error.text()
    window.apply(settings)
    assert window.widget("official.compression").value() == 9


def test_switching_the_mode_enables_the_right_groups(home, store, open_window, qtbot):
    window = open_window(home, store)
    view = window.settings_view
    click(qtbot, view.mode.official_radio)
    assert view.official.isEnabled() and not view.contingency.isEnabled()
    assert window.frame("official.work_folder").isEnabled()
    assert not window.frame("contingency.temp_folder").isEnabled()
    click(qtbot, view.mode.contingency_radio)
    assert not view.official.isEnabled() and view.contingency.isEnabled()
    assert window.frame("contingency.temp_folder").isEnabled()
    assert view.advanced.isHidden()
    click(qtbot, view.advanced_check)
    assert view.advanced.isVisible()
    # the kind of the communication decides which fields show
    choose(qtbot, view.contingency.source.kind, "FTP")
    assert view.contingency.source.details.title() == "FTP settings"
    assert window.frame("contingency.source.host").isVisible()
    choose(qtbot, view.contingency.source.kind, "Sh")
    assert not window.frame("contingency.source.host").isVisible()
    assert window.frame("contingency.source.path").isVisible()
    # the schedule's kind enables its own fields
    click(qtbot, view.mode.official_radio)
    schedule = view.official.schedule
    click(qtbot, schedule.variable_radio)
    assert not schedule.interval.isEnabled() and schedule.time_checks[0].isEnabled()
    click(qtbot, schedule.fixed_radio)
    assert schedule.interval.isEnabled() and not schedule.time_checks[0].isEnabled()
    # the general switch off keeps everything editable and says nothing runs
    assert view.general.off_note.isVisible()
    click(qtbot, view.general.enabled)
    assert not view.general.off_note.isVisible()
    click(qtbot, view.general.enabled)
    assert view.general.off_note.isVisible() and view.official.isEnabled()


def test_new_registers_an_email_account(home, store, open_window, monkeypatch, qtbot):
    window = open_window(home, store)

    def fill_and_accept(dialog):
        dialog.show()
        type_into(qtbot, dialog.name, "Suporte")
        type_into(qtbot, dialog.host, "smtp.loja.example")
        choose(qtbot, dialog.security, "SSL")
        type_into(qtbot, dialog.user, "suporte")
        type_into(qtbot, dialog.password, "mail-pass")
        type_into(qtbot, dialog.sender, "contingencia@loja.example")
        type_into(qtbot, dialog.recipients, "ti@loja.example; gerente@loja.example")
        click(qtbot, dialog_button(dialog, QDialogButtonBox.Ok))
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(window, "_exec", fill_and_accept)
    click(qtbot, window.accounts_row.new_button)
    assert window.accounts_row.combo.findData("Suporte") > 0
    assert window.accounts_row.combo.currentData() == "Suporte"
    click(qtbot, window.settings_view.email.event_checks["backup_ok"])
    click(qtbot, window.buttons.save_button)
    saved = store.load(with_secrets=True)
    assert saved.notify.account == "Suporte"
    assert "backup_ok" in saved.notify.events
    account = saved.account("Suporte")
    assert account.port == 465 and account.recipients == ["ti@loja.example", "gerente@loja.example"]
    assert account.password == "mail-pass"
    assert "mail-pass" not in home.settings_file.read_text("utf-8")


def test_the_email_dialog_refuses_bad_addresses_and_duplicate_names(qtbot):
    from ui.views.partials.email_dialog import EmailAccountDialog

    dialog = EmailAccountDialog(None, taken_names={"TI"})
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.name, "TI")
    type_into(qtbot, dialog.sender, "not-an-address")
    type_into(qtbot, dialog.recipients, "ti@example.com")
    click(qtbot, dialog_button(dialog, QDialogButtonBox.Ok))
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.frames["name"].error.text() and dialog.frames["host"].error.text()
    assert "not-an-address" in dialog.frames["sender"].error.text()


def test_run_now_completes_off_the_main_thread_and_shows_in_history(home, store, open_window, tmp_path, qtbot,
                                                                     monkeypatch):
    from app import runs

    database = make_sqlite_db(tmp_path / "loja.db")
    share = tmp_path / "share"
    share.mkdir()
    window = open_window(home, store)
    fill_official_folder(qtbot, window, share, database)
    assert window.save(), window.message.text()
    threads = []
    real_run = runs.run_cycle

    def spy(*args, **kwargs):
        threads.append(threading.get_ident())
        return real_run(*args, **kwargs)

    monkeypatch.setattr(runs, "run_cycle", spy)
    click(qtbot, window.buttons.run_button)
    assert window.buttons.cycle_op is not None
    qtbot.waitUntil(lambda: window.buttons.last_cycle is not None, timeout=30000)
    result, message, run_id = window.buttons.last_cycle
    assert result == "ok", message
    assert threads and threads[0] != threading.get_ident()  # the cycle ran off the GUI thread
    assert (share / "BACKUPOK.TXT").is_file()
    window.poller.poll()
    history = window.history_view.table
    qtbot.waitUntil(lambda: history.rowCount() >= 1 and history.item(0, 2).text() == "ok", timeout=5000)
    assert history.item(0, 1).text() == "backup"
    assert history.item(0, 4).text().endswith(".zip")
    assert window.buttons.run_button.isEnabled()


def test_run_now_asks_a_running_worker_instead(home, store, open_window, tmp_path, qtbot):
    window = open_window(home, store)
    fill_official_folder(qtbot, window, tmp_path / "share", make_sqlite_db(tmp_path / "loja.db", rows=10))
    assert window.save()
    Journal(home.journal_file).set_state("worker", {"pid": os.getpid(), "heartbeat": time.time(),
                                                    "next_run": "2030-01-01T10:00:00Z"})
    qtbot.waitUntil(lambda: not window.poller._busy, timeout=5000)  # the first poll is in; read again now
    window.poller.poll()
    qtbot.waitUntil(lambda: window.poller.last is not None and window.poller.last.status["worker"]["running"],
                    timeout=5000)
    click(qtbot, window.buttons.run_button)
    assert (home.control_dir / "run-now").is_file()
    assert window.buttons.cycle_op is None
    assert "asked" in window.message.text()


def test_a_failed_run_shows_its_error_and_steps(home, store, open_window, qtbot):
    journal = Journal(home.journal_file)
    with journal.run("backup", "schedule") as run:
        with run.step("backup"):
            pass
        try:
            with run.step("publish destination 1"):
                raise OSError("\\\\OFICIAL\\backup is not reachable")
        except OSError as exc:
            run.result, run.error = "failed", str(exc)
    window = open_window(home, store)
    qtbot.waitUntil(lambda: window.history_view.table.rowCount() == 1, timeout=5000)
    assert window.history_view.table.item(0, 2).text() == "failed"
    window.history_view.table.selectRow(0)
    details = window.history_view.details.toPlainText()
    assert "not reachable" in details and "sending to destination 1" in details and "database backup" in details


def test_the_tray_follows_the_journal(home, store, qtbot):
    from ui.tray import Tray
    from ui.workers import StatusPoller

    settings = store.load()
    settings.enabled = True
    poller = StatusPoller(home, settings, interval_ms=50)
    tray = Tray(home)
    poller.updated.connect(tray.show_snapshot)
    poller.start()
    try:
        qtbot.waitUntil(lambda: "worker is not running" in tray.tooltip, timeout=5000)
        assert tray.state == "warning"  # no worker: nothing would run on schedule, and the tray says so
        journal = Journal(home.journal_file)
        journal.set_state("worker", {"pid": os.getpid(), "heartbeat": time.time() + 3600})
        qtbot.waitUntil(lambda: "No backup yet" in tray.tooltip, timeout=5000)
        assert tray.state == "idle" and tray.family == "ok"
        with journal.run("backup") as run:
            qtbot.waitUntil(lambda: tray.state == "running", timeout=5000)
            assert tray.family == "running"
            run.result, run.error = "failed", "destination 1: disk full"
        qtbot.waitUntil(lambda: tray.state == "error", timeout=5000)
        assert tray.family == "error" and "disk full" in tray.tooltip
        journal.set_state("fenced", {"message": "A promoted server took over.", "at": "2026-01-01T00:00:00Z"})
        qtbot.waitUntil(lambda: tray.state == "fenced", timeout=5000)
        assert tray.family == "error"
        assert not tray.icon.icon().isNull()
        assert [a.text() for a in tray.menu.actions() if a.text()] == [
            f"Contingency {settings.machine_name} (Official): Replaced (stopped)", "Open settings", "Run now",
            "Open log folder", "Quit"]
    finally:
        poller.stop()


def test_closing_with_unsaved_changes_asks(home, store, open_window, qtbot):
    window = open_window(home, store)
    click(qtbot, window.settings_view.advanced_check)
    type_into(qtbot, window.widget("machine_name"), "changed")
    window._ask_unsaved = lambda: QMessageBox.Cancel
    assert not window.close() and window.isVisible()
    window._ask_unsaved = lambda: QMessageBox.Save
    assert window.close()
    assert store.load().machine_name == "changed"


def test_the_window_speaks_portuguese(home, store, open_window):
    from ui import i18n

    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        window = open_window(home, store)
        assert window.windowTitle() == "Configuração de Contingência"
        assert window.buttons.save_button.text() == "Salvar" and window.buttons.run_button.text() == "Executar agora"
        assert window.settings_view.advanced_check.text() == "Exibir opções avançadas"
        assert window.settings_view.official.schedule.fixed_radio.text() == "Intervalo Fixo"
        set_field(window, "contingency.source.kind", "ftp")
        assert window.settings_view.contingency.source.details.title() == "Configurações de FTP"
        from ui import texts
        assert texts.state_name("idle") == "OK" and texts.state_name("disabled") == "Desligado"
        from app import status as core_status
        assert texts.status_text({"summary_template": core_status.LAST_BACKUP,
                                  "summary_args": ["a.zip", "2026-01-01T00:00:00Z"]}).startswith("Último backup a.zip")
        assert texts.status_text({"summary_template": core_status.RESTORE_PROBLEM,
                                  "summary_args": ["rejected", "x"]}) .startswith("Última restauração: ")
        # every summary the core can produce has its translation
        assert all(texts.QCoreApplication.translate("Status", t) != t or t == "%1" for t in core_status.TEMPLATES)
    finally:
        i18n.uninstall(app)


def test_every_event_kind_has_a_check_box(home, store, open_window):
    window = open_window(home, store)
    assert list(window.settings_view.email.event_checks) == list(EVENT_KINDS)
    assert all(box.text() != kind for kind, box in window.settings_view.email.event_checks.items())


def test_the_email_test_button_sends_through_a_real_smtp_server(qtbot):
    smtp = pytest.importorskip("tests.smtp_server")
    from ui.views.partials.email_dialog import EmailAccountDialog

    server = smtp._start("none")
    try:
        dialog = EmailAccountDialog(None)
        qtbot.addWidget(dialog)
        dialog.load(server.account())
        click(qtbot, dialog.test_button)
        qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=15000)
        assert "Test message sent" in dialog.test_result.text(), dialog.test_result.text()
        assert server.messages and server.messages[0].rcpt_tos == ["ti@example.com", "gerente@example.com"]
    finally:
        server.controller.stop()


def test_test_connection_reports_each_destination_off_the_gui_thread(home, store, open_window, tmp_path, qtbot):
    window = open_window(home, store)
    fill_official_folder(qtbot, window, tmp_path / "missing" / "share", make_sqlite_db(tmp_path / "loja.db", rows=10))
    click(qtbot, window.buttons.test_button)
    qtbot.waitUntil(lambda: window.buttons.test_button.isEnabled(), timeout=15000)
    labels = {label: ok for label, ok, _message in window.buttons.connection_results}
    assert labels == {"destination 1": False, "database": True}
    assert "✘" in window.message.text() and "✔" in window.message.text()


def test_the_application_starts_in_portuguese_with_the_window_alone_when_there_is_no_tray(home, qtbot):
    from ui import i18n
    from ui.app import GuiApp

    gui = GuiApp(home, "pt_BR")
    try:
        qtbot.addWidget(gui.window, before_close_func=lambda w: w.shutdown())
        assert gui.lang == "pt_BR"
        assert gui.window.windowTitle() == "Configuração de Contingência"
        assert gui.tray is None  # offscreen has no system tray: the window alone
        gui.show_window()
        qtbot.waitUntil(lambda: gui.window.status_line.text.text() != "", timeout=5000)
        assert "Desligado" in gui.window.status_line.text.text()
    finally:
        gui.poller.stop()
        i18n.uninstall(QApplication.instance())


def test_a_saved_password_can_be_forgotten_and_an_account_removed(home, store, open_window, monkeypatch, qtbot):
    settings = store.load()
    settings.official.destination1.kind = "ftp"
    settings.official.destination1.host = "ftp.loja"
    settings.official.destination1.password = "segredo-ftp"
    settings.email_accounts = [EmailAccount(name="TI", host="smtp.loja", sender="ti@loja.com",
                                            recipients=["ti@loja.com"], password="segredo-smtp")]
    settings.notify.account = "TI"
    store.save(settings)
    window = open_window(home, store)
    password = window.bindings["official.destination1.password"].focus
    assert password.saved and password.forget.isVisible()  # a saved password offers "forget"
    forget_button = next(b for b in password.findChildren(QToolButton) if b.defaultAction() is password.forget)
    qtbot.mouseClick(forget_button, Qt.LeftButton)
    assert password.forgotten and not password.forget.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    click(qtbot, window.accounts_row.remove_button)
    assert window.accounts_row.combo.currentData() == ""
    click(qtbot, window.buttons.save_button)
    saved = store.load()
    assert saved.official.destination1.password == "" and saved.email_accounts == []
    assert store.secrets.get("email_accounts.TI.password") == ""


def test_the_sql_server_restore_options_sit_in_the_database_group_for_sql_server_only(home, store, open_window,
                                                                                          qtbot):
    from ui.views.groups.database import SQLSERVER_OPTIONS
    from ui.views.partials.form import setting_label

    window = open_window(home, store)
    view = window.settings_view
    database = view.advanced.database
    click(qtbot, view.advanced_check)
    frames = [window.frame(key) for key in SQLSERVER_OPTIONS]
    assert all(database.isAncestorOf(frame) for frame in frames)
    assert view.other is None or not any(view.other.isAncestorOf(frame) for frame in frames)
    assert not any(frame.isVisible() for frame in frames)  # SQLite, the default, has none of them
    choose(qtbot, window.widget("database.engine"), "SQL S")
    assert window.widget("database.engine").currentData() == "sqlserver"
    assert all(frame.isVisible() for frame in frames)
    for key, frame in zip(SQLSERVER_OPTIONS, frames):
        assert database.rows.labelForField(frame).text() == setting_label(key) + ":"
        assert frame.toolTip()  # the model's help
    type_into(qtbot, window.widget("database.login_map"), "vendas=LOJA\\vendas")
    choose(qtbot, window.widget("database.engine"), "P")
    assert window.widget("database.engine").currentData() == "postgres"
    assert not any(frame.isVisible() for frame in frames)
    assert window.collect().database.login_map == "vendas=LOJA\\vendas"


def test_the_sql_server_restore_options_read_in_portuguese(home, store, open_window, qtbot):
    from ui import i18n
    from ui.views.groups.database import SQLSERVER_OPTIONS

    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        window = open_window(home, store)
        database = window.settings_view.advanced.database
        labels = [database.rows.labelForField(window.frame(key)).text() for key in SQLSERVER_OPTIONS]
        assert labels == ["Usuários para logons:", "Proprietário do banco de dados:",
                          "Pasta compartilhada do backup:", "Pasta compartilhada do backup no servidor:"]
        assert window.frame("database.owner_login").toolTip().startswith("SQL Server: o logon")
    finally:
        i18n.uninstall(app)


def test_the_endpoint_editor_shows_the_fields_each_transport_declares(home, store, open_window):
    from app.transports import KINDS
    from ui.views.partials.endpoint_editor import OPTIONAL_FIELDS

    window = open_window(home, store)
    window.settings_view.mode.contingency_radio.setChecked(True)
    window.settings_view.advanced_check.setChecked(True)
    for name, (_cls, kind) in KINDS.items():
        set_field(window, "contingency.source.kind", name)
        shown = {field for field in OPTIONAL_FIELDS if window.frame(f"contingency.source.{field}").isVisible()}
        assert shown == set(kind.fields), name


def test_a_bandwidth_limit_typed_in_the_destination_editor_is_saved(home, store, open_window, qtbot, tmp_path):
    window = open_window(home, store)
    fill_official_folder(qtbot, window, tmp_path / "shared", make_sqlite_db(tmp_path / "store.db"))
    spin = window.widget("official.destination1.bandwidth_kbps")
    assert spin.isVisible() and spin.specialValueText() and spin.value() == 0  # "no limit"
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "768")
    assert window.save(), window.message.text()
    assert store.load().official.destination1.bandwidth_kbps == 768
