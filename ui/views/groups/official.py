"""*Parâmetros Modo Oficial*: *Pasta 1* and *Pasta 2* (one destination per contingency server, F5),
the schedule (F6), the compression level (F7), the bundles kept and the optional passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout

from ..partials.endpoint_editor import EndpointEditor
from ..partials.form import Form
from .schedule import ScheduleGroup


class OfficialGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("Official mode parameters"))
        layout = QVBoxLayout(self)
        self.destination1 = EndpointEditor("official.destination1", self.tr("Destination 1 (contingency server 1)"),
                                           form.register)
        self.destination2 = EndpointEditor("official.destination2", self.tr("Destination 2 (contingency server 2)"),
                                           form.register, allow_none=True)
        layout.addWidget(self.destination1)
        layout.addWidget(self.destination2)
        self.schedule = ScheduleGroup(form)
        layout.addWidget(self.schedule)
        rows = QFormLayout()
        rows.addRow(self.tr("Compression level (0-9):"), form.spin("official.compression"))
        rows.addRow(self.tr("Backups kept per destination:"), form.spin("official.retention"))
        rows.addRow(self.tr("Encryption passphrase (optional):"), form.password("official.encryption_passphrase"))
        layout.addLayout(rows)

    def editors(self) -> list[EndpointEditor]:
        return [self.destination1, self.destination2]
