"""*Notificações por E-mail* (F12): the registered account that sends (*Novo*, *Editar*,
*Remover*), one check box per kind of event, reminders while a problem lasts and the daily
summary."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QVBoxLayout, QWidget)

from app.settings.model import EVENT_KINDS

from ... import texts
from ..partials.accounts import AccountsRow
from ..partials.form import Form
from ..partials.widgets import FieldFrame, TimeLine


class EmailGroup(QGroupBox):
    """``secret(key)`` reads a saved password; ``run_dialog(dialog)`` shows a dialog modally."""

    def __init__(self, form: Form, secret: Callable[[str], str], run_dialog: Callable[[QDialog], bool],
                 lang: str) -> None:
        super().__init__(self.tr("E-mail notifications"))
        layout = QVBoxLayout(self)
        self.accounts_row = rows = AccountsRow(secret, run_dialog, lang)
        layout.addWidget(form.bind("notify.account", rows.combo, rows.chosen, rows.select, FieldFrame(rows)))
        layout.addWidget(QLabel(self.tr("Send an e-mail when:")))
        layout.addWidget(self._events(form))
        layout.addLayout(self._reminders(form))

    def _events(self, form: Form) -> FieldFrame:
        self.event_checks: dict[str, QCheckBox] = {}
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, kind in enumerate(EVENT_KINDS):
            check = QCheckBox(texts.event_name(kind))
            self.event_checks[kind] = check
            grid.addWidget(check, index // 2, index % 2)
        return form.bind("notify.events", next(iter(self.event_checks.values())),
                         lambda: [k for k, c in self.event_checks.items() if c.isChecked()],
                         lambda v: [c.setChecked(k in v) for k, c in self.event_checks.items()],
                         FieldFrame(grid_widget))

    def _reminders(self, form: Form) -> QFormLayout:
        rows = QFormLayout()
        reminder = form.spin("notify.reminder_min", self.tr(" min"))
        reminder.widget.setSpecialValueText(self.tr("no reminder"))
        rows.addRow(self.tr("Remind while a problem lasts, every:"), reminder)
        summary_time = TimeLine()
        summary_row = QWidget()
        summary_layout = QHBoxLayout(summary_row)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addWidget(form.check("notify.daily_summary", self.tr("Daily summary at")))
        summary_layout.addWidget(form.bind("notify.summary_time", summary_time, summary_time.value,
                                           lambda v: summary_time.setText(v or "")))
        summary_layout.addStretch(1)
        rows.addRow(summary_row)
        return rows
