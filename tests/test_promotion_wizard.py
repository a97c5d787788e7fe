"""pytest-qt drives the promotion wizard offscreen through every page (F13)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.promotion import Hook
from tests.test_promotion import NEW, OLD, Setup

pytestmark = pytest.mark.gui


def drive_to_preview(qtbot, wizard, setup: Setup) -> None:
    from PySide6.QtWidgets import QWizard
    intro = wizard.currentPage()
    assert not intro.isComplete(), "the confirmation is required"
    intro.confirm.setChecked(True)
    wizard.next()
    hosts = wizard.hosts_page
    assert wizard.currentPage() is hosts and hosts.all_stores.isChecked()
    hosts.comm.clear()
    qtbot.keyClicks(hosts.comm, NEW)
    assert hosts.web.text() == NEW and hosts.remote.text() == NEW, "the three fields follow by default"
    hosts.remote.setText("10.0.0.30")
    wizard.next()
    preview = wizard.preview
    assert wizard.currentPage() is preview
    qtbot.waitUntil(lambda: preview.isComplete() or "failed" in preview.status.text(), timeout=20000)
    assert preview.isComplete(), preview.status.text()
    preview._add_map(f"\\\\{OLD}\\MGV7", str(setup.local))
    preview.refresh()
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
    wizard.next()
    hooks = wizard.hooks_page
    assert wizard.currentPage() is hooks
    hooks.add(Hook("echo", stop="echo parado", start="echo ok"))
    wizard.next()
    apply_page = wizard.apply_page
    assert wizard.currentPage() is apply_page and not apply_page.isComplete()
    apply_page.button.click()
    qtbot.waitUntil(lambda: apply_page.result is not None, timeout=30000)
    assert apply_page.isComplete(), apply_page.now.text()
    assert settings.mode == "official", "the window's settings show mode Official"
    rows = sqlite3.connect(setup.live_db).execute("SELECT comm_control_host, remote_load_host FROM stores").fetchall()
    assert set(rows) == {(NEW, "10.0.0.30")}
    steps = [apply_page.steps.topLevelItem(i).text(0) for i in range(apply_page.steps.topLevelItemCount())]
    assert "Fencing" in steps and "Mode" in steps
    wizard.next()
    backup = wizard.backup_page
    assert wizard.currentPage() is backup
    backup.enable.setChecked(True)
    backup.folder.setText(str(tmp_path / "new-backups"))
    backup.interval.setValue(30)
    wizard.next()
    assert wizard.currentPage() is wizard.finish_page
    assert "saved" in wizard.finish_page.summary.text()
    assert settings.official.destination1.path == str(tmp_path / "new-backups")
    assert settings.official.interval_min == 30 and settings.enabled
    from app.settings.store import SettingsStore
    saved = SettingsStore(home).load()
    assert saved.mode == "official" and saved.official.interval_min == 30
    wizard.accept()


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
    """The wizard shows the core's step results in Portuguese: each template must be translated."""
    import ast
    import xml.etree.ElementTree as ET
    root = Path(__file__).resolve().parents[1]
    templates = set()
    for path in (root / "app" / "promotion").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Phrase" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                templates.add(node.args[0].value)
    catalogue = ET.parse(root / "ui" / "translations" / "contingencia_pt_BR.ts").getroot()
    context = next(c for c in catalogue.iter("context") if c.findtext("name") == "Promotion")
    translated = {m.findtext("source") for m in context.iter("message") if (m.findtext("translation") or "").strip()}
    assert templates and not templates - translated, sorted(templates - translated)


def test_the_lmp_preset_is_a_service_hook_that_enables_a_disabled_lmp(qtbot, tmp_path, home):
    """The seed keeps LMP stopped and disabled on the contingency machine: the preset drives the
    service manager (stop = already stopped, start = set automatic, start, wait), not sc."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    from app.promotion import load_hooks
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
