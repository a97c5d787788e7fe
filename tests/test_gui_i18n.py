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
TS = ROOT / "resources" / "i18n" / "contingencia_pt_BR.ts"


# The promotion wizard ships its own strings (context "PromotionWizard"); it is checked by its tests.
OWN_MODULES = ["app.py", "email_dialog.py", "endpoint_editor.py", "settings_window.py", "texts.py", "tray.py",
               "widgets.py"]


def source_texts() -> set[str]:
    """Every literal given to self.tr, QCoreApplication.translate or QT_TRANSLATE_NOOP in the window's modules."""
    found = set()
    for path in (ROOT / "ui" / name for name in OWN_MODULES):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            args = node.args
            if isinstance(node.func, ast.Name) and node.func.id == "QT_TRANSLATE_NOOP":
                found.add(args[1].value)
                continue
            if not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr == "tr" and args and isinstance(args[0], ast.Constant):
                found.add(args[0].value)
            elif node.func.attr == "translate" and len(args) > 1 and isinstance(args[1], ast.Constant):
                found.add(args[1].value)
    return found


def test_every_ui_text_has_a_finished_portuguese_translation():
    root = ET.parse(TS).getroot()
    translated = {}
    for message in root.iter("message"):
        translation = message.find("translation")
        assert translation.get("type") is None, message.findtext("source")
        assert translation.text, message.findtext("source")
        translated[message.findtext("source")] = translation.text
    missing = source_texts() - set(translated)
    assert not missing


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
