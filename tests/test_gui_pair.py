"""The official's window and tray show each contingency server's state (B10): a lagging one,
clicked to in the Estado tab, in English and in Portuguese."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.acks import refresh
from app.clock import utc_now
from app.cycles import run_contingency, run_official
from app.demo.data import change_prices
from app.journal import Journal
from app.settings.store import SettingsStore
from ui.tray import Tray

from .pair import pair  # noqa: F401 - the fixture
from .test_pair_state import worker_running

pytestmark = pytest.mark.gui


@pytest.fixture
def open_window(qtbot):
    from tests.gui_helpers import window_factory
    yield from window_factory(qtbot)


@pytest.fixture
def lagging(pair):
    """The contingency applied the first backup; the second was published three hours ago."""
    pair.official.pair.ack_missing_after_min = 600
    pair.save()
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    change_prices(pair.official_db, percent=5)
    assert run_official(pair.official, pair.official_home).result == "ok"
    worker_running(pair)
    [entry] = refresh(pair.official, Journal(pair.official_home.journal_file),
                      now=utc_now() + timedelta(hours=3))["contingencies"]
    assert entry["state"] == "behind"
    return pair


def estado(window, qtbot):
    """Click the Estado tab, as an operator does, and wait for a poll."""
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.status_view)
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentWidget() is window.status_view
    qtbot.waitUntil(lambda: window.poller.last is not None, timeout=10000)
    return window.status_view.fields["contingencies"]


def test_the_official_window_and_tray_show_a_lagging_contingency(lagging, open_window, qtbot):
    window = open_window(lagging.official_home, SettingsStore(lagging.official_home))
    row = estado(window, qtbot)
    assert row.isVisible() and not window.status_view.fields["acknowledged"].isVisible()
    text = row.text()
    assert "✘ LOJA-CONT (destination 1): behind" in text and "1 backup(s) behind" in text
    assert "is 180 min behind" in text or "is 179 min behind" in text
    assert window.poller.last.status["state"] == "warning"

    tray = Tray(lagging.official_home)
    tray.show_snapshot(window.poller.last)
    assert "LOJA-CONT (destination 1): behind" in tray.tooltip
    assert [a.text() for a in tray.pair_actions] == ["✘ LOJA-CONT (destination 1): behind"]
    tray.show_snapshot(window.poller.last)  # a second poll does not add a second line
    assert len(tray.pair_actions) == 1 and tray.tooltip.count("✘ LOJA-CONT (destination 1)") == 1


def test_in_portuguese(lagging, open_window, qtbot):
    from ui import i18n
    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        window = open_window(lagging.official_home, SettingsStore(lagging.official_home))
        text = estado(window, qtbot).text()
        assert "LOJA-CONT (destino 1): atrasada" in text and "1 backup(s) atrás" in text
        assert "A contingência LOJA-CONT (destino 1) está" in text
        assert window.status_view.form.labelForField(window.status_view.fields["contingencies"]).text() \
            == "Servidores de contingência:"
    finally:
        i18n.uninstall(app)


def test_the_contingency_window_shows_its_last_acknowledgement(pair, open_window, qtbot):
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    window = open_window(pair.contingency_home, SettingsStore(pair.contingency_home))
    estado(window, qtbot)
    row = window.status_view.fields["acknowledged"]
    assert row.isVisible() and "written as ACK_" in row.text()
    assert not window.status_view.fields["contingencies"].isVisible()


def test_a_contingency_name_with_markup_is_shown_as_text(pair, open_window, qtbot):
    """A machine name is the contingency's to choose (and a hostile file's): never rich text in the window."""
    pair.contingency.machine_name = "<b>LOJA</b><img src=x>"
    pair.save()
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    refresh(pair.official, Journal(pair.official_home.journal_file))
    window = open_window(pair.official_home, SettingsStore(pair.official_home))
    row = estado(window, qtbot)
    assert "<b>LOJA</b><img src=x> (destination 1): in sync" in row.text() and row.textFormat() == Qt.PlainText


def test_a_refused_acknowledgement_reads_in_portuguese(pair, open_window, qtbot):
    from ui import i18n
    assert run_official(pair.official, pair.official_home).result == "ok"
    (pair.shared / "ACK_0123456789abcdef.TXT").write_bytes(b"format=1\r\nid=0123456789abcdef\r\nid=x\r\n")
    refresh(pair.official, Journal(pair.official_home.journal_file))
    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        window = open_window(pair.official_home, SettingsStore(pair.official_home))
        text = estado(window, qtbot).text()
        assert "confirmação recusada" in text and "foi recusado: id aparece duas vezes." in text, text
    finally:
        i18n.uninstall(app)
