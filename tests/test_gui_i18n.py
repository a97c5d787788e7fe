"""The pt_BR translation is complete, and the .qm compiles with or without Qt's lrelease."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from ui import i18n, qm

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "ui" / "translations" / "contingencia_pt_BR.ts"


# The promotion wizard ships its own strings (context "PromotionWizard"); it is checked by its tests.
OWN_MODULES = ["app.py", "email_dialog.py", "endpoint_editor.py", "settings_window.py", "texts.py", "tray.py",
               "widgets.py", "operations.py", "views/status_view.py", "views/history_view.py",
               "views/partials/changed_elsewhere.py", "views/partials/accounts.py"]


def source_messages() -> set[tuple[str, str]]:
    """(context, text) of every literal given to self.tr (the enclosing class is Qt's context),
    QCoreApplication.translate or QT_TRANSLATE_NOOP in the window's modules."""
    found = set()
    for path in (ROOT / "ui" / name for name in OWN_MODULES):
        tree = ast.parse(path.read_text("utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for node in ast.walk(cls):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tr"
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    found.add((cls.name, node.args[0].value))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            named = isinstance(node.func, ast.Name) and node.func.id == "QT_TRANSLATE_NOOP"
            translate = isinstance(node.func, ast.Attribute) and node.func.attr == "translate"
            if (named or translate) and all(isinstance(a, ast.Constant) for a in node.args[:2]):
                found.add((node.args[0].value, node.args[1].value))
    return found


def source_texts() -> set[str]:
    return {text for _context, text in source_messages()}


def test_every_ui_text_has_a_finished_portuguese_translation_in_its_context():
    root = ET.parse(TS).getroot()
    translated = set()
    for context in root.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation.get("type") is None, message.findtext("source")
            assert translation.text, message.findtext("source")
            translated.add((context.findtext("name"), message.findtext("source")))
    missing = source_messages() - translated
    assert not missing, sorted(missing)


def test_the_builtin_qm_writer_matches_what_qt_reads(tmp_path):
    catalog = qm.read_ts(TS)
    target = tmp_path / "fallback.qm"
    qm.write_qm(catalog, target)
    translator = QTranslator()
    assert translator.load(str(target))
    for message in catalog.messages:
        assert translator.translate(message.context, message.source) == message.translation
    assert translator.translate("SettingsWindow", "no such text") == ""


def test_ensure_compiled_builds_a_fresh_qm(tmp_path):
    ts = tmp_path / "contingencia_pt_BR.ts"
    ts.write_bytes(TS.read_bytes())
    [target] = i18n.ensure_compiled(tmp_path)
    translator = QTranslator()
    assert translator.load(str(target))
    assert translator.translate("SettingsWindow", "Save") == "Salvar"


def test_without_lrelease_the_builtin_writer_compiles(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "_lrelease", lambda: None)
    ts = tmp_path / "contingencia_pt_BR.ts"
    ts.write_bytes(TS.read_bytes())
    [target] = i18n.ensure_compiled(tmp_path)
    translator = QTranslator()
    assert translator.load(str(target))
    assert translator.translate("SettingsWindow", "Run now") == "Executar agora"


@pytest.fixture
def open_window(qtbot):
    from tests.gui_helpers import window_factory
    yield from window_factory(qtbot)


def test_the_settings_without_a_place_of_their_own_read_in_portuguese(home, store, open_window):
    """'More settings' shows the model's own labels and help: each one in Portuguese too."""
    from PySide6.QtWidgets import QApplication, QCheckBox, QGroupBox, QLabel, QWidget

    from app.settings.model import flat_keys
    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        window = open_window(home, store)
        boxes = [b for b in window.findChildren(QGroupBox) if b.title() == "Outras configurações"]
        assert boxes, "the 'More settings' box is not there, or its title is not translated"
        shown = [w.text().rstrip(":") for w in boxes[0].findChildren(QLabel) + boxes[0].findChildren(QCheckBox)
                 if w.text()]
        english = {info.meta.get("label", info.key) for info in flat_keys()}
        assert shown and not english & set(shown), shown
        helps = {info.meta.get("help") for info in flat_keys() if info.meta.get("help")}
        tips = [w.toolTip() for w in boxes[0].findChildren(QWidget) if w.toolTip()]
        assert tips and not helps & set(tips), tips
    finally:
        i18n.uninstall(app)
