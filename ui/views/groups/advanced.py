"""*Exibir opções avançadas* (F10): the temporary and work folders, the full integrity check, the
database, the machine's name and language, the Assistente's defaults and every setting without a
group of its own. In MGV7 the database is implicit; here it serves both modes, so it sits here."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout

from ..partials.form import Form
from .database import DatabaseGroup
from .other import OtherSettingsGroup
from .promotion import PromotionGroup

FOLDERS = ("contingency.temp_folder", "official.work_folder")


class AdvancedGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("Advanced options"))
        self.form = form
        layout = QVBoxLayout(self)
        rows = QFormLayout()
        rows.addRow(self.tr("Temporary folder:"), form.path("contingency.temp_folder"))
        rows.addRow(self.tr("Work folder (official):"), form.path("official.work_folder"))
        full_check = form.spin("contingency.full_check_every_h", " h")
        full_check.widget.setSpecialValueText(self.tr("at every restore"))
        rows.addRow(self.tr("Full integrity check every:"), full_check)
        layout.addLayout(rows)
        self.database = DatabaseGroup(form)
        layout.addWidget(self.database)
        machine = QFormLayout()
        machine.addRow(self.tr("Machine name:"), form.line("machine_name"))
        machine.addRow(self.tr("Language:"), form.combo("language", [("", self.tr("System language")),
                                                                     ("en", "English"),
                                                                     ("pt_BR", "Português (Brasil)")]))
        layout.addLayout(machine)
        layout.addWidget(PromotionGroup(form))
        for key in FOLDERS:
            form.frame(key).widget.line.setPlaceholderText(self.tr("empty: the instance's work folder"))
        self.hide()

    def add_other_settings(self) -> OtherSettingsGroup | None:
        """Last, once every other group has placed its keys: the ones left, if any."""
        if not self.form.missing():
            return None
        other = OtherSettingsGroup(self.form)
        self.layout().addWidget(other)
        return other

    def update_enabled(self, official: bool) -> None:
        """Each mode's folder is enabled in its mode only."""
        self.form.frame("contingency.temp_folder").setEnabled(not official)
        self.form.frame("official.work_folder").setEnabled(official)
