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
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from .groups.advanced import AdvancedGroup
from .groups.contingency import ContingencyGroup
from .groups.email import EmailGroup
from .groups.general import GeneralGroup
from .groups.mode import ModeGroup
from .groups.official import OfficialGroup
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

    def editors(self) -> list[EndpointEditor]:
        return self.official.editors() + [self.contingency.source]

    def update_enabled(self) -> None:
        official = self.mode.official_radio.isChecked()
        self.official.setEnabled(official)
        self.contingency.setEnabled(not official)
        self.advanced.update_enabled(official)
        self.official.schedule.update_enabled()
        self.general.update_enabled()

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
