"""*Periodicidade* (F6): *Intervalo Fixo* in minutes, or *Intervalo Variável* with up to three
times of day; only the chosen kind's fields are enabled. With incremental bundles on, that is the
schedule of the full bundles, and the incremental interval below it says how often a small bundle
of the changes goes out between them: enabled only for the engines the model says build them.
Continuous mode (SQLite): a small bundle soon after each committed change, at most one every so
many seconds."""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QRadioButton,
                               QWidget)

from app.settings.model import for_engine, key_info

from ..partials.form import Form, setting_help
from ..partials.widgets import NOTE_STYLE, FieldFrame, TimeLine

INCREMENTAL = "official.incremental_interval_min"
CONTINUOUS = "official.continuous"
CONTINUOUS_GAP = "official.continuous_gap_s"
INCREMENT_CHECK = "official.increment_check"


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
        self._incremental_row(form, grid)
        self._continuous_row(form, grid)
        self._check_row(form, grid)
        self.fixed_radio.toggled.connect(self.update_enabled)

    def _incremental_row(self, form: Form, grid: QGridLayout) -> None:
        self.incremental_frame = form.spin(INCREMENTAL, self.tr(" min"))
        self.incremental_frame.setToolTip(setting_help(INCREMENTAL))
        self.incremental = self.incremental_frame.widget
        self.incremental.setSpecialValueText(self.tr("off"))
        self.incremental_label = QLabel(self.tr("Incremental bundles between the full ones, every:"))
        self.incremental_note = QLabel()
        self.incremental_note.setStyleSheet(NOTE_STYLE)
        self.incremental_note.setWordWrap(True)
        grid.addWidget(self.incremental_label, 3, 0)
        grid.addWidget(self.incremental_frame, 3, 1)
        grid.addWidget(self.incremental_note, 4, 0, 1, 2)
        self.remembered_increment = 0  # the interval an engine without increments put aside

    def _continuous_row(self, form: Form, grid: QGridLayout) -> None:
        self.continuous_frame = form.check(CONTINUOUS, self.tr("Continuous (SQLite): a bundle soon after each change"))
        self.continuous_frame.setToolTip(setting_help(CONTINUOUS))
        self.continuous = self.continuous_frame.widget
        self.gap_frame = form.spin(CONTINUOUS_GAP, self.tr(" s"))
        self.gap_frame.setToolTip(setting_help(CONTINUOUS_GAP))
        self.gap_label = QLabel(self.tr("at most one every:"))
        grid.addWidget(self.continuous_frame, 5, 0, 1, 2)
        grid.addWidget(self.gap_label, 6, 0)
        grid.addWidget(self.gap_frame, 6, 1)
        self.continuous.toggled.connect(self.update_enabled)

    def _check_row(self, form: Form, grid: QGridLayout) -> None:
        """How the official checks an increment before publishing it (SQLite)."""
        check = form.combo(INCREMENT_CHECK, [("quick_check", self.tr("the whole copy (quick_check)")),
                                             ("pages", self.tr("only the pages it changes"))])
        check.setToolTip(setting_help(INCREMENT_CHECK))
        grid.addWidget(QLabel(self.tr("Check of each increment:")), 7, 0)
        grid.addWidget(check, 7, 1)

    def follow_engine(self, engine: str, engine_names: list[str]) -> None:
        """The incremental interval is enabled for an engine that builds increments (the tab enables the
        field itself); for another, a note names the ones that do."""
        supported = for_engine(INCREMENTAL, engine)
        self.incremental_label.setEnabled(supported)
        self.incremental_note.setVisible(not supported)
        self.incremental_note.setText(self.tr("Incremental bundles are built only with: %1.")
                                      .replace("%1", ", ".join(engine_names)))

    def engine_chosen(self, engine: str) -> None:
        """The operator chose an engine: one without increments turns them off (the value shown is the
        value saved, and validation would refuse it); choosing one with them brings the interval back."""
        if not for_engine(CONTINUOUS, engine):
            self.continuous.setChecked(False)  # refused for another engine: what is shown is what is saved
        if not for_engine(INCREMENTAL, engine):
            self.remembered_increment = self.incremental.typed_value() or self.remembered_increment
            self.incremental.setValue(0)
        elif self.remembered_increment and not self.incremental.value():
            self.incremental.setValue(self.remembered_increment)
            self.remembered_increment = 0

    def _times_row(self, form: Form) -> FieldFrame:
        self.time_checks: list[QCheckBox] = []
        self.time_edits: list[TimeLine] = []
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)  # three whole times fit the column without widening it
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
        on = self.continuous.isChecked() and self.continuous_frame.isEnabled()
        self.gap_frame.widget.setEnabled(on)
        self.gap_label.setEnabled(on)
        fixed = self.fixed_radio.isChecked()
        self.interval.setEnabled(fixed)
        for check in self.time_checks:
            check.setEnabled(not fixed)
