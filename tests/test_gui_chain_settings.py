"""The settings of chains of bundles, of SQL Server's log shipping and of the pair, driven with the
keyboard and the mouse: each in the group the operator looks for, enabled by the mode and the
database engine, typed, saved and read back by the store, an interval out of range refused in
Portuguese with nothing saved, and the FULL recovery model allowed only by answering its question."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from app.settings.store import SettingsStore
from tests.gui_helpers import (choose, click, dialog_button, fill_official_folder, make_sqlite_db, type_into,
                               window_factory)

pytestmark = pytest.mark.gui

INCREMENTAL = "official.incremental_interval_min"
THRESHOLDS = ("pair.behind_after_min", "pair.ack_missing_after_min")
FULL_RECOVERY = "database.allow_full_recovery"
WAL_SHIPPING = "database.wal_shipping"


@pytest.fixture
def open_window(qtbot):
    yield from window_factory(qtbot)


@pytest.fixture
def official(home, store, open_window, qtbot, tmp_path):
    """A window filled in for an enabled official backing up a SQLite file into a folder."""
    window = open_window(home, store)
    share = tmp_path / "share"
    share.mkdir()
    fill_official_folder(qtbot, window, share, make_sqlite_db(tmp_path / "loja.db"))
    return window


def answering(qtbot, questions: list[str]):
    """A consent question answered by clicking ``button``; what was asked is kept in ``questions``."""
    def answer(button):
        def run(dialog):
            questions.append(dialog.text.text())
            dialog.show()
            click(qtbot, dialog_button(dialog, button))
            return dialog.result() == QDialog.DialogCode.Accepted
        return run
    return answer


def type_number(qtbot, window, key: str, text: str) -> None:
    type_into(qtbot, window.widget(key).lineEdit(), text)


def test_each_setting_is_in_the_group_the_operator_looks_in(home, store, open_window):
    view = open_window(home, store).settings_view
    places = {INCREMENTAL: view.official.schedule, "contingency.increment_check": view.contingency,
              "official.increment_check": view.official.schedule,
              "pair.acknowledge": view.pair, FULL_RECOVERY: view.advanced.database} | {
        key: view.pair for key in THRESHOLDS}
    for key, group in places.items():
        assert group.isAncestorOf(view.form.frame(key)), key
        assert view.other is None or not view.other.isAncestorOf(view.form.frame(key)), key


def test_an_interval_typed_is_saved_and_read_back_by_the_store(home, official, open_window, qtbot):
    type_number(qtbot, official, INCREMENTAL, "5")
    click(qtbot, official.buttons.save_button)
    assert SettingsStore(home).load().official.incremental_interval_min == 5, official.message.text()
    again = open_window(home, SettingsStore(home))
    assert again.widget(INCREMENTAL).value() == 5 and again.widget(INCREMENTAL).text() == "5 min"


def test_incremental_settings_follow_the_engine(home, official, qtbot):
    schedule = official.settings_view.official.schedule
    type_number(qtbot, official, INCREMENTAL, "5")
    assert official.frame(INCREMENTAL).isEnabled() and schedule.incremental_note.isHidden()
    for engine, name in (("Post", "postgres"), ("SQL S", "sqlserver")):  # WAL shipping, log shipping
        choose(qtbot, official.widget("database.engine"), engine)
        assert official.collect().database.engine == name
        assert official.frame(INCREMENTAL).isEnabled() and official.widget(INCREMENTAL).value() == 5
        assert schedule.incremental_note.isHidden()
    choose(qtbot, official.widget("database.engine"), "SQLi")
    assert official.frame(INCREMENTAL).isEnabled() and schedule.incremental_note.isHidden()
    assert official.widget(INCREMENTAL).value() == 5
    click(qtbot, official.buttons.save_button)
    assert SettingsStore(home).load().official.incremental_interval_min == 5, official.message.text()


def test_the_officials_increment_check_is_chosen_saved_and_follows_the_engine(home, official, qtbot):
    assert official.widget("official.increment_check").currentData() == "quick_check"
    choose(qtbot, official.widget("official.increment_check"), "on")  # "only the pages it changes"
    click(qtbot, official.buttons.save_button)
    assert SettingsStore(home).load().official.increment_check == "pages", official.message.text()
    choose(qtbot, official.widget("database.engine"), "Post")
    assert not official.frame("official.increment_check").isEnabled()
    choose(qtbot, official.widget("database.engine"), "SQLi")
    assert official.frame("official.increment_check").isEnabled()


def test_the_mode_enables_the_increment_check_and_the_pair_thresholds(official, qtbot):
    view = official.settings_view
    assert all(official.frame(key).isEnabled() for key in THRESHOLDS)
    assert not official.frame("contingency.increment_check").isEnabled()
    click(qtbot, view.mode.contingency_radio)
    assert not official.frame(INCREMENTAL).isEnabled()
    assert official.frame("pair.acknowledge").isEnabled(), "the contingency writes acknowledgements"
    assert not any(official.frame(key).isEnabled() for key in THRESHOLDS), "the thresholds are the official's"
    click(qtbot, view.mode.official_radio)
    assert all(official.frame(key).isEnabled() for key in THRESHOLDS)
    click(qtbot, official.widget("pair.acknowledge"))
    assert not official.collect().pair.acknowledge
    assert not any(official.frame(key).isEnabled() for key in THRESHOLDS), "no acknowledgements, no alerts"


def test_an_interval_out_of_range_is_refused_in_portuguese_and_nothing_is_saved(home, official, open_window,
                                                                                qtbot):
    from ui import i18n

    type_number(qtbot, official, INCREMENTAL, "10")
    click(qtbot, official.buttons.save_button)
    assert SettingsStore(home).load().official.incremental_interval_min == 10, official.message.text()
    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        store = SettingsStore(home)
        generation = store.generation()
        window = open_window(home, store)
        window.activateWindow()  # focus moves between fields only in the active window
        qtbot.waitUntil(window.isActiveWindow)
        type_number(qtbot, window, INCREMENTAL, "2000")
        error = window.frame(INCREMENTAL).error
        assert not error.isHidden() and error.text() == "Use um número inteiro de 0 a 1440."
        qtbot.keyClick(window.widget(INCREMENTAL).lineEdit(), Qt.Key_Tab)
        assert not window.widget(INCREMENTAL).hasFocus()
        assert window.widget(INCREMENTAL).lineEdit().text() == "2000 min", "the digits typed stay when leaving"
        click(qtbot, window.buttons.save_button)
        assert not error.isHidden() and error.text() == "2000: use um número inteiro de 0 a 1440."
        assert window.message.text().startswith("Nada foi salvo: 1 problema(s) a corrigir.")
        assert store.generation() == generation
        assert SettingsStore(home).load().official.incremental_interval_min == 10
    finally:
        i18n.uninstall(app)


def test_the_full_recovery_model_is_a_question_for_sql_server_only(home, store, open_window, qtbot):
    window = open_window(home, store)
    click(qtbot, window.settings_view.advanced_check)
    box = window.widget(FULL_RECOVERY)
    assert window.collect().database.engine == "sqlite" and not box.isVisible()
    choose(qtbot, window.widget("database.engine"), "SQL S")
    assert window.collect().database.engine == "sqlserver" and box.isVisible() and box.isEnabled()
    questions = []
    answer = answering(qtbot, questions)
    window._exec = answer(QDialogButtonBox.Cancel)
    click(qtbot, box)
    assert len(questions) == 1 and "transaction log" in questions[0] and not box.isChecked()
    click(qtbot, window.buttons.save_button)
    assert SettingsStore(home).load().database.allow_full_recovery is False, window.message.text()

    window._exec = answer(QDialogButtonBox.Ok)
    click(qtbot, box)
    assert len(questions) == 2 and box.isChecked()
    click(qtbot, window.buttons.save_button)
    assert SettingsStore(home).load().database.allow_full_recovery is True, window.message.text()

    click(qtbot, box)  # withdrawing the consent asks nothing
    assert len(questions) == 2 and not box.isChecked()
    choose(qtbot, window.widget("database.engine"), "Post")
    assert not box.isVisible()


CONTINUOUS, GAP = "official.continuous", "official.continuous_gap_s"


def test_continuous_mode_is_ticked_typed_saved_and_refused_for_another_engine(home, official, open_window, qtbot):
    view = official.settings_view
    assert view.official.schedule.isAncestorOf(official.frame(CONTINUOUS))
    assert official.frame(CONTINUOUS).isEnabled() and not official.widget(GAP).isEnabled(), "off: no gap to set"
    click(qtbot, official.widget(CONTINUOUS))
    assert official.widget(GAP).isEnabled()
    type_number(qtbot, official, GAP, "15")
    click(qtbot, official.buttons.save_button)
    saved = SettingsStore(home).load().official
    assert (saved.continuous, saved.continuous_gap_s) == (True, 15), official.message.text()
    again = open_window(home, SettingsStore(home))
    assert again.widget(CONTINUOUS).isChecked() and again.widget(GAP).text() == "15 s"
    choose(qtbot, again.widget("database.engine"), "SQL S")
    assert not again.frame(CONTINUOUS).isEnabled() and not again.widget(CONTINUOUS).isChecked(), \
        "SQLite only: what is shown is what is saved"
    assert not again.widget(GAP).isEnabled()


def test_the_status_and_the_tray_say_which_incremental_mode_runs(home, store, open_window, qtbot):
    """The worker's heartbeat, as the journal has it, read by the Estado tab and the tray, in Portuguese."""
    import os
    import time

    from app.journal import Journal, StateKey
    from app.phrases import to_data
    from app.runtime.schedule import Cycle, overrun
    from app.settings.model import Settings
    from app.status import collect
    from ui import i18n
    from ui.tray import Tray
    from ui.workers import Snapshot

    late = overrun(60, [Cycle(0.0, 75.0, True, True)])
    Journal(home.journal_file).set_state(StateKey.WORKER, {
        "pid": os.getpid(), "heartbeat": time.time(), "mode": "official", "enabled": True,
        "increments": {"continuous": True, "gap_s": 10, "interval_s": 60, "overrun": to_data(late)}})
    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        status = collect(Settings(mode="official", enabled=True), home)
        window = open_window(home, store)
        lines = window.status_view.worker_text(status["worker"]).splitlines()[1:]
        assert lines[0] == "Pacotes incrementais: contínuos, no máximo um a cada 10 s"
        assert lines[1] == "Pacotes incrementais: publicados até 1 min após o último"
        assert lines[2].startswith("Um ciclo incremental levou 75 s")
        tray = Tray(home)
        tray.show_snapshot(Snapshot(status))
        assert "Pacotes incrementais: contínuos, no máximo um a cada 10 s" in tray.tooltip
    finally:
        i18n.uninstall(app)


def test_wal_shipping_is_a_question_for_postgres_only_and_the_standby_folders_are_saved(home, store, open_window,
                                                                                         qtbot, tmp_path):
    window = open_window(home, store)
    click(qtbot, window.settings_view.advanced_check)
    box = window.widget(WAL_SHIPPING)
    folder = window.widget("database.standby_data_dir")
    assert window.collect().database.engine == "sqlite" and not box.isVisible() and not folder.isVisible()
    choose(qtbot, window.widget("database.engine"), "Post")
    assert box.isVisible() and folder.isVisible() and window.widget("database.pg_bin_dir").isVisible()
    assert window.settings_view.advanced.database.isAncestorOf(window.form.frame(WAL_SHIPPING))
    questions = []
    answer = answering(qtbot, questions)
    window._exec = answer(QDialogButtonBox.Cancel)
    click(qtbot, box)
    assert len(questions) == 1 and "replication slot" in questions[0] and not box.isChecked()
    window._exec = answer(QDialogButtonBox.Ok)
    click(qtbot, box)
    assert len(questions) == 2 and box.isChecked()
    type_into(qtbot, folder.line, str(tmp_path / "standby" / "data"))
    click(qtbot, window.buttons.save_button)
    saved = SettingsStore(home).load().database
    assert saved.wal_shipping is True and saved.standby_data_dir == str(tmp_path / "standby" / "data"), \
        window.message.text()
    choose(qtbot, window.widget("database.engine"), "SQL S")
    assert not box.isVisible() and not folder.isVisible()
