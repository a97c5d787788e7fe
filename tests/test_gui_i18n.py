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


# Every module of the window, the screens and their partials; the promotion wizard translates
# in one "PromotionWizard" context of its own and is checked by its tests.
OWN_MODULES = sorted(path for path in (ROOT / "ui").rglob("*.py") if path.name != "wizard.py")


def source_messages() -> set[tuple[str, str]]:
    """(context, text) of every literal given to self.tr (the enclosing class is Qt's context),
    QCoreApplication.translate or QT_TRANSLATE_NOOP in the window's modules."""
    found = set()
    for path in OWN_MODULES:
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
    assert translator.translate("CommandButtons", "Save") == "Salvar"


def test_without_lrelease_the_builtin_writer_compiles(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "_lrelease", lambda: None)
    ts = tmp_path / "contingencia_pt_BR.ts"
    ts.write_bytes(TS.read_bytes())
    [target] = i18n.ensure_compiled(tmp_path)
    translator = QTranslator()
    assert translator.load(str(target))
    assert translator.translate("CommandButtons", "Run now") == "Executar agora"


@pytest.fixture
def open_window(qtbot):
    from tests.gui_helpers import window_factory
    yield from window_factory(qtbot)


def test_the_settings_without_a_place_of_their_own_read_in_portuguese(qtbot):
    """'Outras configurações' shows any key no group places with the model's own label and help: every
    key of the model, placed there, reads in Portuguese (so a key added to the model does too)."""
    from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

    from app.settings.model import flat_keys
    from ui.views.groups.other import OtherSettingsGroup
    from ui.views.partials.form import Form
    from ui.views.partials.widgets import FieldFrame

    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        box = OtherSettingsGroup(Form())  # an empty form: every key of the model lands in the box
        qtbot.addWidget(box)
        assert box.title() == "Outras configurações"
        shown = [w.text().rstrip(":") for w in box.findChildren(QLabel) + box.findChildren(QCheckBox) if w.text()]
        english = {info.meta.get("label", info.key) for info in flat_keys()}
        assert len(shown) == len(list(flat_keys())) and not english & set(shown), sorted(english & set(shown))
        helps = [info.meta["help"] for info in flat_keys() if info.meta.get("help")]
        tips = [frame.toolTip() for frame in box.findChildren(FieldFrame) if frame.toolTip()]
        assert len(tips) == len(helps) and not set(helps) & set(tips), sorted(set(helps) & set(tips))
    finally:
        i18n.uninstall(app)


def test_every_consent_question_reads_in_portuguese(qtbot):
    """A switch the model asks consent for (``consent``) asks in Portuguese, in the window as on the model."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from app.settings.model import flat_keys

    app = QApplication.instance()
    assert i18n.install(app, "pt_BR") == "pt_BR"
    try:
        consents = [info.meta["consent"] for info in flat_keys() if info.meta.get("consent")]
        assert consents
        untranslated = [text for text in consents if QCoreApplication.translate("Setting", text) == text]
        assert not untranslated, untranslated
    finally:
        i18n.uninstall(app)
