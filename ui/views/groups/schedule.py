"""*Periodicidade* (F6): *Intervalo Fixo* in minutes, or *Intervalo Variável* with up to three
times of day; only the chosen kind's fields are enabled."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QRadioButton, QWidget

from app.settings.model import key_info

from ..partials.form import Form
from ..partials.widgets import FieldFrame, TimeLine



class ScheduleGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("Backup schedule"))
        grid = QGridLayout(self)
        self.fixed_radio = QRadioButton(self.tr("Fixed interval"))
        self.variable_radio = QRadioButton(self.tr("Variable interval"))
        group = QButtonGroup(self)
        group.addButton(self.fixed_radio)
        group.addButton(self.variable_radio)
        form.bind("official.schedule", self.fixed_radio,
                  lambda: "fixed" if self.fixed_radio.isChecked() else "times",
                  lambda v: (self.fixed_radio if v == "fixed" else self.variable_radio).setChecked(True),
                  FieldFrame(QWidget()))
        grid.addWidget(self.fixed_radio, 0, 0)
        interval = form.spin("official.interval_min", self.tr(" min"))
        self.interval = interval.widget
        grid.addWidget(interval, 0, 1)
        grid.addWidget(self.variable_radio, 1, 0)
        grid.addWidget(self._times_row(form), 2, 0, 1, 2)
        self.fixed_radio.toggled.connect(self.update_enabled)

    def _times_row(self, form: Form) -> FieldFrame:
        self.time_checks: list[QCheckBox] = []
        self.time_edits: list[TimeLine] = []
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for index in range(key_info("official.times").meta["max_items"]):
            check = QCheckBox(self.tr("Time %1:").replace("%1", str(index + 1)))
            edit = TimeLine()
            check.toggled.connect(edit.setEnabled)
            edit.setEnabled(False)
            self.time_checks.append(check)
            self.time_edits.append(edit)
            layout.addWidget(check)
            layout.addWidget(edit)
        layout.addStretch(1)
        return form.bind("official.times", self.time_edits[0], self.times, self.set_times, FieldFrame(row))

    def times(self) -> list[str]:
        return [edit.value() for check, edit in zip(self.time_checks, self.time_edits)
                if check.isChecked() and edit.value()]

    def set_times(self, times: list[str]) -> None:
        for index, (check, edit) in enumerate(zip(self.time_checks, self.time_edits)):
            value = times[index] if index < len(times) else ""
            check.setChecked(bool(value))
            edit.setText(value)

    def update_enabled(self) -> None:
        fixed = self.fixed_radio.isChecked()
        self.interval.setEnabled(fixed)
        for check in self.time_checks:
            check.setEnabled(not fixed)
