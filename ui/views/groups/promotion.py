"""*Promoção*: what the Assistente starts from (the application profile, the hosts, the path
prefix changes, the service hooks)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox

from ..partials.form import Form

TOML_FILES = "TOML (*.toml)"


class PromotionGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("Promotion (used by the wizard)"))
        rows = QFormLayout(self)
        rows.addRow(self.tr("Application profile:"),
                    form.path("promotion.profile", pick_file=True, file_filter=TOML_FILES))
        rows.addRow(self.tr("New host name or IP:"),
                    form.line("promotion.new_host", self.tr("empty: the machine name")))
        rows.addRow(self.tr("Old official's host name:"),
                    form.line("promotion.old_host", self.tr("empty: taken from the last backup")))
        rows.addRow(self.tr("Path prefix changes:"),
                    form.text_list("promotion.path_maps", "\\\\OFICIAL\\MGV7=D:\\MGV7"))
        rows.addRow(form.check("promotion.create_folders", self.tr("Create the missing local folders")))
        rows.addRow(self.tr("Service hooks file:"),
                    form.path("promotion.hooks_file", pick_file=True, file_filter=TOML_FILES))
        rows.addRow(self.tr("Service hook timeout:"), form.spin("promotion.hook_timeout_s", " s"))
