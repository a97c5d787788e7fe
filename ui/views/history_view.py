"""The "Histórico" tab: the last runs, and the message, error and steps of the selected one."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPlainTextEdit, QSplitter, QTableWidget, QTableWidgetItem

from app.journal import RunRecord

from .. import texts
from ..texts import human_duration, human_size, local_time

COLUMNS = 6


class HistoryView(QSplitter):
    """``steps_of(run_id)`` reads one run's steps (a small indexed read of the journal)."""

    def __init__(self, steps_of: Callable[[int], list[dict]], parent=None) -> None:
        super().__init__(Qt.Vertical, parent)
        self.steps_of = steps_of
        self._signature: tuple = ()
        self._runs: list[RunRecord] = []
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Kind"), self.tr("Result"),
                                              self.tr("Duration"), self.tr("Backup file"), self.tr("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(self.tr("Select a run to see its message, its error and its steps."))
        self.addWidget(self.table)
        self.addWidget(self.details)
        self.setSizes([500, 200])

    def show_runs(self, runs: list[RunRecord]) -> None:
        signature = tuple((r.id, r.result, r.finished) for r in runs)
        if signature == self._signature:
            return  # unchanged: keep the selection and the scroll position
        selected = self._selected_run_id()
        self._signature, self._runs = signature, runs
        self.table.setRowCount(len(runs))
        for row, run in enumerate(runs):
            values = [local_time(run.started), texts.kind_name(run.kind), texts.result_name(run.result),
                      human_duration(run.duration), run.bundle or "", human_size(run.bytes)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, run.id)
                if column == 2 and run.result in ("failed", "rejected", "interrupted", "partial"):
                    item.setForeground(Qt.red if run.result != "partial" else Qt.darkYellow)
                self.table.setItem(row, column, item)
            if run.id == selected:
                self.table.selectRow(row)

    def _selected_run_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def _show_details(self) -> None:
        run_id = self._selected_run_id()
        run = next((r for r in self._runs if r.id == run_id), None)
        if run is None:
            self.details.clear()
            return
        trigger = self.tr("started by: %1").replace("%1", texts.trigger_name(run.trigger))
        lines = [f"#{run.id} {texts.kind_name(run.kind)} — {texts.result_name(run.result)} ({trigger})"]
        if run.message:
            lines.append(run.message)
        if run.error:
            lines += ["", self.tr("Error:"), run.error]
        try:
            steps = self.steps_of(run.id)
        except Exception as exc:
            steps = []
            lines.append(str(exc))
        if steps:
            lines += ["", self.tr("Steps:")]
            for step in steps:
                took = human_duration(step["finished"] - step["started"]) if step.get("finished") else ""
                line = f"  {texts.step_name(step['name'])}: {texts.result_name(step['result'])} {took}"
                if step.get("bytes"):
                    line += f", {human_size(step['bytes'])}"
                if step.get("error"):
                    line += f"\n    {step['error']}"
                lines.append(line)
        self.details.setPlainText("\n".join(lines))
