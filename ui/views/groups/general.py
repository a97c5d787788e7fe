"""*Parâmetros Gerais*: the general switch (F1). Off, the settings stay editable, so a machine can
be prepared before it is switched on; a note says that nothing runs."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from ..partials.form import Form
from ..partials.widgets import NOTE_STYLE


class GeneralGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("General parameters"))
        layout = QVBoxLayout(self)
        layout.addWidget(form.check("enabled", self.tr("Enable contingency mode")))
        self.enabled = form.widget("enabled")
        self.off_note = QLabel(self.tr("Off: the settings are kept, but nothing runs until this box is "
                                       "ticked and the settings are saved."))
        self.off_note.setWordWrap(True)
        self.off_note.setStyleSheet(NOTE_STYLE)
        layout.addWidget(self.off_note)
        self.enabled.toggled.connect(self.update_enabled)

    def update_enabled(self) -> None:
        self.off_note.setVisible(not self.enabled.isChecked())
