"""pytest-qt drives the promotion wizard offscreen through every page (F13)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from PySide6.QtWidgets import QWizard

from app.promotion.hooks import Hook
from tests.gui_helpers import click, type_into
from tests.test_promotion import NEW, OLD, Setup

pytestmark = pytest.mark.gui


def next_page(qtbot, wizard) -> None:
    click(qtbot, wizard.button(QWizard.NextButton))


def page_button(page, text: str):
    from PySide6.QtWidgets import QPushButton
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


def type_in_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Click the cell, F2 to edit it, type, Enter: as a person fills a table."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table and table.isAncestorOf(editor), "F2 opens the cell's editor"
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, column).text() == text, timeout=2000)  # committed when it closes


def drive_to_preview(qtbot, wizard, setup: Setup) -> None:
    intro = wizard.currentPage()
    assert not intro.isComplete(), "the confirmation is required"
    assert not wizard.button(QWizard.NextButton).isEnabled()
    click(qtbot, intro.confirm)
    next_page(qtbot, wizard)
    hosts = wizard.hosts_page
    assert wizard.currentPage() is hosts and hosts.all_stores.isChecked()
    type_into(qtbot, hosts.comm, NEW)
    assert hosts.web.text() == NEW and hosts.remote.text() == NEW, "the three fields follow by default"
    type_into(qtbot, hosts.remote, "10.0.0.30")
    next_page(qtbot, wizard)
    preview = wizard.preview
    assert wizard.currentPage() is preview
    qtbot.waitUntil(lambda: preview.isComplete() or "failed" in preview.status.text(), timeout=20000)
    assert preview.isComplete(), preview.status.text()
    click(qtbot, page_button(preview, "Add"))
    row = preview.maps.rowCount() - 1
    type_in_cell(qtbot, preview.maps, row, 0, f"\\\\{OLD}\\MGV7")
    type_in_cell(qtbot, preview.maps, row, 1, str(setup.local))
    assert preview.path_maps()[-1] == (f"\\\\{OLD}\\MGV7", str(setup.local))
    click(qtbot, page_button(preview, "Update preview"))
    qtbot.waitUntil(lambda: preview.isComplete(), timeout=20000)
    assert wizard.button(QWizard.NextButton).isEnabled()


def test_wizard_goes_through_every_page_and_promotes(qtbot, tmp_path, home):
    from ui.wizard import PromotionWizard
    setup = Setup(tmp_path, home)
    setup.cycle()
    settings = setup.contingency
    wizard = PromotionWizard(None, home, settings)
    qtbot.addWidget(wizard)
    wizard.show()
    drive_to_preview(qtbot, wizard, setup)
    preview = wizard.preview
    assert preview.tree.topLevelItem(0).text(0) == "General"
    stores = [preview.tree.topLevelItem(i).text(0) for i in range(preview.tree.topLevelItemCount())]
    assert "LOJA01 Loja Centro" in stores
    changes = preview.result.plan.changes
    assert any(c.column == "remote_load_host" and c.new == "10.0.0.30" for c in changes)
    assert any(c.column == "mt1_remote_load_host" and c.new == "10.0.0.30" for c in changes)
    next_page(qtbot, wizard)
    hooks = wizard.hooks_page
    assert wizard.currentPage() is hooks
    hooks.add(Hook("echo", stop="echo parado", start="echo ok"))
    next_page(qtbot, wizard)
    apply_page = wizard.apply_page
    assert wizard.currentPage() is apply_page and not apply_page.isComplete()
    click(qtbot, apply_page.button)
    qtbot.waitUntil(lambda: apply_page.result is not None, timeout=30000)
    assert apply_page.isComplete(), apply_page.now.text()
    assert settings.mode == "official", "the window's settings show mode Official"
    rows = sqlite3.connect(setup.live_db).execute("SELECT comm_control_host, remote_load_host FROM stores").fetchall()
    assert set(rows) == {(NEW, "10.0.0.30")}
    steps = [apply_page.steps.topLevelItem(i).text(0) for i in range(apply_page.steps.topLevelItemCount())]
    assert "Fencing" in steps and "Mode" in steps
    next_page(qtbot, wizard)
    backup = wizard.backup_page
    assert wizard.currentPage() is backup
    click(qtbot, backup.enable)
    type_into(qtbot, backup.folder, str(tmp_path / "new-backups"))
    type_into(qtbot, backup.interval.lineEdit(), "30")
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.finish_page
    assert "saved" in wizard.finish_page.summary.text()
    assert settings.official.destination1.path == str(tmp_path / "new-backups")
    assert settings.official.interval_min == 30 and settings.enabled
    from app.settings.store import SettingsStore
    saved = SettingsStore(home).load()
    assert saved.mode == "official" and saved.official.interval_min == 30
    click(qtbot, wizard.button(QWizard.FinishButton))
    assert not wizard.isVisible()


def test_the_wizard_restores_the_newer_backup_its_preview_announced(qtbot, tmp_path, home):
    """The preview restores nothing (a dry run); the promotion after it catches up itself."""
    from app.cycles import run_official
    from app.demo import data as demo_data
    from ui.wizard import PromotionWizard
    setup = Setup(tmp_path, home)
    setup.cycle()
    demo_data.change_prices(setup.official_db, percent=30)
    assert run_official(setup.official, setup.official_home).result == "ok"
    wizard = PromotionWizard(None, home, setup.contingency)
    qtbot.addWidget(wizard)
    wizard.show()
    drive_to_preview(qtbot, wizard, setup)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    apply_page = wizard.apply_page
    click(qtbot, apply_page.button)
    qtbot.waitUntil(lambda: apply_page.result is not None, timeout=30000)
    assert apply_page.isComplete(), apply_page.now.text()
    assert apply_page.result.steps[0].message.startswith("A newer backup was restored first")
    assert dict(demo_data.fingerprint(setup.live_db))["prices"] == dict(demo_data.fingerprint(setup.official_db))["prices"]


def test_wizard_backup_page_is_optional_and_checks_the_folder(qtbot, tmp_path, home):
    from ui.wizard import PromotionWizard
    setup = Setup(tmp_path, home)
    setup.cycle()
    wizard = PromotionWizard(None, home, setup.contingency)
    qtbot.addWidget(wizard)
    problem = wizard.configure_backups("", 60)
    assert "folder" in problem
    wizard.reject()


def test_every_wizard_text_has_a_pt_br_translation():
    import ast
    from pathlib import Path
    from ui import qm
    root = Path(__file__).resolve().parents[1]
    tree = ast.parse((root / "ui" / "wizard.py").read_text(encoding="utf-8"))
    texts = {node.args[0].value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "tr"
             and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)}
    catalog = qm.read_ts(root / "ui" / "translations" / "contingencia_pt_BR.ts")
    translated = {m.source for m in catalog.messages if m.context == "PromotionWizard" and m.translation}
    assert texts - translated == set(), "append the PromotionWizard context to contingencia_pt_BR.ts"


def test_every_promotion_message_has_a_pt_br_translation():
    """The wizard shows the core's step results in Portuguese: each template must be translated
    in the catalogue the core reads (app.phrases), whichever of its contexts holds it."""
    import ast
    from app.phrases import catalogue
    root = Path(__file__).resolve().parents[1]
    templates = set()
    for path in (root / "app" / "promotion").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Phrase" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                templates.add(node.args[0].value)
    translated = set(catalogue("pt_BR"))
    assert templates and not templates - translated, sorted(templates - translated)


def test_the_lmp_preset_is_a_service_hook_that_enables_a_disabled_lmp(qtbot, tmp_path, home):
    """The seed keeps LMP stopped and disabled on the contingency machine: the preset drives the
    service manager (stop = already stopped, start = set automatic, start, wait), not sc."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    from app.promotion.hooks import load_hooks
    from ui.wizard import PromotionWizard
    setup = Setup(tmp_path, home)
    setup.cycle()
    wizard = PromotionWizard(None, home, setup.contingency)
    qtbot.addWidget(wizard)
    page = wizard.hooks_page
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "Add LMP")
    qtbot.mouseClick(button, Qt.LeftButton)
    assert page.hooks() == [Hook("LMP", required=True, service="LMP", enable="auto")]
    assert "LMP" in page.table.item(0, 2).text() and not page.table.item(0, 2).flags() & Qt.ItemIsEditable
    assert page.validatePage()
    assert load_hooks(wizard.hooks_file) == [Hook("LMP", required=True, service="LMP", enable="auto")]
    wizard.reject()
