"""The Estado tab's answer to a rejected backup: Tentar de novo and Aceitar mesmo assim, clicked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.cycles import run_contingency, run_official
from app.demo.data import fingerprint
from app.journal import Journal, StateKey
from app.status import collect
from ui.views.status_view import StatusView

from .test_guards import second_official
from .pair import pair  # noqa: F401

pytestmark = pytest.mark.gui


def shown(qtbot, p) -> StatusView:
    view = StatusView()
    qtbot.addWidget(view)
    view.show()
    view.show_status(collect(p.contingency, p.contingency_home), p.contingency)
    return view


def test_accept_in_the_window_restores_a_bundle_of_a_reinstalled_official(qtbot, pair):
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    home, other = second_official(pair)
    run_official(other, home)
    assert run_contingency(pair.contingency, pair.contingency_home).result == "rejected"
    view = shown(qtbot, pair)
    assert view.rows["rejected"].isVisible() and "another official" in view.fields["rejected"].text()
    assert view.accept_button.isEnabled()
    qtbot.mouseClick(view.accept_button, Qt.LeftButton)
    journal = Journal(pair.contingency_home.journal_file)
    assert journal.get_state(StateKey.REJECTED) is None and journal.get_state(StateKey.ACCEPT)
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    assert fingerprint(pair.contingency_db) == fingerprint(other.database.path)
    view.show_status(collect(pair.contingency, pair.contingency_home), pair.contingency)
    assert not view.rows["rejected"].isVisible()
    assert "in all" in view.fields["home"].text() and "0 B of work files" in view.fields["home"].text()


def test_try_again_in_the_window_and_no_accept_for_a_corrupt_bundle(qtbot, pair):
    run_official(pair.official, pair.official_home)
    bundle = next(pair.shared.glob("*.zip"))
    good = bundle.read_bytes()
    bundle.write_bytes(good[:200] + bytes([good[200] ^ 0xFF]) + good[201:])
    assert run_contingency(pair.contingency, pair.contingency_home).result == "rejected"
    view = shown(qtbot, pair)
    assert view.rows["rejected"].isVisible() and not view.accept_button.isEnabled()  # a verdict is not overruled
    bundle.write_bytes(good)
    qtbot.mouseClick(view.retry_button, Qt.LeftButton)
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
