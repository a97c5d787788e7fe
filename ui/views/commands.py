"""The window's buttons and the work they start: *Assistente*, *Desfazer promoção*, *Testar
conexão*, *Executar agora* (each off the GUI thread through ``BackgroundOp``), then *Salvar* and
*Fechar*, which are the window's own."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton

from app.cycles import check_connections
from app.errors import ContingencyError, LockBusyError
from app.runs import run_once
from app.runtime.service import request_run_now

from .. import texts
from ..operations import BackgroundOp

if TYPE_CHECKING:
    from ..settings_window import SettingsWindow

log = logging.getLogger(__name__)

FAILED_RESULTS = ("failed", "partial", "rejected")


def run_cycle(settings, home, *, report, cancel) -> tuple[str, str, int]:
    """One backup or restore cycle as ``runs.run_once`` composes it (the e-mails leave before it
    returns): (result, message, run id); "busy" when another process holds the cycle lock."""
    try:
        result = run_once(settings, home, trigger="gui", on_progress=report, cancel=cancel, lock_wait_s=0)
    except LockBusyError as exc:
        return "busy", str(exc), 0
    return result.result, result.message, result.run_id


class CommandButtons(QObject):
    """The row of buttons under the tabs; ``row`` is its layout."""

    def __init__(self, window: "SettingsWindow") -> None:
        super().__init__(window)
        self.window = window
        self.cycle_op: BackgroundOp | None = None
        self.test_op: BackgroundOp | None = None
        self.undo_op: BackgroundOp | None = None
        self.last_cycle: tuple[str, str, int] | None = None
        self.connection_results: list = []
        self.row = QHBoxLayout()
        self.wizard_button = self._button(self.tr("Wizard"), self.open_wizard)
        self.undo_button = self._button(self.tr("Undo promotion"), self.undo_promotion)
        self.undo_button.setToolTip(self.tr("Put back the store settings the last promotion changed (hosts, paths)."))
        self.test_button = self._button(self.tr("Test connection"), self.test_connection)
        self.run_button = self._button(self.tr("Run now"), self.run_now)
        self.row.addStretch(1)
        self.save_button = self._button(self.tr("Save"), window.save)
        self.close_button = self._button(self.tr("Close"), window.close)
        self.save_button.setDefault(True)

    def _button(self, text: str, action) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(action)
        self.row.addWidget(button)
        return button

    def cycle_running(self) -> bool:
        return self.cycle_op is not None and self.cycle_op.running()

    # --- Assistente --------------------------------------------------------------------------
    def open_wizard(self) -> None:
        from ..wizard import PromotionWizard

        window = self.window
        dialog = PromotionWizard(window, window.home, window.collect())
        window._exec(dialog)
        # Finished or cancelled, what the Assistente saved (the promotion, the backups) is what
        # the window now shows and what Salvar starts from: the old mode cannot be written back.
        if dialog.saved_settings is not None or window.store.generation() != window.saved_generation:
            window.follow_saved()
            window.show_message(self.tr("The wizard saved the settings: the window shows them."))

    # --- Desfazer promoção -------------------------------------------------------------------
    def update_undo_button(self, status: dict) -> None:
        """Offered on a promoted machine while the promotion's undo record is there."""
        self.undo_button.setVisible(self.window.saved.mode == "official" and bool(status.get("promotion_undo")))

    def confirm_undo(self) -> bool:
        text = self.tr(
            "Undo the promotion?\n\n"
            "Put back: the values the promotion changed in the store database (the communication server of "
            "every store and the paths), in one transaction.\n\n"
            "Left as they are: the mode (this machine stays Official until you change it to Contingency and save), "
            "the fencing mark (PROMOTED.TXT) in the shared folders and the epoch, so the old official does not "
            "start publishing again by surprise, and the services the promotion started.")
        answer = QMessageBox.question(self.window, self.tr("Undo promotion"), text,
                                      QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Yes

    def undo_promotion(self) -> None:
        if self.undo_op is not None and self.undo_op.running() or not self.confirm_undo():
            return
        from app.promotion.undo import undo_promotion
        window = self.window
        settings = window.load_with_secrets()
        if settings is None:
            return
        self.undo_button.setEnabled(False)
        window.show_message(self.tr("Undoing the promotion..."))
        self.undo_op = BackgroundOp(self, lambda: undo_promotion(settings, window.home)) \
            .success(self._undone).failure(self._undo_failed).run()

    def _undone(self, report: str) -> None:
        self.undo_button.setEnabled(True)
        self.window.poller.poll()  # the button follows the undo record at the next reading
        self.window.show_message(texts.core_text(report, "Promotion"))

    def _undo_failed(self, exc: BaseException) -> None:
        self.undo_button.setEnabled(True)
        self.window.show_message(self.tr("The promotion could not be undone: %1").replace("%1", texts.core_text(exc)),
                                 error=True)

    # --- Testar conexão ----------------------------------------------------------------------
    def test_connection(self) -> None:
        if self.test_op is not None and self.test_op.running():
            return
        self.test_button.setEnabled(False)
        self.window.show_message(self.tr("Testing the connections..."))
        settings, home = self.window.collect_with_secrets(), self.window.home
        self.test_op = BackgroundOp(self, lambda: check_connections(settings, home)) \
            .success(self._connection_tested) \
            .failure(lambda exc: self._connection_tested([("test", False, exc)])).run()

    def _connection_tested(self, results: list) -> None:
        self.test_button.setEnabled(True)
        self.connection_results = results
        names = {"source": self.tr("Source"), "destination 1": self.tr("Destination 1"),
                 "destination 2": self.tr("Destination 2"), "database": self.tr("Database")}
        lines = [f"{'✔' if ok else '✘'} {names.get(label, label)}: {texts.core_text(message)}"
                 for label, ok, message in results]
        all_ok = all(ok for _label, ok, _message in results)
        self.window.show_message("\n".join(lines), error=not all_ok)
        box = QMessageBox(QMessageBox.Information if all_ok else QMessageBox.Warning, self.tr("Test connection"),
                          "\n\n".join(lines), QMessageBox.Ok, self.window)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()  # not exec(): the window stays responsive

    # --- Executar agora ------------------------------------------------------------------------
    def run_now(self) -> None:
        window = self.window
        if self.cycle_running():
            window.show_message(self.tr("A cycle is already running."))
            return
        if window.is_dirty() and not self._confirm_save_before_run():
            return
        if not window.saved.enabled:
            window.show_message(self.tr("Contingency mode is off: tick \"Enable contingency mode\" and save first."),
                                error=True)
            return
        if window.worker_status().get("running"):
            request_run_now(window.home)
            window.show_message(self.tr("The background service runs the cycles here: it was asked to run one now. "
                                        "Follow it in the Status tab."))
            return
        self._start_cycle()

    def _confirm_save_before_run(self) -> bool:
        answer = QMessageBox.question(self.window, self.tr("Run now"),
                                      self.tr("The changes must be saved before running. Save them now?"),
                                      QMessageBox.Save | QMessageBox.Cancel, QMessageBox.Save)
        return answer == QMessageBox.Save and self.window.save()

    def _start_cycle(self) -> None:
        window = self.window
        settings = window.load_with_secrets()
        if settings is None:
            return
        self.run_button.setEnabled(False)
        window.status_view.progress.setValue(0)
        window.show_message(self.tr("Running a cycle now..."))
        self.cycle_op = BackgroundOp(self, lambda report, cancel: run_cycle(settings, window.home, report=report,
                                                                            cancel=cancel),
                                     with_progress=True, cancellable=True) \
            .progress(self._cycle_progress).success(self._cycle_finished).failure(self._cycle_failed).run()

    def _cycle_progress(self, step: str, done: int, total: int) -> None:
        self.window.status_view.set_progress(step, int(done), int(total))
        # straight to the label: progress is not a notice the tray should repeat
        self.window.message.setStyleSheet("")
        self.window.message.setText(self.tr("Running: %1").replace("%1", texts.step_name(step)))

    def _cycle_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ContingencyError):
            self._cycle_finished(("failed", str(exc), 0))
            return
        # a bug must not kill the GUI; the log keeps the traceback
        log.error("cycle started from the GUI failed", exc_info=exc)
        self._cycle_finished(("failed", f"Unexpected error: {exc!r} (see the log).", 0))

    def _cycle_finished(self, outcome: tuple[str, str, int]) -> None:
        result, message, _run_id = outcome
        self.run_button.setEnabled(True)
        self.last_cycle = outcome
        if result == "busy":
            text = self.tr("Another process is running a cycle of this instance now; try again when it ends.")
            self.window.show_message(f"{text}\n{message}", error=True)
        else:
            self.window.show_message(f"{texts.result_name(result)}: {message}", error=result in FAILED_RESULTS)
        self.window.poller.poll()

    # --- closing -------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """A cycle is asked to stop; every operation still running is waited for."""
        if self.cycle_op is not None:
            self.cycle_op.cancel()
            self.cycle_op.wait(30)
        for op in (self.test_op, self.undo_op):
            if op is not None:
                op.wait(30)
