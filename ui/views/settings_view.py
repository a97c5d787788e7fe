"""The "Configuração" tab, laid out like MGV7's screen: the groups in its order and words, in two
columns that scroll together.

Enabling rules (F1, F4):
- Only the chosen mode's group is enabled: in contingency mode the official's parameters are
  disabled, and in official mode the contingency's.
- With the general switch off, the parameters stay editable, so a machine can be prepared before
  it is switched on; a note says that nothing runs.
- The database connection and the e-mail notifications serve both modes and stay enabled. The
  database sits under "Exibir opções avançadas" (in MGV7 it is implicit); a validation error in a
  hidden field opens the advanced options.
- A setting the model declares for some database engines only (``engines``, e.g. the incremental
  bundles) is enabled while the chosen engine is one of them.
- The pair's acknowledgements serve both modes; their alert thresholds are the official's.
"""

from __future__ import annotations

from typing import Callable

from app.settings.model import for_engine, key_info

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from .groups.advanced import AdvancedGroup
from .groups.contingency import ContingencyGroup
from .groups.email import EmailGroup
from .groups.general import GeneralGroup
from .groups.mode import ModeGroup
from .groups.official import OfficialGroup
from .groups.pair import PairGroup
from .partials.endpoint_editor import EndpointEditor
from .partials.form import Form
from .partials.widgets import Binding


class SettingsView(QScrollArea):
    """The form's groups; ``form`` holds every key's binding."""

    def __init__(self, form: Form, secret: Callable[[str], str], run_dialog: Callable[[QDialog], bool],
                 lang: str) -> None:
        super().__init__()
        self.form = form
        page = QWidget()
        columns = QHBoxLayout(page)
        left, right = QVBoxLayout(), QVBoxLayout()
        self.general = GeneralGroup(form)
        self.mode = ModeGroup(form)
        self.official = OfficialGroup(form)
        for group in (self.general, self.mode, self.official):
            left.addWidget(group)
        left.addStretch(1)
        self.contingency = ContingencyGroup(form)
        right.addWidget(self.contingency)
        self.pair = PairGroup(form)
        right.addWidget(self.pair)
        self.advanced_check = QCheckBox(self.tr("Show advanced options"))
        right.addWidget(self.advanced_check)
        self.advanced = AdvancedGroup(form)
        self.advanced_check.toggled.connect(self.advanced.setVisible)
        right.addWidget(self.advanced)
        self.email = EmailGroup(form, secret, run_dialog, lang)
        right.addWidget(self.email)
        self.other = self.advanced.add_other_settings()  # after every group has placed its keys
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.setWidgetResizable(True)
        self.setWidget(page)
        self.mode.official_radio.toggled.connect(self.update_enabled)
        self.general.enabled.toggled.connect(self.update_enabled)
        self.engine = form.widget("database.engine")
        self.engine.currentIndexChanged.connect(self.update_enabled)
        self.engine.activated.connect(lambda: self.official.schedule.engine_chosen(self.engine.currentData()))

    def editors(self) -> list[EndpointEditor]:
        return self.official.editors() + [self.contingency.source]

    def update_enabled(self) -> None:
        official = self.mode.official_radio.isChecked()
        self.official.setEnabled(official)
        self.contingency.setEnabled(not official)
        self.advanced.update_enabled(official)
        self.official.schedule.update_enabled()
        self.pair.update_enabled(official)
        self.general.update_enabled()
        self.follow_engine()

    def follow_engine(self) -> None:
        """Each setting declared for some engines only is enabled while the chosen engine is one."""
        engine = self.engine.currentData()
        for key in self.form.engine_keys():
            self.form.set_enabled(key, for_engine(key, engine))
        self.official.schedule.follow_engine(engine, self.engine_names(key_info("official.incremental_interval_min")
                                                                       .meta["engines"]))

    def engine_names(self, engines: tuple[str, ...]) -> list[str]:
        """The engines as the Database group names them."""
        return [self.engine.itemText(self.engine.findData(engine)) for engine in engines]

    def refresh(self) -> None:
        """The rules that follow the values, after the values changed all at once."""
        self.update_enabled()
        self.advanced.database.update_rows()

    def expose(self, binding: Binding) -> None:
        """A field hidden in the advanced options is shown (it has an error to read)."""
        if self.advanced.isAncestorOf(binding.frame):
            self.advanced_check.setChecked(True)

    def reveal(self, binding: Binding) -> None:
        """Bring a field into view and give it the focus."""
        self.expose(binding)
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(binding.frame))
        binding.focus.setFocus()
