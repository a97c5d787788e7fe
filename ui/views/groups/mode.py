"""*Modo de Operação*: Oficial or Contingência (F2); the tab enables the chosen mode's group (F4)."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGroupBox, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget

from ..partials.form import Form
from ..partials.widgets import FieldFrame


class ModeGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("Operation mode"))
        self.official_radio = QRadioButton(self.tr("Official"))
        self.contingency_radio = QRadioButton(self.tr("Contingency"))
        group = QButtonGroup(self)
        group.addButton(self.official_radio)
        group.addButton(self.contingency_radio)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.official_radio)
        row_layout.addWidget(self.contingency_radio)
        row_layout.addStretch(1)
        frame = form.bind("mode", self.official_radio, self.mode, self.set_mode, FieldFrame(row))
        QVBoxLayout(self).addWidget(frame)

    def mode(self) -> str:
        return "official" if self.official_radio.isChecked() else "contingency"

    def set_mode(self, mode: str) -> None:
        (self.official_radio if mode == "official" else self.contingency_radio).setChecked(True)
