"""Screenshots of every wizard page in pt_BR (rendered offscreen with grab()) into a temporary folder.

``scripts/screenshots.sh`` sets ``CONTINGENCIA_SCREENSHOTS`` to docs/screenshots/ to update them there.
"""

from __future__ import annotations

from pathlib import Path

import os

import pytest

from tests.test_promotion import NEW, OLD, Setup

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "ui" / "translations"


@pytest.fixture
def pt_br(qapp):
    """The interface in pt_BR, installed the way the application does it."""
    from ui import i18n
    if "<name>PromotionWizard</name>" not in (I18N / "contingencia_pt_BR.ts").read_text(encoding="utf-8"):
        pytest.fail("the pt_BR catalogue lacks the PromotionWizard context")
    assert i18n.install(qapp, "pt_BR") == "pt_BR"
    yield
    i18n.uninstall(qapp)


@pytest.fixture
def screenshots_dir(tmp_path) -> Path:
    """Where the pictures go: a temporary folder unless ``CONTINGENCIA_SCREENSHOTS`` names one."""
    chosen = os.environ.get("CONTINGENCIA_SCREENSHOTS")
    folder = Path(chosen).resolve() if chosen else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(qtbot, wizard, folder: Path, name: str) -> Path:
    qtbot.wait(50)
    target = folder / f"wizard-{name}.png"
    assert wizard.grab().save(str(target))
    return target


def shown_wizard(qtbot, tmp_path, home):
    """The Assistente of a contingency machine with one restore done, at the size of the pictures."""
    from ui.wizard import PromotionWizard
    setup = Setup(tmp_path, home)
    setup.cycle()
    setup.contingency.promotion.new_host = NEW
    wizard = PromotionWizard(None, home, setup.contingency)
    qtbot.addWidget(wizard)
    wizard.resize(900, 640)
    wizard.show()
    return wizard


def test_screenshots_of_every_page_in_pt_br(qtbot, tmp_path, home, pt_br, screenshots_dir):
    from app.promotion.hooks import Hook
    wizard = shown_wizard(qtbot, tmp_path, home)
    assert wizard.windowTitle() == "Assistente de Contingência de Servidor"
    wizard.intro.confirm.setChecked(True)
    shots = [shoot(qtbot, wizard, screenshots_dir, "1-apresentacao")]
    wizard.next()
    shots.append(shoot(qtbot, wizard, screenshots_dir, "2-servidor-de-comunicacoes"))
    wizard.preview._add_map(f"\\\\{OLD}\\MGV7", "D:\\MGV7")
    wizard.next()
    qtbot.waitUntil(wizard.preview.isComplete, timeout=20000)
    shots.append(shoot(qtbot, wizard, screenshots_dir, "3-previa"))
    wizard.next()
    wizard.hooks_page.add(Hook("LMP", 'sc stop "LMP"', 'sc start "LMP"', True))
    shots.append(shoot(qtbot, wizard, screenshots_dir, "4-servicos"))
    wizard.hooks_page.table.removeRow(0)  # the real promotion below runs without Windows' sc
    wizard.next()
    shots.append(shoot(qtbot, wizard, screenshots_dir, "5-promover-antes"))
    wizard.apply_page.button.click()
    qtbot.waitUntil(lambda: wizard.apply_page.result is not None, timeout=30000)
    assert wizard.apply_page.isComplete(), wizard.apply_page.now.text()
    shots.append(shoot(qtbot, wizard, screenshots_dir, "6-promover-concluido"))
    wizard.next()
    wizard.backup_page.enable.setChecked(True)
    wizard.backup_page.folder.setText("D:\\Contingencia\\Backups")
    shots.append(shoot(qtbot, wizard, screenshots_dir, "7-backup"))
    wizard.backup_page.folder.setText(str(tmp_path / "backups"))
    wizard.next()
    shots.append(shoot(qtbot, wizard, screenshots_dir, "8-concluido"))
    assert all(p.stat().st_size > 5000 for p in shots)
    wizard.accept()


def test_screenshot_of_a_failed_promotion_in_pt_br(qtbot, tmp_path, home, pt_br, screenshots_dir, monkeypatch):
    """A required service that does not stop: the Assistente says so in Portuguese, nothing changed."""
    from app.promotion.hooks import Hook
    # Windows' sc, as it answers in Portuguese on a machine where LMP is not installed
    tools = tmp_path / "bin"
    tools.mkdir()
    sc = tools / "sc"
    sc.write_text('#!/bin/sh\necho "[SC] OpenService FALHA 1060:"\n'
                  'echo "O serviço especificado não existe como serviço instalado."\nexit 36\n', encoding="utf-8")
    sc.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    wizard = shown_wizard(qtbot, tmp_path, home)
    wizard.intro.confirm.setChecked(True)
    wizard.next()
    wizard.preview._add_map(f"\\\\{OLD}\\MGV7", "D:\\MGV7")
    wizard.next()
    qtbot.waitUntil(wizard.preview.isComplete, timeout=20000)
    wizard.next()
    wizard.hooks_page.add(Hook("LMP", 'sc stop "LMP"', 'sc start "LMP"', True))
    wizard.next()
    wizard.apply_page.button.click()
    qtbot.waitUntil(lambda: wizard.apply_page.result is not None, timeout=30000)
    assert not wizard.apply_page.result.completed
    text = wizard.apply_page.now.text()
    assert text.startswith("A promoção foi interrompida: O comando obrigatório LMP falhou; nada foi alterado."), text
    shot = shoot(qtbot, wizard, screenshots_dir, "6-promover-falhou")
    assert shot.stat().st_size > 5000
    wizard.reject()
