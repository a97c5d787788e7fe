"""*Parâmetros Modo Contingência*: the *Modo de Comunicação* (where the official's backups are read,
F9), how often to look for a new one, when to raise "official silent" (B3), and how each
incremental bundle is checked before it goes live (for the engines that apply increments)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout

from ..partials.endpoint_editor import EndpointEditor
from ..partials.form import Form, setting_help


class ContingencyGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("Contingency mode parameters"))
        layout = QVBoxLayout(self)
        self.source = EndpointEditor("contingency.source", self.tr("Communication mode"), form.register)
        layout.addWidget(self.source)
        rows = QFormLayout()
        rows.addRow(self.tr("Check for a new backup every:"), form.spin("contingency.poll_interval_s", " s"))
        silent = form.spin("contingency.silent_after_min", self.tr(" min"))
        silent.widget.setSpecialValueText(self.tr("follow the official's schedule"))
        rows.addRow(self.tr("Official silent after:"), silent)
        rows.addRow(self.tr("Grace before the alert:"), form.spin("contingency.silent_grace_min", self.tr(" min")))
        rows.addRow(self.tr("Encryption passphrase (if the official encrypts):"),
                    form.password("contingency.encryption_passphrase"))
        check = form.combo("contingency.increment_check", [("quick_check", self.tr("the whole file (quick_check)")),
                                                            ("pages", self.tr("only the pages it changes"))])
        check.setToolTip(setting_help("contingency.increment_check"))
        rows.addRow(self.tr("Check of each increment:"), check)
        layout.addLayout(rows)
